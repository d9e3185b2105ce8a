// Every Editor template does in the machine what its comment says: built by
// the Editor's own Compiler, installed into /bin of the running kernel as
// the page installs it, and run from the shell.

import { beforeAll, describe, expect, it } from 'vitest';
import { Compiler } from '../../web/src/compiler/compiler.js';
import { TEMPLATES } from '../../web/src/ui/editor-templates.js';
import { Driver, systemImage } from './helpers.js';

const compiler = new Compiler();

/** A booted machine at the prompt with the template installed as /bin/NAME. */
async function withTemplate(file: string): Promise<Driver> {
  const t = TEMPLATES.find((x) => x.name === file)!;
  const r = await compiler.build(t.name, t.text);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  const d = await new Driver().boot();
  await d.run((s) => s.idle);
  expect(await d.emu.install(r.name, r.elf, [{ path: t.name, text: t.text }])).toMatchObject({ ok: true });
  await d.run((s) => s.idle);
  return d;
}

describe('the Editor templates, run', () => {
  beforeAll(() => compiler.loadTexts(systemImage().texts));

  it('myfork: the child execs ls, the parent waits and reaps it', async () => {
    const out = await (await withTemplate('myfork.c')).command('myfork');
    const child = /child (\d+): exec \/bin\/ls\n/.exec(out)?.[1];
    expect(child).toBeDefined();
    expect(out).toMatch(/\bbin\b[^]*\betc\b/); // ls's listing of /
    expect(out).toMatch(new RegExp(`parent \\d+: child ${child} exited with 0\\n`));
  });

  it('myzombie: ps shows the child as Z until the parent waits, then it is reaped', async () => {
    const d = await withTemplate('myzombie.c');
    d.emu.input('myzombie &\n');
    await d.run(() => /child \d+ is a zombie/.test(d.console));
    const child = /child (\d+) is a zombie/.exec(d.console)?.[1];
    expect(child).toBeDefined();
    const ps = await d.command('ps', true);
    expect(ps).toMatch(new RegExp(`^\\s*${child}\\s.*\\bZ\\b`, 'm'));
    await d.run(() => /reaped \d+, exit status 7\n/.test(d.console), 20_000);
    expect(d.console).toContain(`reaped ${child}, exit status 7\n`);
  });

  it('myorphan: the child outlives its parent and is adopted by init', async () => {
    const d = await withTemplate('myorphan.c');
    await d.command('myorphan');
    await d.run(() => /my parent is now/.test(d.console), 20_000);
    expect(d.console).toMatch(/parent \d+ exits, leaving child (\d+)\n/);
    expect(d.console).toMatch(/child \d+: my parent is now 1 \(init\)\n/);
  });

  it('myrace: without a lock updates are lost; with a mutex the count is exact', async () => {
    const out = await (await withTemplate('myrace.c')).command('myrace');
    const unlocked = Number(/no lock {5}: expected 2000000, got (\d+)\n/.exec(out)?.[1]);
    expect(unlocked).toBeGreaterThan(0);
    expect(unlocked).toBeLessThan(2000000);
    expect(out).toContain('with a mutex: expected 2000000, got 2000000\n');
  });

  it('mycache: the LRU cache keeps the heap flat, the leak grows it by every request', async () => {
    const out = await (await withTemplate('mycache.c')).command('mycache');
    const lru = Number(/LRU cache: heap grew (\d+) bytes/.exec(out)?.[1]);
    const leak = Number(/leak: {6}heap grew (\d+) bytes/.exec(out)?.[1]);
    expect(lru).toBeLessThanOrEqual(8 * 4096);
    expect(leak).toBeGreaterThanOrEqual(2000 * 512);
  });

  it('myoverflow: the recursion hits the guard page and only that process dies, of a stack overflow', async () => {
    const d = await withTemplate('myoverflow.c');
    const out = await d.command('myoverflow');
    expect(out).toMatch(/depth 256: about 128 KiB of stack\n/);
    expect(out).toMatch(/stack overflow/i);
    expect(await d.command('echo still here')).toContain('still here\n');
  });
});
