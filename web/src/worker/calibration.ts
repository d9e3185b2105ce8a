// Host time per TLB miss and per TLB flush: what the emulator spends, in
// host nanoseconds, when the guest misses the TLB or flushes it. Guest
// cycles come from the cycle model and are the same everywhere; these
// figures are this computer's, and the Lab shows them labelled as such.
//
// Measured on a scratch Machine (never the one the user runs), by
// difference, so the cost of the surrounding instructions cancels:
//   - misses: the benchmark's memory loop (test/bench/loops.ts (b) and (c)),
//     the same instructions over 16 pages (all hit in a 64-entry TLB) and
//     over 1024 pages (every access misses): ns per miss = time difference /
//     difference in TLB_MISSES;
//   - flushes: a loop that touches 32 pages and writes CR3, against the same
//     loop with `mov edx, edx` in place of the CR3 write: ns per flush =
//     time difference / difference in full flushes. That is the flush with
//     its refill (the 32 pages and the code page miss again after it), as a
//     context switch pays it; subtracting the refill at the per-miss figure
//     does not work, because misses into a just-emptied TLB (no eviction)
//     cost the host less than the memory loop's.
// Each pair runs interleaved a few times (a busy host weighs on both alike);
// the median of each is kept.

import { assembleAndLink } from '../../../vm/asm/index.js';
import { Machine } from '../../../vm/host/machine.js';
import type { Register } from '../../../vm/host/machine.js';
import type { HostCalibration } from '../shared/protocol.js';

const RAM = 16 << 20;
const PAGE_DIRECTORY = 0x40_0000;
const PAGE_TABLES = 0x40_1000;
const ARRAY = 0x80_0000;
const ROUNDS = 3;
const MISS_ITERATIONS = 200_000;
const FLUSH_ITERATIONS = 4_000;
const TOUCHED = 32;

const SOURCE = `
        .text
        .globl _start
; esi = array, ebx = working set - 1, ecx = iterations
_start:
mem_loop:
        xor eax, eax
        xor edi, edi
.loop:
        mov edx, [esi + edi]
        add eax, edx
        mov [esi + edi], eax
        add edi, 4096 + 64
        and edi, ebx
        dec ecx
        jnz .loop
        out 0xf4, eax
; esi = array, ecx = iterations, edx = cr3
flush_loop:
        mov edi, esi
        mov ebp, ${TOUCHED}
.t1:
        mov eax, [edi]
        add edi, 4096
        dec ebp
        jnz .t1
        mov cr3, edx
        dec ecx
        jnz flush_loop
        xor eax, eax
        out 0xf4, eax
warm_loop:
        mov edi, esi
        mov ebp, ${TOUCHED}
.t2:
        mov eax, [edi]
        add edi, 4096
        dec ebp
        jnz .t2
        mov edx, edx
        dec ecx
        jnz warm_loop
        xor eax, eax
        out 0xf4, eax
`;

interface Sample {
  ms: number;
  misses: number;
  flushes: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function program(): { elf: Uint8Array; symbols: Map<string, number> } {
  const r = assembleAndLink([{ name: 'calibration.s', text: SOURCE }], { textBase: 0x10_0000 });
  if (!r.elf || !r.map) throw new Error(`the calibration loops do not build: ${r.errors.join('; ')}`);
  return { elf: r.elf, symbols: new Map(r.map.symbols.map((s) => [s.name, s.address])) };
}

/** Identity-map 16 MiB with 4 KiB pages and turn paging on. */
function enablePaging(m: Machine): void {
  const tables = new Uint32Array(4096);
  for (let i = 0; i < 4096; i++) tables[i] = (i * 4096) | 7;
  m.writePhys(PAGE_TABLES, new Uint8Array(tables.buffer));
  const dir = new Uint32Array(4);
  for (let i = 0; i < 4; i++) dir[i] = (PAGE_TABLES + i * 4096) | 7;
  m.writePhys(PAGE_DIRECTORY, new Uint8Array(dir.buffer));
  m.setCr(3, PAGE_DIRECTORY);
  m.setCr(0, 0x8000_0001);
}

export class Calibrator {
  private constructor(private readonly m: Machine, private readonly start: Uint8Array, private readonly symbols: Map<string, number>) {}

  static async create(): Promise<Calibrator> {
    const { elf, symbols } = program();
    const m = await Machine.create({ ramBytes: RAM, tlbEntries: 64, tlbWays: 4, tlbPolicy: 'lru' });
    m.loadElf(elf);
    enablePaging(m);
    return new Calibrator(m, m.snapshot(), symbols);
  }

  private run(entry: string, regs: Record<string, number>): Sample {
    const m = this.m;
    m.restore(this.start);
    const at = this.symbols.get(entry);
    if (at === undefined) throw new Error(`calibration: no symbol ${entry}`);
    m.eip = at;
    for (const [r, v] of Object.entries(regs)) m.setReg(r as Register, v);
    const before = m.counters();
    const t0 = performance.now();
    const stop = m.run(2_000_000_000);
    const ms = performance.now() - t0;
    if (stop.reason !== 'exit') throw new Error(`calibration loop ${entry} stopped with '${stop.reason}'`);
    const after = m.counters();
    return { ms, misses: after.TLB_MISSES - before.TLB_MISSES, flushes: after.TLB_FULL_FLUSHES - before.TLB_FULL_FLUSHES };
  }

  /** Run both pairs of loops and work out the host time per miss and per flush. */
  measure(): HostCalibration {
    const hit: Sample[] = [], miss: Sample[] = [], flush: Sample[] = [], warm: Sample[] = [];
    const mem = (pages: number) => ({ esi: ARRAY, ebx: pages * 4096 - 1, ecx: MISS_ITERATIONS });
    const cr3 = { esi: ARRAY, ecx: FLUSH_ITERATIONS, edx: PAGE_DIRECTORY };
    this.run('mem_loop', mem(16)); // warm-up: V8 compiles the core
    for (let i = 0; i < ROUNDS; i++) {
      hit.push(this.run('mem_loop', mem(16)));
      miss.push(this.run('mem_loop', mem(1024)));
      flush.push(this.run('flush_loop', cr3));
      warm.push(this.run('warm_loop', cr3));
    }
    const m = (xs: Sample[], k: keyof Sample): number => median(xs.map((x) => x[k]));
    const nsPerMiss = ((m(miss, 'ms') - m(hit, 'ms')) * 1e6) / (m(miss, 'misses') - m(hit, 'misses'));
    const nsPerFlush = ((m(flush, 'ms') - m(warm, 'ms')) * 1e6) / (m(flush, 'flushes') - m(warm, 'flushes'));
    return {
      nsPerMiss,
      nsPerFlush,
      how:
        `host ns per TLB miss: the same memory loop over 16 and over 1024 pages (${MISS_ITERATIONS} accesses each), ` +
        `time difference / miss difference; per flush: a loop touching ${TOUCHED} pages with and without a CR3 write ` +
        `(${FLUSH_ITERATIONS} iterations), time difference less the extra misses, / flush difference; medians of ${ROUNDS}`,
    };
  }
}
