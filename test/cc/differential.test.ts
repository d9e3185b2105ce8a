// Differential testing: every program in test/cc/corpus is compiled by host
// gcc (x86-64) and run natively, and compiled by our compiler and run on the
// bare machine; stdout and the exit status must agree. The programs avoid
// anything whose meaning depends on word size (no long or pointer sizes in
// the output). A file NAME.stdin beside NAME.c is fed to both as input.
// Then randomly generated expression programs (exprgen.ts) are compared the
// same way, with signed overflow defined by -fwrapv. The long long programs
// pack one generated function per seed, 100 to a program; host gcc's long
// long and unsigned long long have our widths (gcc -m32 needs a multilib
// this machine may lack, and nothing printed depends on long or pointers).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateExprProgram, generateInt64Program } from './exprgen.js';
import { REPO_ROOT, buildC, rng, runElf } from './helpers.js';

const CORPUS = join(REPO_ROOT, 'test/cc/corpus');
const programs = readdirSync(CORPUS).filter((f) => f.endsWith('.c')).sort();
const hasGcc = spawnSync('gcc', ['--version']).status === 0;
const work = mkdtempSync(join(tmpdir(), 'glassbox-cc-'));

describe('differential corpus (ours on Glassbox vs host gcc)', () => {
  it('has a real corpus', () => {
    expect(programs.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of programs) {
    it.skipIf(!hasGcc)(name, async () => {
      const path = join(CORPUS, name);
      const text = readFileSync(path, 'utf8');
      const stdinPath = path.replace(/\.c$/, '.stdin');
      const stdin = existsSync(stdinPath) ? readFileSync(stdinPath, 'utf8') : '';
      const exe = join(work, name.replace(/\.c$/, ''));
      execFileSync('gcc', ['-std=gnu99', '-w', '-O0', '-o', exe, path]);
      const native = spawnSync(exe, [], { input: stdin, encoding: 'utf8' });
      const built = buildC(text, `test/cc/corpus/${name}`);
      expect(built.errors).toEqual([]);
      const ours = await runElf(built.elf!, { stdin, maxCycles: 4_000_000_000 });
      expect(ours.stop).toBe('exit');
      expect(ours.stdout).toBe(native.stdout);
      expect(ours.status).toBe(native.status);
    });
  }
});

describe('random expression programs (ours vs gcc -fwrapv)', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it.skipIf(!hasGcc)(`seed ${seed}`, async () => {
      const src = generateExprProgram(rng(seed * 7919));
      const file = join(work, `expr${seed}.c`);
      writeFileSync(file, src);
      execFileSync('gcc', ['-w', '-fwrapv', '-O0', '-o', `${file}.exe`, file]);
      const native = spawnSync(`${file}.exe`, [], { encoding: 'utf8' });
      const built = buildC(src, `expr${seed}.c`);
      expect(built.errors).toEqual([]);
      const ours = await runElf(built.elf!);
      expect(ours.stdout).toBe(native.stdout);
      expect(ours.status).toBe(native.status);
    });
  }
});

describe('random long long programs (ours vs gcc -fwrapv), 2000 seeds', () => {
  const PER_PROGRAM = 100;
  for (let p = 0; p < 20; p++) {
    const first = p * PER_PROGRAM + 1;
    it.skipIf(!hasGcc)(`seeds ${first}..${first + PER_PROGRAM - 1}`, async () => {
      const src = generateInt64Program(Array.from({ length: PER_PROGRAM }, (_, i) => rng(first + i)));
      const file = join(work, `int64_${p}.c`);
      writeFileSync(file, src);
      execFileSync('gcc', ['-w', '-fwrapv', '-O0', '-o', `${file}.exe`, file]);
      const native = spawnSync(`${file}.exe`, [], { encoding: 'utf8' });
      expect(native.stdout.split('\n').length).toBe(PER_PROGRAM + 1);
      const built = buildC(src, `int64_${p}.c`);
      expect(built.errors).toEqual([]);
      const ours = await runElf(built.elf!, { maxCycles: 4_000_000_000 });
      expect(ours.stop).toBe('exit');
      expect(ours.stdout).toBe(native.stdout);
    }, 60_000);
  }
});
