// The kernel under fuzzing: batches of random and mutated user programs
// (fuzz-programs.ts) installed into /bin and run by fuzzexec, each batch
// followed by random system-call sequences (sysfuzz with a fresh seed).
// After every batch: the kernel did not panic, the host did not throw, the
// core did not trap (any of those fails the command), the shell prompts
// again, only init and the shell are left, and the pages the kernel holds
// outside the ramfs are what they were before the first batch.
//
// FUZZ_BATCHES=N in the environment runs more batches (the default keeps
// the suite's time modest); each batch prints its programs per second.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stripElf } from '../../vm/asm/elf-strip.js';
import { Installer } from '../../vm/host/install.js';
import { nodeReader, REPO_ROOT, repoSystemBuild } from '../../vm/host/node-files.js';
import { ShellSession } from '../../vm/host/shell-session.js';
import { buildUserProgram } from '../../vm/host/system-build.js';
import { mutatedProgram, randomProgram, syscallMenu } from './fuzz-programs.js';
import { bootShell, kernelGlobals, run } from './helpers.js';

const BATCHES = Number(process.env.FUZZ_BATCHES ?? 25);
const PER_BATCH = 80;
const TIME_LIMIT_US = 2000;                 // guest time each program may run
const MUTATED_FROM = ['true', 'false', 'echo', 'cat', 'ls', 'ps', 'pmap', 'sort', 'exitwith', 'segfault', 'sleep', 'mkdir'];

describe('the kernel under fuzzing', () => {
  const read = nodeReader();
  let sh: ShellSession;
  let global: (name: string) => number;
  // Pages in use outside the ramfs: the installed programs change the ramfs's share every batch.
  const heldOutsideRamfs = () => -global('free_pages') - global('ramfs_pages');
  beforeAll(async () => {
    const path = 'test/kernel/fuzz/fuzzexec.c';
    const runner = buildUserProgram([{ path, text: readFileSync(join(REPO_ROOT, path), 'utf8') }], read);
    sh = await bootShell({ extraPrograms: new Map([['fuzzexec', runner]]) });
    global = kernelGlobals(sh);
  }, 120_000);

  it(`survives ${BATCHES} batches of ${PER_BATCH} random and mutated programs and random system calls`, async () => {
    const menu = syscallMenu(read('kernel/include/syscall.h') ?? '');
    // As boot puts them in /bin: without their debug info.
    const programs = new Map(MUTATED_FROM.map((n) => [n, stripElf(repoSystemBuild().programs.get(n)!)]));
    const installer = new Installer(sh.machine, read);
    run(sh, 'fuzzexec 0 0');                   // make /tmp/fz and anything else done once
    const baseline = heldOutsideRamfs();
    let total = 0;
    for (let b = 0; b < BATCHES; b++) {
      for (let i = 0; i < PER_BATCH; i++) {
        const seed = b * 1000 + i;
        const elf = i % 2 === 0
          ? randomProgram(seed, menu)
          : mutatedProgram(seed, programs.get(MUTATED_FROM[(seed >> 1) % MUTATED_FROM.length])!);
        const r = await installer.install(`/bin/fz${i}`, elf);
        expect(r.ok, r.ok ? '' : r.message).toBe(true);
      }
      const start = performance.now();
      const out = run(sh, `fuzzexec ${PER_BATCH} ${TIME_LIMIT_US}`, 200_000_000_000);
      const seconds = (performance.now() - start) / 1000;
      const summary = new RegExp(`fuzzexec: ${PER_BATCH} programs: \\d+ exited, \\d+ timed out.*`).exec(out);
      expect(summary, `batch ${b}: ${out}`).not.toBeNull();
      expect(run(sh, `sysfuzz 400 ${b + 1}`)).toMatch(/sysfuzz: 400 calls, \d+ returned errors; the kernel survived/);
      const ps = run(sh, 'ps');
      expect(ps.trim().split('\n').filter((l) => /^\s*\d+/.test(l)).map((l) => l.trim().split(/\s+/).pop()), ps)
        .toEqual(['init', 'sh', 'ps']);
      expect(heldOutsideRamfs(), `batch ${b}: ${out}`).toBe(baseline);
      total += PER_BATCH;
      console.log(`fuzz batch ${b}: ${summary![0]} — ${(PER_BATCH / seconds).toFixed(0)} programs/s`);
    }
    expect(total).toBe(BATCHES * PER_BATCH);
  }, 1_200_000);
});
