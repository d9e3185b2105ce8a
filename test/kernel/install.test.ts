// Installing a program into /bin of the running machine through the host
// file channel (vm/host/install.ts → the device → kernel/install.c): it runs
// from the shell, a new version replaces the old one atomically while a
// process running the old one finishes with the old code, a full memory
// keeps the old file, bad paths are refused in words, a busy kernel still
// services the request, and the same install at the same cycle gives the
// same machine.

import { describe, expect, it } from 'vitest';
import { boot } from '../../vm/host/boot.js';
import { Installer, InstallResult } from '../../vm/host/install.js';
import { Machine } from '../../vm/host/machine.js';
import { nodeReader, repoSystemBuild } from '../../vm/host/node-files.js';
import { ShellSession } from '../../vm/host/shell-session.js';
import { buildUserProgram } from '../../vm/host/system-build.js';
import { parseTraceSchema } from '../../vm/host/event-schema.js';
import { decodeEvent } from '../../vm/host/event-text.js';
import { parseDefines } from '../../vm/host/header-defines.js';
import { EVENT, HOSTFILE_CAPACITY, PORT } from '../../vm/isa/machine.js';
import { EAX, Program } from '../core/harness.js';
import { COMMAND_LIMIT, bootShell, run } from './helpers.js';

const read = nodeReader();

function program(name: string, text: string): Uint8Array {
  return buildUserProgram([{ path: `${name}.c`, text }], read);
}

const hello = (version: string): Uint8Array =>
  program('hello', `#include <stdio.h>\nint main(void) { printf("hello ${version}\\n"); return 0; }\n`);

/** Prints a start line, sleeps (its code stays mapped), prints an end line: all with its version. */
const slow = (version: string): Uint8Array =>
  program('slow', `#include <stdio.h>
#include <unistd.h>
int main(void) {
  printf("slow ${version} start\\n");
  fflush(stdout);
  sleep(2);
  printf("slow ${version} end\\n");
  return 0;
}
`);

/** Takes every page it can get, gives `spare` back, says so, and sleeps holding the rest. */
const hog = program('hog', `#include <stdio.h>
#include <unistd.h>
int main(void) {
  int pages = 0;
  while (sbrk(4096) != (void *)-1) pages++;
  sbrk(-16 * 4096);
  printf("hog holds %d pages\\n", pages - 16);
  fflush(stdout);
  sleep(1000);
  return 0;
}
`);

async function install(sh: ShellSession, path: string, bytes: Uint8Array): Promise<InstallResult> {
  return new Installer(sh.machine, read).install(path, bytes);
}

/** Run the machine until the transcript matches (or fail with it). */
function runUntil(sh: ShellSession, re: RegExp, limit = COMMAND_LIMIT): void {
  const start = sh.machine.cycles;
  while (!re.test(sh.transcript)) {
    if (sh.machine.cycles - start > limit) throw new Error(`no ${re} in:\n${sh.transcript}`);
    const info = sh.machine.run(5_000_000);
    if (info.reason !== 'budget' && !re.test(sh.transcript)) throw new Error(`${info.reason}, no ${re} in:\n${sh.transcript}`);
  }
}

describe('installing into /bin of the running machine', () => {
  it('puts a built program in /bin at the prompt, says so on a line of its own, and the shell runs it', async () => {
    const sh = await bootShell();
    const elf = hello('v1');
    const before = sh.transcript.length;
    const r = await install(sh, '/bin/hello', elf);
    expect(r).toEqual({ ok: true, path: '/bin/hello', size: elf.length, cycle: expect.any(Number) });
    // The notice, then the prompt again, so typing goes on where it was.
    expect(sh.transcript.slice(before)).toBe(`\n[installed /bin/hello, ${elf.length} bytes]\nglassbox:/$ `);
    expect(run(sh, 'hello')).toContain('hello v1\n');
    expect(run(sh, 'ls /bin')).toMatch(/\bhello\b/);
  });

  it('reprints a half-typed line after the notice, and the line still works', async () => {
    const sh = await bootShell();
    sh.type('ec');
    sh.machine.run(2_000_000);
    const r = await install(sh, '/bin/hello', hello('v1'));
    expect(r.ok).toBe(true);
    expect(sh.transcript).toMatch(/glassbox:\/\$ ec\n\[installed \/bin\/hello, \d+ bytes\]\nglassbox:\/\$ ec$/);
    expect(sh.command('ho typed', COMMAND_LIMIT).text).toContain('typed\n');
  });

  it('records a trace event that reads "install: /bin/NAME (N bytes)"', async () => {
    const booted = await boot(repoSystemBuild(), read, { cmdline: 'quiet', trace: true });
    const sh = new ShellSession(booted);
    expect(sh.waitForPrompt(COMMAND_LIMIT).outcome).toBe('prompt');
    const schema = parseTraceSchema(read('kernel/include/trace.h')!);
    sh.machine.takeEvents();
    const elf = hello('v1');
    expect((await install(sh, '/bin/hello', elf)).ok).toBe(true);
    const ctx = { schema, states: new Map(), syscalls: new Map(), readString: (va: number) => sh.machine.readCString(va) };
    const texts = sh.machine.takeEvents().filter((e) => e.kind === EVENT.KERNEL).map((e) => decodeEvent(e, ctx));
    const ev = texts.find((d) => d.name === 'install');
    expect(ev?.text).toBe(`install: /bin/hello (${elf.length} bytes)`);
    expect(ev?.category).toBe('machine');
  });

  it('replaces a program atomically: the next run is the new one, a running old one finishes with the old code', async () => {
    const sh = await bootShell();
    expect((await install(sh, '/bin/slow', slow('v1'))).ok).toBe(true);
    sh.type('slow &\n');
    runUntil(sh, /slow v1 start/);
    const mark = sh.transcript.length;
    expect((await install(sh, '/bin/slow', slow('v2'))).ok).toBe(true);
    // Churn memory while v1 sleeps: pages freed too early would be reused and overwritten.
    run(sh, 'leak 300');
    expect(sh.transcript).not.toContain('slow v1 end');
    const out = run(sh, 'slow', 2 * COMMAND_LIMIT);
    expect(out).toContain('slow v2 start\n');
    expect(out).toContain('slow v2 end\n');
    runUntil(sh, /slow v1 end/, 2 * COMMAND_LIMIT);
    expect(sh.transcript.slice(mark)).toMatch(/slow v1 end\n[^]*\[1\]\+  Done {20}slow\n/);
    expect(sh.transcript.slice(mark)).not.toMatch(/signal|fault|killed/i);
    expect(run(sh, 'slow', 2 * COMMAND_LIMIT)).toContain('slow v2 end\n');
  });

  it('a full memory gives ENOSPC and keeps the old file, which still runs; with memory back the install works', async () => {
    // Small, so the hog fills it soon; big enough that the ramfs (half of what is free at boot)
    // holds /bin and a new file (at 16 MiB today's /bin leaves no room).
    const sh = await bootShell({ ramBytes: 24 << 20 });
    expect((await install(sh, '/bin/hello', hello('v1'))).ok).toBe(true);
    expect((await install(sh, '/bin/hog', hog)).ok).toBe(true);
    sh.type('hog &\n');
    runUntil(sh, /hog holds \d+ pages/);
    run(sh, '');
    const big = new Uint8Array(300_000);
    big.set(hello('v2'));
    const r = await install(sh, '/bin/hello', big);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errno).toBe(28);
    expect(r.reason).toBe('refused');
    expect(r.message).toMatch(/no space left.*old file.*kept.*ENOSPC/);
    expect(sh.transcript).not.toContain('[installed /bin/hello, 300000');
    expect(run(sh, 'hello')).toContain('hello v1\n');
    // The failed install gave back what it took: after the hog is gone it fits.
    const pid = /\[\d+\] (\d+)/.exec(sh.transcript)?.[1] ?? run(sh, 'ps').match(/^\s*(\d+).*hog/m)?.[1];
    expect(pid).toBeDefined();
    run(sh, `kill ${pid}`);
    expect((await install(sh, '/bin/hello', big)).ok).toBe(true);
    expect(run(sh, 'hello')).toContain('hello v2\n');
  });

  it('takes any file the ramfs can hold in one request: the channel is the ramfs\'s largest file plus a path', () => {
    const fs = parseDefines(read('kernel/include/fs.h')!);
    const param = parseDefines(read('kernel/include/param.h')!);
    const maxFile = fs.get('MAXFILEPAGES')! * 4096;
    expect(maxFile).toBeGreaterThan(0);
    expect(HOSTFILE_CAPACITY).toBeGreaterThanOrEqual(maxFile + ((param.get('MAXPATH')! + 3) & ~3));
  });

  it('installs a program of more than 1 MiB (a big initialised array) and runs it', async () => {
    const sh = await bootShell();
    const elf = program('big', `#include <stdio.h>
static unsigned char table[1048576] = {7, 1, 2, 3};
int main(void) {
  int i;
  int sum = 0;
  table[1048575] = 5;
  for (i = 0; i < 1048576; i += 4096) sum += table[i];
  printf("big: %d bytes, sum %d, second %d, last %d\\n", (int)sizeof(table), sum, table[1], table[1048575]);
  return 0;
}
`);
    expect(elf.length).toBeGreaterThan(1 << 20);
    const r = await install(sh, '/bin/big', elf);
    expect(r).toMatchObject({ ok: true, size: elf.length });
    expect(run(sh, 'big')).toContain('big: 1048576 bytes, sum 7, second 1, last 5\n');
    expect(run(sh, 'ls -l /bin/big')).toContain(String(elf.length));
  });

  it('a file larger than the ramfs\'s largest gives EFBIG and keeps the old version, which still runs', async () => {
    const sh = await bootShell();
    expect((await install(sh, '/bin/hello', hello('v1'))).ok).toBe(true);
    const maxFile = parseDefines(read('kernel/include/fs.h')!).get('MAXFILEPAGES')! * 4096;
    const tooBig = new Uint8Array(maxFile + 4);
    tooBig.set(hello('v2'));
    const r = await install(sh, '/bin/hello', tooBig);
    expect(r).toMatchObject({ ok: false, errno: 27, reason: 'refused' });
    if (!r.ok) expect(r.message).toMatch(/cannot install \/bin\/hello: the file is too large for the ramfs \(EFBIG\)/);
    expect(sh.transcript).not.toContain(`[installed /bin/hello, ${tooBig.length}`);
    expect(run(sh, 'hello')).toContain('hello v1\n');
    // The channel is free again: the next install goes through.
    expect((await install(sh, '/bin/hello', hello('v3'))).ok).toBe(true);
    expect(run(sh, 'hello')).toContain('hello v3\n');
  });

  it('refuses bad paths with a clear error and changes nothing', async () => {
    const sh = await bootShell();
    const elf = hello('v1');
    run(sh, 'mkdir /bin/dir');
    const cases: [string, number, RegExp][] = [
      ['/etc/hello', 22, /directly in \/bin.*\/bin\/NAME/],
      ['/bin/', 22, /\/bin\/NAME/],
      ['/bin', 22, /\/bin\/NAME/],
      ['bin/hello', 22, /\/bin\/NAME/],
      ['/bin/a/b', 22, /\/bin\/NAME/],
      ['/bin/..', 22, /\/bin\/NAME/],
      ['/bin/a\0b', 22, /\/bin\/NAME/],
      [`/bin/${'n'.repeat(40)}`, 36, /too long/],
      [`/bin/${'n'.repeat(200)}`, 36, /too long/],
      ['/bin/dir', 21, /directory/],
    ];
    for (const [path, errno, message] of cases) {
      const r = await install(sh, path, elf);
      expect(r, path).toMatchObject({ ok: false, errno, reason: 'refused' });
      if (!r.ok) expect(r.message, path).toMatch(message);
    }
    const empty = await install(sh, '', elf);
    expect(empty.ok).toBe(false);
    const huge = await install(sh, '/bin/huge', new Uint8Array(sh.machine.core.hostFileCapacity()));
    expect(huge).toMatchObject({ ok: false, reason: 'too-large' });
    expect(sh.transcript).not.toContain('[installed');
    expect(run(sh, 'ls /bin/dir')).not.toContain('hello');
    expect(run(sh, 'ls /bin')).not.toMatch(/\bhello\b/);
  });

  it('is serviced while a program runs in the foreground', async () => {
    const sh = await bootShell();
    sh.type('spin\n');
    sh.machine.run(20_000_000);
    expect(sh.transcript).not.toMatch(/spin\n[^]*glassbox:\/\$ $/);
    const r = await install(sh, '/bin/hello', hello('v1'));
    expect(r.ok).toBe(true);
    expect(sh.transcript).toContain('[installed /bin/hello');
    sh.type('\x03');
    expect(sh.waitForPrompt(COMMAND_LIMIT).outcome).toBe('prompt');
    expect(run(sh, 'hello')).toContain('hello v1\n');
  });

  it('is deterministic: the same install at the same cycle gives the same machine, byte for byte', async () => {
    const elf = hello('v1');
    const snapshots: Uint8Array[][] = [];
    for (let i = 0; i < 2; i++) {
      const sh = await bootShell();
      const installer = new Installer(sh.machine, read);
      const shots: Uint8Array[] = [];
      const sub = installer.submit('/bin/hello', elf);
      expect(sub.ok).toBe(true);
      shots.push(sh.machine.snapshot());
      sh.machine.run(50_000_000);
      expect(installer.poll()).toMatchObject({ ok: true });
      shots.push(sh.machine.snapshot());
      run(sh, 'hello');
      shots.push(sh.machine.snapshot());
      snapshots.push(shots);
    }
    for (let k = 0; k < 3; k++) expect(Buffer.compare(snapshots[0][k], snapshots[1][k]), `snapshot ${k}`).toBe(0);
  });

  it('a snapshot taken with a request pending restores with it pending', async () => {
    const sh = await bootShell();
    const installer = new Installer(sh.machine, read);
    const before = sh.machine.snapshot();
    expect(installer.submit('/bin/hello', hello('v1')).ok).toBe(true);
    const pending = sh.machine.snapshot();
    sh.machine.run(50_000_000);
    const after = sh.machine.snapshot();
    sh.machine.restore(pending);
    expect(sh.machine.core.hostFileState()).toBe(1);
    sh.machine.run(50_000_000);
    expect(Buffer.compare(sh.machine.snapshot(), after)).toBe(0);
    // Back to before the request: the installer says it was dropped, not that it worked.
    sh.machine.restore(before);
    const r = installer.poll();
    expect(r).toMatchObject({ ok: false, reason: 'stopped' });
    if (r && !r.ok) expect(r.message).toMatch(/dropped/);
  });
});

describe('the host API never hangs or throws on a machine that does not answer', () => {
  async function bare(build: (p: Program) => Program): Promise<Machine> {
    const m = await Machine.create({ ramBytes: 1 << 20 });
    const p = build(new Program(0x1000));
    m.writePhys(0x1000, p.build());
    m.eip = 0x1000;
    return m;
  }

  it('a machine that never looks at the channel: no answer within the bound', async () => {
    const m = await bare((p) => p.label('l').op('JMP', {}, 'l'));
    const r = await new Installer(m, read).install('/bin/x', new Uint8Array(8), { maxCycles: 5_000_000 });
    expect(r).toMatchObject({ ok: false, errno: 0, reason: 'no-answer' });
    if (!r.ok) expect(r.message).toMatch(/did not answer within 5000000 cycles/);
    // Still pending: a second request is refused as busy, not queued behind it.
    expect(await new Installer(m, read).install('/bin/y', new Uint8Array(1))).toMatchObject({ ok: false, reason: 'busy' });
  });

  it('a halted machine, and one that answers nonsense', async () => {
    const halted = await bare((p) => p.op('HLT'));
    expect(await new Installer(halted, read).install('/bin/x', new Uint8Array(8))).toMatchObject({
      ok: false, reason: 'stopped',
    });
    const garbage = await bare((p) =>
      p.op('MOV_RI', { a: EAX }, 12345).op('OUT_IR', { a: EAX, i8: PORT.HOSTFILE_STATUS }).op('HLT'));
    const r = await new Installer(garbage, read).install('/bin/x', new Uint8Array(8));
    expect(r).toMatchObject({ ok: false, reason: 'refused' });
    if (!r.ok) expect(r.message).toMatch(/meaningless answer \(12345\)/);
    const negative = await bare((p) =>
      p.op('MOV_RI', { a: EAX }, -9999).op('OUT_IR', { a: EAX, i8: PORT.HOSTFILE_STATUS }).op('HLT'));
    const n = await new Installer(negative, read).install('/bin/x', new Uint8Array(8));
    expect(n).toMatchObject({ ok: false, errno: 9999, reason: 'refused' });
    if (!n.ok) expect(n.message).toMatch(/error 9999/);
  });
});
