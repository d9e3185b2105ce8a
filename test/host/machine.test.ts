// The host Machine and the bare runner: loading, running, inspecting without
// side effects, snapshots, and the `glassbox bare` command's contract.

import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleAndLink } from '../../vm/asm/index.js';
import { Machine } from '../../vm/host/machine.js';
import { MachineError } from '../../vm/host/machine-error.js';
import { COUNTER, INTERP_EXIT, JIT_EXIT } from '../../vm/isa/machine.js';
import { runBare, BARE_LOAD_ADDRESS } from '../../vm/host/bare.js';

function build(text: string): Uint8Array {
  const r = assembleAndLink([{ name: 'test.s', text }], { textBase: BARE_LOAD_ADDRESS });
  if (!r.elf) throw new Error(r.errors.join('\n'));
  return r.elf;
}

const COUNTDOWN = readFileSync('examples/countdown.s', 'utf8');

describe('runBare', () => {
  it('runs hello.s: output on the console, status 0', async () => {
    const r = await runBare(build(readFileSync('examples/hello.s', 'utf8')));
    expect(r.stop).toBe('exit');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Hello from the Glassbox bare machine!\n');
  });

  it('runs countdown.s: status 42 and the digits', async () => {
    const r = await runBare(build(COUNTDOWN));
    expect(r.stdout).toBe('5 4 3 2 1 \n');
    expect(r.status).toBe(42);
  });

  it('is deterministic to the cycle', async () => {
    const a = await runBare(build(COUNTDOWN));
    const b = await runBare(build(COUNTDOWN));
    expect(a.cycles).toBeGreaterThan(0);
    expect(b.cycles).toBe(a.cycles);
    expect(b.instret).toBe(a.instret);
  });

  it('reports a cycle limit on an endless loop', async () => {
    const r = await runBare(build('.globl _start\n_start: jmp _start\n'), { maxCycles: 100_000 });
    expect(r.stop).toBe('cycle-limit');
    expect(r.status).toBe(-1);
    expect(r.cycles).toBeGreaterThanOrEqual(100_000);
  });

  it('reports hlt with interrupts off as halt', async () => {
    const r = await runBare(build('.globl _start\n_start: cli\n hlt\n'));
    expect(r.stop).toBe('halt');
  });

  it('feeds stdin to a program that echoes the console', async () => {
    // Echo bytes until '.', polling the status port.
    const echo = `
      .globl _start
_start:
.wait:  in eax, 0xe1
        test eax, eax
        jz .wait
        in eax, 0xe0
        cmp eax, '.'
        je .done
        out 0xe9, eax
        jmp .wait
.done:  mov eax, 7
        out 0xf4, eax
`;
    const r = await runBare(build(echo), { stdin: 'abc.' });
    expect(r.stdout).toBe('abc');
    expect(r.status).toBe(7);
  });
});

describe('the run loop\'s exit codes', () => {
  it('give the interpreter\'s own codes numbers no compiled block returns', () => {
    const jit = new Set<number>(Object.values(JIT_EXIT));
    for (const [name, code] of Object.entries(INTERP_EXIT)) expect(jit.has(code), `INTERP_EXIT.${name}`).toBe(false);
    expect(new Set(Object.values(INTERP_EXIT)).size).toBe(Object.keys(INTERP_EXIT).length);
  });
});

describe('Machine', () => {
  it('rejects a bad configuration with a clear error', async () => {
    await expect(Machine.create({ ramBytes: 12345 })).rejects.toThrow(MachineError);
    await expect(Machine.create({ tlbEntries: 48 })).rejects.toThrow(/TLB/);
    await expect(Machine.create({ costs: { nonsense: 3 } as never })).rejects.toThrow(/unknown cost/);
    await expect(Machine.create({ stlbEntries: 8192 })).rejects.toThrow(/STLB entries is 8192; it must be at most 4096/);
    await expect(Machine.create({ stlbEntries: 1536, stlbWays: 8 })).rejects.toThrow(/entries must be ways × a power of two/);
    for (const jitThreshold of [0, -1, 1.5, 2 ** 32]) {
      await expect(Machine.create({ jitThreshold })).rejects.toThrow(/jitThreshold is .*; it must be a whole number of block entries/);
    }
    for (const jitStartCycles of [-1, 0.5, Infinity]) {
      await expect(Machine.create({ jitStartCycles })).rejects.toThrow(/jitStartCycles is .*; it must be a whole number of cycles/);
    }
  });

  it('has a second-level TLB when asked: default ways, its counters by name, its entries', async () => {
    const off = await Machine.create({ ramBytes: 1 << 20 });
    expect([off.options.stlbEntries, off.stlbEntries()]).toEqual([0, []]);
    expect(off.counters()).toMatchObject({ STLB_HITS: 0, STLB_MISSES: 0 });
    expect(Object.keys(off.counters())).toEqual(Object.keys(COUNTER));
    const skylake = await Machine.create({ ramBytes: 1 << 20, stlbEntries: 1536 });
    expect(skylake.options.stlbWays).toBe(12);
    expect((await Machine.create({ ramBytes: 1 << 20, stlbEntries: 512 })).options.stlbWays).toBe(8);
    expect((await Machine.create({ ramBytes: 1 << 20, stlbEntries: 6 })).options.stlbWays).toBe(6);
    expect(skylake.core.stlbSize()).toBe(1536);
    // Paging on over an identity map: one walk fills both levels, and both views show the page.
    const dir = 0x10000, table = 0x11000;
    skylake.writePhys(dir, u32s(table | 3));
    skylake.writePhys(table, u32s(...Array.from({ length: 64 }, (_, i) => (i << 12) | 3)));
    skylake.writePhys(0x1000, Uint8Array.from([0xff, 0xff, 0xff, 0xff]));
    skylake.setCr(3, dir);
    skylake.setCr(0, 0x80000000);
    skylake.eip = 0x1000;
    skylake.step(); // the fetch looks the page up (an undefined opcode then faults; no IDT: no matter)
    expect(skylake.tlbEntries().map((e) => e.vpn)).toContain(1);
    expect(skylake.stlbEntries().map((e) => [e.vpn, e.frame, e.pcid, e.rw, e.user, e.global])).toContainEqual([1, 1, 0, true, false, false]);
    expect(skylake.counters().STLB_MISSES).toBeGreaterThanOrEqual(1);
  });

  it('refuses a corrupt ELF without writing anything', async () => {
    const m = await Machine.create({ ramBytes: 4 << 20 });
    const elf = build(COUNTDOWN);
    const before = m.ram().slice();
    expect(() => m.loadElf(elf.subarray(0, 40))).toThrow(/cannot load ELF/);
    const corrupt = elf.slice();
    corrupt[0] = 0x7e;
    expect(() => m.loadElf(corrupt)).toThrow(MachineError);
    expect(Buffer.from(m.ram()).equals(Buffer.from(before))).toBe(true);   // 4 MiB: toEqual compares byte by byte, slowly
  });

  it('refuses an ELF that does not fit in RAM', async () => {
    const m = await Machine.create({ ramBytes: 1 << 20 }); // 1 MiB: the 1 MiB load address is just past the end
    expect(() => m.loadElf(build(COUNTDOWN))).toThrow(/does not fit/);
  });

  it('reinit clears everything a previous run wrote (RAM, registers, counters)', async () => {
    const m = await Machine.create({ ramBytes: 4 << 20 });
    m.eip = m.loadElf(build(COUNTDOWN)).entry;
    m.setReg('esp', m.ramSize);
    m.writePhys(m.ramSize - 4096, new Uint8Array(4096).fill(0xab));
    expect(m.run(1e6).reason).toBe('exit');
    m.reinit();
    expect(m.ram().every((b) => b === 0)).toBe(true);
    expect(m.cycles).toBe(0);
    expect(m.eip).toBe(0);
    expect(m.getReg('esp')).toBe(0);
    expect(Object.values(m.counters()).every((v) => v === 0)).toBe(true);
  });

  it('reads outside RAM as all-ones', async () => {
    const m = await Machine.create({ ramBytes: 1 << 20 });
    expect(m.readPhys32(m.ramSize)).toBe(0xffffffff);
    expect(Array.from(m.readPhys(m.ramSize - 2, 4))).toEqual([0, 0, 0xff, 0xff]);
  });

  it('translates through page tables without touching the TLB or its counters', async () => {
    const m = await Machine.create({ ramBytes: 4 << 20 });
    // Page directory at 0x1000, one page table at 0x2000 mapping virtual 0x00400000.. to physical 0x3000..
    const pd = 0x1000, pt = 0x2000;
    const w32 = (addr: number, v: number) => m.writePhys(addr, new Uint8Array(new Uint32Array([v]).buffer));
    w32(pd + (0x00400000 >>> 22) * 4, pt | 0x7);       // P RW US
    w32(pt + 0 * 4, 0x3000 | 0x5);                     // P US, read-only
    w32(pt + 1 * 4, 0x5000 | 0x7 | 0x40 | 0x100);      // P RW US D G
    m.setCr(3, pd);
    m.setCr(0, 0x8000_0000 | 0x1);
    const countersBefore = m.counters();
    const t0 = m.translate(0x00400123);
    expect(t0).toMatchObject({ ok: true, phys: 0x3123, writable: false, user: true, global: false, dirty: false });
    const t1 = m.translate(0x00401ffc);
    expect(t1).toMatchObject({ ok: true, phys: 0x5ffc, writable: true, global: true, dirty: true });
    expect(m.translate(0x00402000)).toMatchObject({ ok: false, reason: 'pte-not-present' });
    expect(m.translate(0x80000000)).toMatchObject({ ok: false, reason: 'pde-not-present' });
    m.writePhys(0x3120, new TextEncoder().encode('hi!\0'));
    expect(m.readCString(0x00400120)).toBe('hi!');
    expect(m.counters()).toEqual(countersBefore);
    expect(m.tlbEntries()).toEqual([]);
    // The walk set no A bits either.
    expect(m.readPhys32(pt) & 0x20).toBe(0);
  });

  it('restores a snapshot exactly: the same output, registers and cycles after it', async () => {
    const prog = build(`
      .globl _start
_start: mov ecx, 200
        mov ebx, 0
.loop:  add ebx, ecx
        mov eax, ecx
        and eax, 15
        add eax, 'a'
        out 0xe9, eax
        dec ecx
        jnz .loop
        mov eax, ebx
        and eax, 0xff
        out 0xf4, eax
`);
    const m = await Machine.create({ ramBytes: 4 << 20 });
    m.eip = m.loadElf(prog).entry;
    m.setReg('esp', m.ramSize);
    m.run(300);
    const snap = m.snapshot();
    const cyclesAtSnap = m.cycles;
    m.takeOutput();
    const first = m.run(1e6);
    const out1 = m.takeOutput();
    const regs1 = m.registers();
    const cycles1 = m.cycles;
    m.restore(snap);
    expect(m.cycles).toBe(cyclesAtSnap);
    const second = m.run(1e6);
    expect(m.takeOutput()).toBe(out1);
    expect(m.registers()).toEqual(regs1);
    expect(m.cycles).toBe(cycles1);
    expect(second.reason).toBe('exit');
    expect(first.exitStatus).toBe((200 * 201) / 2 & 0xff);
  });

  it('single-steps one instruction at a time', async () => {
    const m = await Machine.create({ ramBytes: 4 << 20 });
    m.eip = m.loadElf(build('.globl _start\n_start: mov eax, 1\n add eax, 2\n imul eax, eax, 5\n mov ebx, eax\n')).entry;
    m.step();
    expect(m.getReg('eax')).toBe(1);
    expect(m.instret).toBe(1);
    m.step();
    expect(m.getReg('eax')).toBe(3);
    m.step();
    expect(m.getReg('eax')).toBe(15);
    expect(m.getReg('ebx')).toBe(0);
    expect(m.eip).toBe(BARE_LOAD_ADDRESS + 3 * 8); // three 8-byte instructions (header + imm32)
  });

  it('stops at a breakpoint and continues past it', async () => {
    const m = await Machine.create({ ramBytes: 4 << 20 });
    m.eip = m.loadElf(build('.globl _start\n_start: mov eax, 1\nhere: mov eax, 2\n mov eax, 3\n out 0xf4, eax\n')).entry;
    const here = BARE_LOAD_ADDRESS + 8;
    m.addBreakpoint(here);
    const s1 = m.run(1000);
    expect(s1.reason).toBe('breakpoint');
    expect(m.eip).toBe(here);
    expect(m.getReg('eax')).toBe(1);
    const s2 = m.run(1000);
    expect(s2.reason).toBe('exit');
    expect(s2.exitStatus).toBe(3);
  });
});

describe('glassbox bare (the command)', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'vm/cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

  it('exits with the program status and prints its output', () => {
    const r = cli(['bare', 'examples/countdown.s', '--regs']);
    expect(r.stdout).toBe('5 4 3 2 1 \n');
    expect(r.status).toBe(42);
    expect(r.stderr).toMatch(/eax=0x0000002a/);
    expect(r.stderr).toMatch(/cycles=\d+ instructions=\d+/);
  });

  it('reports assembly errors as file:line:col and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gb-'));
    const file = join(dir, 'bad.s');
    writeFileSync(file, '.globl _start\n_start:\n  mvo eax, 1\n');
    const r = cli(['bare', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:3:3:`);
    expect(r.stdout).toBe('');
  });

  it('exits 124 at the cycle limit and 125 on hlt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gb-'));
    writeFileSync(join(dir, 'spin.s'), '.globl _start\n_start: jmp _start\n');
    writeFileSync(join(dir, 'halt.s'), '.globl _start\n_start: cli\n hlt\n');
    const spin = cli(['bare', join(dir, 'spin.s'), '--max-cycles', '5000']);
    expect(spin.status).toBe(124);
    expect(spin.stderr).toMatch(/cycle limit reached/);
    const halt = cli(['bare', join(dir, 'halt.s')]);
    expect(halt.status).toBe(125);
    expect(halt.stderr).toMatch(/halted/);
  });

  it('prints machine events with --trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gb-'));
    writeFileSync(join(dir, 'ud.s'), [
      '.globl _start',
      '_start: mov eax, handler          ; build the #UD gate at run time',
      '        mov [idt + 6*8], ax',
      '        mov word [idt + 6*8 + 2], 8',
      '        mov word [idt + 6*8 + 4], 0x8e00',
      '        shr eax, 16',
      '        mov [idt + 6*8 + 6], ax',
      '        lidt [idtr]',
      '        ud2',
      'handler: mov eax, 9',
      '        out 0xf4, eax',
      '        .data',
      'idtr:   .word 8*8-1',
      '        .long idt',
      'idt:    .zero 8*8',
    ].join('\n'));
    const r = cli(['bare', join(dir, 'ud.s'), '--trace']);
    expect(r.status).toBe(9);
    expect(r.stderr).toMatch(/exception 6 #UD invalid opcode from ring 0/);
  });

  it('rejects bad options clearly', () => {
    const r = cli(['bare', 'examples/hello.s', '--max-cycles', 'lots']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--max-cycles/);
    expect(execFileSync(process.execPath, ['--import', 'tsx', 'vm/cli/main.ts', '--help'], { encoding: 'utf8' })).toMatch(/glassbox bare/);
  });
});

function u32s(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  values.forEach((v, i) => new DataView(out.buffer).setUint32(i * 4, v >>> 0, true));
  return out;
}
