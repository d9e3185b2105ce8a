// The worker's install: a program built like the Editor builds it goes into
// /bin of the running machine through the host file channel, runs from the
// shell, and joins the Code view's programs.

import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../vm/cc/build.js';
import { nodeReader } from '../../vm/host/node-files.js';
import { Driver } from './helpers.js';

describe('installing from the worker', () => {
  it('puts a built program into /bin of the running kernel, where the shell runs it', async () => {
    const d = await new Driver().boot();
    await d.run((s) => s.idle);
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

  it('says why when there is no kernel to install into', async () => {
    const d = new Driver();
    await d.emu.loadImage((await import('./helpers.js')).systemImage());
    await d.emu.boot({ kind: 'bare', name: 'hello' }, true);
    expect(await d.emu.install('x', new Uint8Array(8))).toEqual({ ok: false, message: "programs install into the kernel's /bin: boot the kernel first" });
  });
});
