// The worker's install: a program built like the Editor builds it goes into
// /bin of the running machine through the host file channel, runs from the
// shell, and joins the Code view's programs with its source: a line
// breakpoint stops in it, the Code view shows its C, a step moves by C line;
// a new version replaces the old one's lines, source and breakpoints.

import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../vm/cc/build.js';
import { nodeReader } from '../../vm/host/node-files.js';
import { Driver } from './helpers.js';
import { translateMessage } from '../../web/src/shared/i18n/i18n.js';

/** mine.c: `twice` and a main that calls it, with `extra` lines in front (a later version). */
function mine(extra: string[] = [], says = 'mine'): { text: string; elf: Uint8Array } {
  const text = [...extra, '#include <stdio.h>', 'int twice(int x) {', '  return x * 2;', '}', 'int main(void) {',
    '  int a = 20;', '  int b = twice(a);', `  printf("${says} %d\\n", a + b);`, '  return 0;', '}', ''].join('\n');
  const built = buildProgram({ sources: [{ path: 'mine.c', text }], runtime: 'kernel', readFile: nodeReader() });
  expect(built.errors).toEqual([]);
  return { text, elf: built.elf! };
}

/** A booted kernel waiting at the shell's prompt. */
async function atPrompt(): Promise<Driver> {
  const d = await new Driver().boot();
  await d.run((s) => s.idle);
  return d;
}

/** Run until the machine pauses (a breakpoint, a step's end). */
const paused = (d: Driver) => d.run((x) => x.status === 'paused');

/** Clear the breakpoint on mine.c's line, run on, and see the program end with `printed`. */
async function clearAndFinish(d: Driver, line: number, printed: RegExp): Promise<void> {
  d.emu.toggleLineBreakpoint('mine.c', line, 'mine');
  d.emu.run();
  await d.run((x) => printed.test(d.console) && x.idle);
  expect(d.console).toMatch(printed);
}

describe('installing from the worker', () => {
  it('puts a built program into /bin of the running kernel, where the shell runs it', async () => {
    const d = await atPrompt();
    const built = buildProgram({
      sources: [{ path: 'mine.c', text: '#include <stdio.h>\nint main(void) { printf("mine runs\\n"); return 4; }\n' }],
      runtime: 'kernel', readFile: nodeReader(),
    });
    expect(built.errors).toEqual([]);
    const pending = d.emu.install('mine', built.elf!);
    const outcome = await pending;
    expect(outcome).toMatchObject({ ok: true, path: '/bin/mine', size: built.elf!.length });
    await d.run((s) => s.idle);
    expect(d.console).toMatch(/\[installed \/bin\/mine, \d+ bytes\]/);
    const out = await d.command('mine');
    expect(out).toContain('mine runs\n[exit status 4]');
  });

  it('registers the source: a line breakpoint stops in the program, the Code view shows its C, a step moves one line', async () => {
    const d = await atPrompt();
    const v1 = mine();
    expect(await d.emu.install('mine', v1.elf, [{ path: 'mine.c', text: v1.text }])).toMatchObject({ ok: true });
    expect(d.emu.toggleLineBreakpoint('mine.c', 4, 'mine')).toBe(false); // `}`: no code
    expect(d.emu.toggleLineBreakpoint('mine.c', 6, 'mine')).toBe(true);
    let s = await d.snap();
    expect(s.breakpoints).toMatchObject([{ space: 'mine', file: 'mine.c', line: 6, where: expect.stringMatching(/^main/) }]);
    d.emu.input('mine\n');
    s = await paused(d);
    expect(translateMessage('en', s.stopNote!)).toMatch(/breakpoint at main\+0x[0-9a-f]+/);
    expect(s.code).toMatchObject({ space: 'user', program: 'mine' });
    const src = s.code!.source!;
    expect(src).toMatchObject({ file: 'mine.c', line: 6, first: 1, breakpoints: [6] });
    expect(src.lines.slice(0, 10)).toEqual(v1.text.split('\n').slice(0, 10));
    expect(src.codeLines).toEqual(expect.arrayContaining([2, 3, 5, 6, 7, 8, 9]));
    d.emu.step('over');
    s = await paused(d);
    expect(s.code!.source).toMatchObject({ file: 'mine.c', line: 7 });
    d.emu.step('line');
    s = await paused(d);
    expect(s.code!.source).toMatchObject({ file: 'mine.c', line: 2 }); // twice's first line
    d.emu.step('over');
    s = await paused(d);
    expect(s.code!.source).toMatchObject({ file: 'mine.c', line: 3 });
    expect(s.code!.stack.slice(0, 2).map((f) => f.where.replace(/\+.*/, ''))).toEqual(['twice', 'main']);
    await clearAndFinish(d, 6, /mine 60\n/);
  });

  it('a new version replaces the old one\'s lines and source, and the breakpoint moves to the same line in it', async () => {
    const d = await atPrompt();
    const v1 = mine();
    expect(await d.emu.install('mine', v1.elf, [{ path: 'mine.c', text: v1.text }])).toMatchObject({ ok: true });
    expect(d.emu.toggleLineBreakpoint('mine.c', 7, 'mine')).toBe(true);
    const before = (await d.snap()).breakpoints[0];
    // Two lines more in front: line 7 is now `int main(void) {`, at another address.
    const v2 = mine(['// version 2', '// with two lines in front'], 'mine2');
    expect(await d.emu.install('mine', v2.elf, [{ path: 'mine.c', text: v2.text }])).toMatchObject({ ok: true });
    const after = (await d.snap()).breakpoints;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ space: 'mine', file: 'mine.c', line: 7 });
    expect(after[0].addr).not.toBe(before.addr);
    d.emu.input('mine\n');
    const s = await paused(d);
    const src = s.code!.source!;
    expect(src).toMatchObject({ file: 'mine.c', line: 7 });
    expect(src.lines[7 - src.first]).toBe('int main(void) {');
    expect(src.lines[0]).toBe('// version 2');
    await clearAndFinish(d, 7, /mine2 60\n/);
  });

  it('a process still running the old version is shown with the old source, and the new version\'s breakpoints do not stop it', async () => {
    const d = await atPrompt();
    const spinner = (version: string): { text: string; elf: Uint8Array } => {
      const text = [`// spinner ${version}`, '#include <stdio.h>', 'static int n;', 'int main(void) {',
        `  printf("spinning ${version}\\n");`, '  for (;;)', '    n++;', '}', ''].join('\n');
      const built = buildProgram({ sources: [{ path: 'spin2.c', text }], runtime: 'kernel', readFile: nodeReader() });
      expect(built.errors).toEqual([]);
      return { text, elf: built.elf! };
    };
    const v1 = spinner('v1');
    expect(await d.emu.install('spin2', v1.elf, [{ path: 'spin2.c', text: v1.text }])).toMatchObject({ ok: true });
    d.emu.input('spin2 &\n');
    await d.run(() => /spinning v1/.test(d.console));
    const v2 = spinner('v2');
    expect(await d.emu.install('spin2', v2.elf, [{ path: 'spin2.c', text: v2.text }])).toMatchObject({ ok: true });
    // v2's loop line, at v2's address: v1 runs its own copy of that loop, and must not stop there.
    expect(d.emu.toggleLineBreakpoint('spin2.c', 7, 'spin2')).toBe(true);
    for (let i = 0; i < 20; i++) d.emu.tick();
    d.emu.pause();
    const s = await d.snap();
    expect(s.status).toBe('paused');
    expect(s.stopNote ? translateMessage('en', s.stopNote) : '').not.toMatch(/breakpoint/);
    expect(s.cpu.cpl).toBe(3);
    expect(s.code!.program).toBe('spin2');
    expect(s.code!.source!.lines[0]).toBe('// spinner v1');
  });

  it('refuses what is not a program, naming why', async () => {
    const d = await atPrompt();
    const r = await d.emu.install('junk', new Uint8Array(64));
    expect(r.ok).toBe(false);
    expect(!r.ok && translateMessage('en', r.message)).toMatch(/^not a program: junk: .*magic/);
  });

  it('says why when there is no kernel to install into', async () => {
    const d = new Driver();
    await d.emu.loadImage((await import('./helpers.js')).systemImage());
    await d.emu.boot({ kind: 'bare', name: 'hello' }, true);
    const r = await d.emu.install('x', new Uint8Array(8));
    expect(!r.ok && translateMessage('en', r.message)).toBe("programs install into the kernel's /bin: boot the kernel first");
  });
});
