// Tests of the benchmark's own machinery: the x86 emitter encodes what the
// Intel manual says, the reference loops compute what the guest loops
// compute, the v86 kernel boots and produces those results, and the
// Glassbox mini kernel assembles. (Timings are never asserted.)

import { describe, expect, it } from 'vitest';
import { X86, EAX, EBX, ECX, EDX, ESP, EBP, ESI, EDI } from './x86.js';
import { ALU_SEED, aluLoopTs, memLoopTs, MEM_STRIDE } from './loops.js';
import { buildV86Kernel, runV86 } from './v86-ref.js';
import { buildGlassboxKernel, entriesDroppedPerCr3Write, GLASSBOX_LOOPS, GlassboxConfig, GlassboxLoop, runGlassbox } from './glassbox.js';
import { median, round3, summarize } from './stats.js';
import { timeAluTs, timeMemTs } from './ts-ref.js';
import { processCache } from '../../vm/host/jit/shared-cache.js';
import { SHORT_RUN_JIT } from '../kernel/helpers.js';
import { DEFAULT_JIT_START_CYCLES } from '../../vm/host/machine-config.js';
import { JIT_LIMITS } from '../../vm/isa/machine.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('x86 emitter', () => {
  // Expected bytes checked against `objdump -D -b binary -m i386 -M intel`.
  it.each([
    ['mov ebp, 8', (a: X86) => a.movRI(EBP, 8), 'bd 08 00 00 00'],
    ['mov edx, ebx', (a: X86) => a.movRR(EDX, EBX), '89 da'],
    ['mov edx, [esi+edi]', (a: X86) => a.movRM(EDX, { base: ESI, index: EDI }), '8b 94 3e 00 00 00 00'],
    ['mov [esi+edi], eax', (a: X86) => a.movMR({ base: ESI, index: EDI }, EAX), '89 84 3e 00 00 00 00'],
    ['mov eax, [esp+4]', (a: X86) => a.movRM(EAX, { base: ESP, disp: 4 }), '8b 84 24 04 00 00 00'],
    ['mov eax, [edi*4+0x100]', (a: X86) => a.movRM(EAX, { index: EDI, scale: 4, disp: 0x100 }), '8b 04 bd 00 01 00 00'],
    ['mov [0x200000], eax', (a: X86) => a.movMR({ disp: 0x200000 }, EAX), '89 05 00 00 20 00'],
    ['mov dword [ebx+8], 0x1234', (a: X86) => a.movMI({ base: EBX, disp: 8 }, 0x1234), 'c7 83 08 00 00 00 34 12 00 00'],
    ['lea eax, [eax+ecx*8-4]', (a: X86) => a.lea(EAX, { base: EAX, index: ECX, scale: 8, disp: -4 }), '8d 84 c8 fc ff ff ff'],
    ['add eax, ecx', (a: X86) => a.addRR(EAX, ECX), '01 c8'],
    ['xor ebx, eax', (a: X86) => a.xorRR(EBX, EAX), '31 c3'],
    ['add ebx, 0x9e3779b9', (a: X86) => a.addRI(EBX, 0x9e3779b9), '81 c3 b9 79 37 9e'],
    ['and edi, 0xffff', (a: X86) => a.andRI(EDI, 0xffff), '81 e7 ff ff 00 00'],
    ['dec ecx', (a: X86) => a.decR(ECX), '49'],
    ['shr edx, 3', (a: X86) => a.shrRI(EDX, 3), 'c1 ea 03'],
    ['inc dword [0x5000]', (a: X86) => a.incM({ disp: 0x5000 }), 'ff 05 00 50 00 00'],
    ['out dx, al', (a: X86) => a.outDxAl(), 'ee'],
    ['mov cr3, eax', (a: X86) => a.movCrR(3, EAX), '0f 22 d8'],
    ['mov eax, cr0', (a: X86) => a.movRCr(EAX, 0), '0f 20 c0'],
    ['lidt [0x3000]', (a: X86) => a.lidt(0x3000), '0f 01 1d 00 30 00 00'],
    ['ltr ax', (a: X86) => a.ltr(EAX), '0f 00 d8'],
    ['mov ss, eax', (a: X86) => a.movSregR(2, EAX), '8e d0'],
  ])('%s', (_name, emit, bytes) => {
    const a = new X86(0x1000);
    emit(a);
    expect(hex(a.bytes())).toBe(bytes);
  });

  it('resolves backward and forward branches and label addresses', () => {
    const a = new X86(0x1000);
    a.label('top');
    a.jnz('top');          // 0x1000: 0f 85 rel32 -> -6
    a.jmp('end');          // 0x1006: e9 rel32 -> +5 (skips the push)
    a.pushL('top');        // 0x100b: 68 00 10 00 00
    a.label('end');
    a.jmpFar(8, 'end');    // 0x1010: ea 10 10 00 00 08 00
    expect(hex(a.bytes())).toBe('0f 85 fa ff ff ff e9 05 00 00 00 68 00 10 00 00 ea 10 10 00 00 08 00');
  });

  it('refuses an undefined label and esp as an index', () => {
    const a = new X86(0);
    a.jmp('nowhere');
    expect(() => a.bytes()).toThrow(/undefined label nowhere/);
    expect(() => new X86(0).movRM(EAX, { base: EAX, index: ESP })).toThrow(/esp/);
  });
});

describe('reference loops', () => {
  it('ALU loop: one iteration by hand', () => {
    // eax = 0 + 1; ebx = seed ^ 1; edx = ebx >>> 3; eax += edx
    expect(aluLoopTs(1)).toBe((1 + ((ALU_SEED ^ 1) >>> 3)) >>> 0);
  });

  it('memory loop: walks the array a page and a line at a time, wrapping at the working set', () => {
    const mem = new Int32Array(8192 / 4);
    mem[0] = 5;
    mem[MEM_STRIDE / 4] = 7;
    // iteration 1 reads 5 at offset 0 and stores 5; iteration 2 reads 7 at 4160 and stores 12;
    // iteration 3 wraps to (2 * 4160) & 8191 = 128 and reads 0.
    expect(memLoopTs(mem, 3, 8192)).toBe(12);
    expect([mem[0], mem[MEM_STRIDE / 4], mem[128 / 4]]).toEqual([5, 12, 12]);
  });

  it('TypeScript timing returns one result per repetition, the array persisting between them', () => {
    const alu = timeAluTs(1000, 2);
    expect(alu.results).toEqual([aluLoopTs(1000), aluLoopTs(1000)]);
    const mem = timeMemTs(1000, 65536, 2);
    const array = new Int32Array(65536 / 4);
    expect(mem.results).toEqual([memLoopTs(array, 1000, 65536), memLoopTs(array, 1000, 65536)]);
    expect(mem.mipsPerRep).toHaveLength(2);
  });

  it('rejects a working set that is not a power of two', () => {
    expect(() => timeMemTs(10, 3 * 4096, 1)).toThrow(/power of two/);
  });
});

describe('statistics', () => {
  it('median, summary and rounding', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, n: 3 });
    expect(round3(1234.567)).toBe(1235);
    expect(round3(0.012345)).toBe(0.0123);
  });
});

describe('v86 reference kernel', () => {
  it('has a valid multiboot header (address-fields form)', () => {
    const image = buildV86Kernel({ loop: { kind: 'alu', iterations: 10 }, reps: 1, paging: false, user: false, timer: false });
    const w = new DataView(image.buffer);
    const [magic, flags, checksum] = [w.getUint32(0, true), w.getUint32(4, true), w.getUint32(8, true)];
    expect(magic).toBe(0x1badb002);
    expect(flags).toBe(0x10000);
    expect((magic + flags + checksum) >>> 0).toBe(0);
    const [load, entry] = [w.getUint32(16, true), w.getUint32(28, true)];
    expect(entry).toBeGreaterThan(load);
    expect(entry).toBeLessThan(load + image.length);
  });

  it('runs the ALU loop in ring 0 and leaves the reference result', async () => {
    const run = await runV86({ loop: { kind: 'alu', iterations: 100_000 }, reps: 2, paging: false, user: false, timer: false });
    expect(run.results).toEqual([aluLoopTs(100_000), aluLoopTs(100_000)]);
    expect(run.reps).toHaveLength(2);
    expect(run.instructionsPerRep).toBe(800_000);
  });

  it('runs the memory loop in ring 3 with paging and the timer, taking timer interrupts', async () => {
    const iterations = 3_000_000;
    const run = await runV86({ loop: { kind: 'mem', iterations, workingSet: 65536 }, reps: 3, paging: true, user: true, timer: true });
    const array = new Int32Array(65536 / 4);
    expect(run.results).toEqual([0, 1, 2].map(() => memLoopTs(array, iterations, 65536)));
    // The PIT runs at 1 kHz of host time; v86 delivers ticks between its 1 ms slices.
    expect(run.ticks).toBeGreaterThan(0);
  });
});

describe('Glassbox mini kernel', () => {
  it.each(Object.keys(GLASSBOX_LOOPS) as GlassboxLoop[])('assembles and links for the %s loop', (loop) => {
    const elf = buildGlassboxKernel({
      loop, iterations: 1000, workingSet: 65536, paging: true, user: loop === 'mem', timerPeriod: 100_000, touchPages: 64,
      sliceCycles: 1_000_000,
    });
    expect(Array.from(elf.subarray(0, 4))).toEqual([0x7f, 0x45, 0x4c, 0x46]);
  });

  const config = (c: Partial<GlassboxConfig> & { loop: GlassboxLoop }): GlassboxConfig => ({
    iterations: 10_000, paging: false, user: false, timerPeriod: 0, sliceCycles: 1_000_000, ...c,
  });

  it('runs the ALU loop on the bare machine and leaves the reference result', async () => {
    const [run] = await runGlassbox(config({ loop: 'alu', iterations: 100_000 }), 1, 0);
    expect(run.result).toBe(aluLoopTs(100_000));
    expect(run.instructions).toBeGreaterThan(800_000);
    expect(run.instructions).toBeLessThan(800_000 + 5_000); // the setup is small
    expect(run.counters.TLB_HITS + run.counters.TLB_MISSES).toBe(0); // paging off: no lookups
  });

  it('runs each loop to the same cycle, instruction and counters on both tiers, and compiles it', async () => {
    for (const c of [
      config({ loop: 'alu', iterations: 200_000 }),
      config({ loop: 'mem', iterations: 100_000, workingSet: 4 << 20, paging: true, user: true, timerPeriod: 100_000 }),
    ]) {
      const [interp] = await runGlassbox({ ...c, jit: false }, 1, 0);
      processCache.clear(); // an earlier test's machine compiled these blocks: this one must compile them itself
      const [jit] = await runGlassbox({ ...c, jit: true, tier: SHORT_RUN_JIT }, 1, 0);
      expect(interp.jit).toBeUndefined();
      expect({ cycles: jit.cycles, instructions: jit.instructions, result: jit.result, counters: jit.counters })
        .toEqual({ cycles: interp.cycles, instructions: interp.instructions, result: interp.result, counters: interp.counters });
      expect(jit.jit!.compiled).toBeGreaterThan(0);
      expect(jit.jit!.codeBytes).toBeGreaterThan(0);
    }
  });

  it('with the default tier, compiles a loop once it has run long enough', async () => {
    // The tier starts after DEFAULT_JIT_START_CYCLES and compiles a block after HOT_THRESHOLD entries.
    processCache.clear();
    const [short] = await runGlassbox(config({ loop: 'alu', iterations: 200_000 }), 1, 0);
    processCache.clear();
    const [long] = await runGlassbox(config({ loop: 'alu', iterations: 6_000_000 }), 1, 0);
    expect(short.cycles).toBeLessThan(DEFAULT_JIT_START_CYCLES);
    expect({ compiled: short.jit!.compiled, entered: short.jit!.entered }).toEqual({ compiled: 0, entered: 0 });
    expect(long.cycles).toBeGreaterThan(DEFAULT_JIT_START_CYCLES + 8 * JIT_LIMITS.HOT_THRESHOLD);
    expect(long.jit!.compiled).toBeGreaterThan(0);
    expect(long.jit!.entered).toBeGreaterThan(0);
    expect(long.jit!.startsInCycles).toBe(0);
  });

  it('runs the memory loop in ring 3 with paging and the timer, every sample from the same state', async () => {
    const iterations = 200_000;
    const runs = await runGlassbox(
      config({ loop: 'mem', iterations, workingSet: 65536, paging: true, user: true, timerPeriod: 100_000 }), 2, 0);
    const expected = memLoopTs(new Int32Array(65536 / 4), iterations, 65536);
    for (const run of runs) {
      expect(run.result).toBe(expected);
      expect(run.ticks).toBeGreaterThan(0);
      expect(run.counters.INTERRUPTS).toBe(run.ticks);
      // A load and a store per iteration; the 16 pages stay in the TLB.
      expect(run.counters.TLB_HITS).toBeGreaterThanOrEqual(2 * iterations);
      expect(run.counters.TLB_MISSES).toBeLessThan(100);
    }
    expect(runs[1].cycles).toBe(runs[0].cycles); // deterministic
  });

  it('misses the TLB on every access when the working set is 1024 pages', async () => {
    const iterations = 20_000;
    const [run] = await runGlassbox(
      config({ loop: 'mem', iterations, workingSet: 4 << 20, paging: true, user: true, timerPeriod: 100_000 }), 1, 0);
    expect(run.result).toBe(memLoopTs(new Int32Array((4 << 20) / 4), iterations, 4 << 20));
    // The load misses, the store to the same page hits.
    expect(run.counters.TLB_MISSES).toBeGreaterThanOrEqual(iterations);
    expect(run.counters.TLB_HITS).toBeGreaterThanOrEqual(iterations);
  });

  it('CR3 loops: the flush loop drops a full TLB per write and misses on every page; the warm loop does not', async () => {
    const cr3 = (loop: GlassboxLoop) => config({ loop, iterations: 50, paging: true, touchPages: 64 });
    const [flush] = await runGlassbox(cr3('cr3-flush'), 1, 0);
    const [warm] = await runGlassbox(cr3('cr3-warm'), 1, 0);
    const [empty] = await runGlassbox(cr3('cr3-empty'), 1, 0);
    expect(flush.counters.CR3_WRITES).toBe(1 + 50); // the setup's and one per iteration
    expect(empty.counters.CR3_WRITES).toBe(1 + 9 * 50);
    // After each of the 8 extra writes the next fetch misses: 64 + 8 misses per iteration.
    expect(empty.counters.TLB_MISSES).toBeGreaterThanOrEqual(72 * 50);
    expect(warm.counters.CR3_WRITES).toBe(1);
    expect(flush.counters.TLB_MISSES).toBeGreaterThanOrEqual(64 * 50);
    expect(warm.counters.TLB_MISSES).toBeLessThan(100);
    expect(warm.counters.TLB_HITS).toBeGreaterThanOrEqual(64 * 49);
    expect(await entriesDroppedPerCr3Write(cr3('cr3-flush'))).toBe(64);
  });

  it('reports an unexpected exception with the faulting frame', async () => {
    // A working set beyond the 16 MiB the kernel maps: iteration 2017 reaches past it and page-faults.
    await expect(runGlassbox(config({ loop: 'mem', iterations: 3000, workingSet: 32 << 20, paging: true, user: true }), 1, 0))
      .rejects.toThrow(/unexpected exception/);
  });
});

