// The worker's Emulator, driven by hand under Node with the very system
// image the browser loads: the views' data must come from the real kernel.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../vm/host/node-files.js';
import type { Machine } from '../../vm/host/machine.js';
import { readElf } from '../../vm/asm/elf.js';
import { Driver, systemImage } from './helpers.js';
import { translateMessage } from '../../web/src/shared/i18n/i18n.js';
import type { Message } from '../../web/src/shared/i18n/i18n.js';
import { switchLabel } from '../../web/src/ui/views/switch-view.js';

const say = (m: Message): string => translateMessage('en', m);

/** A kernel symbol's address. */
function kernelSymbol(name: string): number {
  const r = readElf(systemImage().kernel!);
  if (!r.ok) throw new Error(r.error);
  const v = r.elf.lookup(name);
  if (v === undefined) throw new Error(`kernel has no ${name}`);
  return v;
}

describe('emulator: booting the kernel and reading it', () => {
  it('boots to the shell, runs ls, and reports fork, exec, exit and reap', async () => {
    const d = await new Driver().boot();
    await d.run();
    expect(d.console).toMatch(/glassbox:\/\$ $/);
    const out = await d.command('ls');
    expect(out).toMatch(/bin\s+dev\s+etc\s+tmp/);
    const names = d.events.map((e) => e.name);
    expect(names).toContain('fork');
    const exec = d.events.find((e) => e.name === 'exec' && e.detail === '/bin/ls');
    expect(exec).toBeDefined();
    expect(names).toContain('exit');
    expect(names).toContain('reap');
    expect(d.events.some((e) => e.category === 'syscall' && e.detail === 'write')).toBe(true);
    const s = await d.snap();
    const rows = s.processes!.rows;
    expect(rows.find((r) => r.pid === 1)).toMatchObject({ name: 'init', ppid: 0 });
    expect(rows.find((r) => r.name === 'sh')).toMatchObject({ ppid: 1, state: 'waiting', stateLabel: 'Waiting', stat: 'S' });
    expect(rows.some((r) => r.name === 'ls')).toBe(false); // reaped
    // The event ids ascend without gaps: the timeline links to them.
    const ids = d.events.map((e) => e.id);
    expect(ids).toEqual(ids.map((_, i) => ids[0] + i));
  });

  it('shows a zombie until its parent waits, and an orphan adopted by init', async () => {
    const d = await new Driver().boot();
    await d.run();
    // The parent runs ps while its child is a zombie: stop at that exec.
    d.emu.input('zombie\n');
    let z = await d.snap();
    for (let i = 0; i < 4 && !d.events.some((e) => e.name === 'exec' && e.detail === '/bin/ps'); i++) {
      d.emu.runTo('exec');
      z = await d.run((s) => s.status === 'paused');
    }
    const zombie = z.processes!.rows.find((r) => r.state === 'zombie')!;
    expect(zombie).toMatchObject({ name: 'zombie', stat: 'Z', stateLabel: 'Terminated (Zombie)' });
    d.emu.run();
    await d.run((s) => /\$ $/.test(d.console) && s.idle);
    expect(d.events.some((e) => e.name === 'reap' && e.args[2] === zombie.pid)).toBe(true);

    // The parent exits first: stop there, its child is already adopted by init.
    d.emu.input('orphan\n');
    d.emu.runTo('exit');
    const o = await d.run((s) => s.status === 'paused');
    const orphan = o.processes!.rows.find((r) => r.orphan)!;
    expect(orphan).toMatchObject({ name: 'orphan', ppid: 1 });
    expect(d.events.some((e) => e.name === 'reparent' && e.args[1] === orphan.pid)).toBe(true);
  });

  it('maps the address space of the selected process from its page tables', async () => {
    const d = await new Driver().boot();
    await d.run();
    const s0 = await d.snap();
    const sh = s0.processes!.rows.find((r) => r.name === 'sh')!;
    d.emu.select(sh.pid);
    const s = await d.snap();
    const sp = s.space!;
    expect(sp.pid).toBe(sh.pid);
    expect(sp.regions.map((r) => r.kind)).toEqual(expect.arrayContaining(['null', 'code', 'data', 'stack', 'kernel']));
    const code = sp.ptes.filter((p) => p.region === 'code');
    expect(code.length).toBeGreaterThan(0);
    expect(code.every((p) => !p.rw && p.us)).toBe(true);
    expect(sp.ptes.some((p) => p.region === 'stack' && p.rw)).toBe(true);
    expect(sp.regions.find((r) => r.kind === 'code')!.start).toBe(0x08048000);
    // init and sh are different programs; two shells would share code frames.
    expect(s.tlb!.entries.length).toBeGreaterThan(0);
    expect(s.tlb!.counters.CR3_WRITES).toBeGreaterThan(0);
  });
});

describe('emulator: when the guest fails', () => {
  it('reports a kernel panic with its message and a symbolized backtrace', async () => {
    const d = await new Driver().boot();
    await d.run();
    d.emu.runTo('syscall');
    d.emu.input('true\n');
    let s = await d.run((x) => x.status === 'paused');
    expect(s.cpu.cpl).toBe(0);
    // Call the kernel's panic("injected by the test") from here, as kernel code would.
    const m = (d.emu as unknown as { m: Machine }).m;
    const message = new TextEncoder().encode('injected by the test\0');
    let esp = (m.getReg('esp') - 64) >>> 0;
    const at = (va: number): number => {
      const t = m.translate(va);
      if (!t.ok) throw new Error('kernel stack unmapped');
      return t.phys;
    };
    m.writePhys(at(esp), message);
    const text = esp;
    esp -= 8;
    m.writePhys(at(esp), new Uint8Array(new Uint32Array([0, text]).buffer));
    m.setReg('esp', esp);
    m.eip = kernelSymbol('panic');
    d.emu.run();
    s = await d.run();
    expect(s.status).toBe('panic');
    expect(s.panic).toMatch(/^injected by the test/);
    expect(s.panic).toMatch(/kernel panic: injected by the test/);
    expect(s.panic).toMatch(/#\d+ 0x[0-9a-f]{8}.*\w+/);
    expect(d.events.some((e) => e.name === 'panic' && e.detail === 'injected by the test')).toBe(true);
    // Nothing runs any more; a reboot brings the shell back.
    d.emu.run();
    expect((await d.snap()).status).toBe('panic');
    await d.emu.reset();
    await d.run();
    expect(d.console).toMatch(/glassbox:\/\$ $/);
  });

  it('says why when the kernel is missing from the image, and still runs bare programs', async () => {
    const d = new Driver();
    const image = { ...systemImage(), kernel: undefined, kernelError: 'kernel/proc.c:1:1: error: broken' };
    const info = await d.emu.loadImage(image);
    expect(info).toMatchObject({ kernel: false, kernelError: 'kernel/proc.c:1:1: error: broken' });
    await d.emu.boot({ kind: 'kernel' }, true);
    const s = await d.snap();
    expect(s.status).toBe('error');
    expect(s.error).toMatch(/did not build:\nkernel\/proc\.c:1:1: error: broken/);
    await d.emu.boot({ kind: 'bare', name: 'hello' }, true);
    await d.run();
    expect(d.console).toMatch(/hello/i);
  });
});

describe('emulator: the debugger', () => {
  it('stops at a switching timer interrupt and walks the seven steps in order', async () => {
    const d = await new Driver().boot();
    await d.run();
    await d.command('spin &', true);
    await d.command('spin &', true);
    d.emu.runTo('switch');
    let s = await d.run((x) => x.status === 'paused');
    expect(s.status).toBe('paused');
    expect(s.cpu.cpl).toBe(0);
    expect(s.switch!.current).toBe(1);
    expect(switchLabel(s.switch!)).toMatch(/^1\/7 timer interrupt/);
    const seen = [1];
    for (let step = 2; step <= 7; step++) {
      d.emu.runTo('switch-step');
      s = await d.run((x) => x.status === 'paused');
      seen.push(s.switch!.current);
      expect(switchLabel(s.switch!).startsWith(`${step}/7`)).toBe(true);
      expect(s.code!.space).toBe('kernel');
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const picked = s.switch!.toPid!;
    expect(say(s.switch!.steps[6].detail)).toMatch(new RegExp(`tid ${picked} resumes`));
    d.emu.step('instruction'); // the iret
    s = await d.snap();
    expect(s.cpu.cpl).toBe(3);
    expect(s.switch!.current).toBe(0);
    expect(s.processes!.rows.find((r) => r.pid === picked)!.state).toBe('running');
  });

  it('shows threads of one process, their own stacks, and a switch between them that skips the CR3 write', async () => {
    const d = await new Driver().boot();
    await d.run();
    await d.command('spinthreads 2 &', true);
    let s = await d.run((x) => (x.processes?.rows.find((r) => r.name === 'spinthreads')?.threads.length ?? 0) === 2);
    const proc = s.processes!.rows.find((r) => r.name === 'spinthreads')!;
    expect(proc.threads.map((t) => t.tid)[0]).toBe(proc.pid);
    d.emu.select(proc.pid);
    s = await d.run((x) => (x.space?.threadStacks.length ?? 0) === 2, 50);
    const pages = new Set(s.space!.threadStacks.map((t) => t.esp >>> 12));
    expect(pages.size).toBe(2); // each thread its own stack
    // Only the two threads run: the next switch is between them, in one address space.
    d.emu.runTo('switch');
    s = await d.run((x) => x.status === 'paused');
    const seen = [s.switch!.current];
    for (let i = 0; i < 6 && seen.at(-1) !== 7; i++) {
      d.emu.runTo('switch-step');
      s = await d.run((x) => x.status === 'paused');
      seen.push(s.switch!.current);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(say(s.switch!.steps[5].detail)).toMatch(/same process\): no CR3 write/);
  });

  it('steps C lines in a user program; its breakpoints stop only in that program', async () => {
    const d = await new Driver().boot();
    await d.run();
    d.emu.toggleLineBreakpoint('programs/echo.c', lineOf('programs/echo.c', /int main/) + 1, 'echo');
    let s = await d.snap();
    expect(s.breakpoints).toHaveLength(1);
    expect(s.breakpoints[0].where).toMatch(/^main/);
    await d.command('ls'); // same virtual addresses in another program: must not stop
    expect(d.last!.status).toBe('running');
    d.emu.input('/bin/echo hi there\n');   // the program: `echo` alone is the shell's built-in
    s = await d.run((x) => x.status === 'paused');
    expect(say(s.stopNote!)).toMatch(/breakpoint at main/);
    expect(s.code!.space).toBe('user');
    expect(s.code!.program).toBe('echo');
    expect(s.code!.source!.file).toBe('programs/echo.c');
    const line0 = s.code!.source!.line;
    d.emu.step('over');
    s = await d.run((x) => x.status === 'paused');
    expect(s.code!.source!.file).toBe('programs/echo.c');
    expect(s.code!.source!.line).not.toBe(line0);
    expect(s.cpu.cpl).toBe(3);
    d.emu.toggleLineBreakpoint('programs/echo.c', lineOf('programs/echo.c', /int main/) + 1, 'echo');
    d.emu.run();
    await d.run((x) => /hi there\n/.test(d.console) && x.idle);
    expect(d.console).toMatch(/hi there\n/);
  });

  it('runs to the next fork and stops in the kernel function that recorded it', async () => {
    const d = await new Driver().boot();
    await d.run();
    d.emu.runTo('fork');
    d.emu.input('/bin/true\n');   // the program: `true` alone is the shell's built-in and forks nothing
    const s = await d.run((x) => x.status === 'paused');
    expect(say(s.stopNote!)).toMatch(/^fork: stopped in fork\+0x[0-9a-f]+ \(kernel\/proc\.c:\d+\)/);
    expect(s.code!.source!.file).toBe('kernel/proc.c');
    expect(d.events.at(-1)?.name === 'fork' || d.events.some((e) => e.name === 'fork')).toBe(true);
    expect(s.code!.stack.length).toBeGreaterThan(1);
  });

  it('runs at a chosen speed: slow motion executes at most that many instructions per second', async () => {
    const d = await new Driver().boot({ kind: 'bare', name: 'countdown' });
    d.emu.setSpeed(10);
    // The emulator paces itself; over any window it runs at most speed × the
    // window's length plus one second's allowance. (Measured over a window,
    // not one tick: a single tick right after a paced one may rightly run none.)
    const t0 = performance.now();
    const before = (await d.emu.progress()).instret;
    await new Promise((r) => setTimeout(r, 300));
    d.emu.tick();
    const after = (await d.emu.progress()).instret;
    const seconds = (performance.now() - t0) / 1000;
    expect(after - before).toBeGreaterThan(0);
    expect(after - before).toBeLessThanOrEqual(Math.ceil(10 * seconds) + 10);
    const s = await d.snap();
    expect(s.speed).toBe(10);
    expect(s.status).toBe('running');
  });

  it('steps over a call: the callee runs, the step ends on the next line', async () => {
    const d = await new Driver().boot({ kind: 'bare', name: 'countdown' });
    d.emu.pause();
    // Step to the first call, then over it: one step lands after it, the digit printed.
    let s = await d.snap();
    for (let i = 0; i < 10 && !/^call/.test(s.cpu.instruction); i++) {
      d.emu.step('instruction');
      s = await d.snap();
    }
    expect(s.cpu.instruction).toMatch(/^call print_digit/);
    const after = s.cpu.eip + 8;
    d.emu.step('over');
    s = await d.run((x) => x.status === 'paused');
    expect(s.cpu.eip).toBe(after);
    expect(say(s.stopNote!)).toMatch(/^examples\/countdown\.s:\d+$/);
    expect(d.console).toMatch(/(^|c)5 $/); // the callee printed one digit
  });

  it('runs a bare-machine demo: output, exit status, no processes', async () => {
    const d = await new Driver().boot({ kind: 'bare', name: 'countdown' });
    const s = await d.run();
    expect(d.console).toContain('5 4 3 2 1');
    expect(s.status).toBe('exited');
    expect(say(s.stopNote!)).toMatch(/status 42/);
    expect(say(s.processes!.note!)).toMatch(/bare/);
    expect(s.code!.space).toBe('bare');
  });
});

/** 1-based line of the first match in a repository file. */
function lineOf(path: string, re: RegExp): number {
  const lines = readFileSync(join(REPO_ROOT, path), 'utf8').split('\n');
  const i = lines.findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`${path}: no line matches ${re}`);
  return i + 1;
}
