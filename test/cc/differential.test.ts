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
// The float/double programs mix double, float, int and long long and print
// every value with %.17g; x86-64 gcc's double and float are IEEE binary64
// and binary32 evaluated in their own type, as ours (-ffp-contract=off
// keeps gcc from fusing a multiply and an add). printf's floating
// conversions are compared on their own over random bit patterns.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateExprProgram, generateFloatProgram, generateInt64Program } from './exprgen.js';
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

describe('random float/double programs (ours vs gcc), 400 seeds', () => {
  const PER_PROGRAM = 50;
  for (let p = 0; p < 8; p++) {
    const first = 100_000 + p * PER_PROGRAM;
    it.skipIf(!hasGcc)(`seeds ${first}..${first + PER_PROGRAM - 1}`, async () => {
      const src = generateFloatProgram(Array.from({ length: PER_PROGRAM }, (_, i) => rng(first + i)));
      const file = join(work, `float_${p}.c`);
      writeFileSync(file, src);
      execFileSync('gcc', ['-w', '-fwrapv', '-O0', '-ffp-contract=off', '-o', `${file}.exe`, file, '-lm']);
      const native = spawnSync(`${file}.exe`, [], { encoding: 'utf8' });
      expect(native.stdout.split('\n').length).toBe(PER_PROGRAM + 1);
      const built = buildC(src, `float_${p}.c`);
      expect(built.errors).toEqual([]);
      const ours = await runElf(built.elf!, { maxCycles: 4_000_000_000 });
      expect(ours.stop).toBe('exit');
      expect(ours.stdout).toBe(native.stdout);
    }, 120_000);
  }
});

describe("printf's floating conversions (ours vs glibc)", () => {
  const FORMATS = ['%.17g', '%f', '%.0f', '%.3f', '%e', '%.0e', '%.20e', '%E', '%g', '%G', '%.3g', '%.12g', '%a', '%.3a', '%A',
    '%+10.4f', '%-+12.3E|', '% .0e', '%08.3f', '%#.0f', '%#.0e', '%12g|', '%-14a|', '%.1f'];
  it.skipIf(!hasGcc)('agrees on edge and random doubles in every format', async () => {
    const r = rng(2718);
    const bits: string[] = ['0ULL', '0x8000000000000000ULL', '1ULL', '0x000fffffffffffffULL', '0x0010000000000000ULL',
      '0x7fefffffffffffffULL', '0x7ff0000000000000ULL', '0xfff0000000000000ULL', '0x7ff8000000000000ULL', '0xfff8000000000001ULL',
      '0x3ff0000000000000ULL', '0x4004000000000000ULL', '0x3fe0000000000000ULL', '0x3ff8000000000000ULL', '0x412e847f00000000ULL'];
    for (let i = 0; i < 150; i++) {
      const hi = Math.floor(r() * 2 ** 32);
      // Half with exponents near 0, where %f prints short numbers; half anywhere.
      const h = i % 2 ? hi : ((hi & 0x800fffff) | ((1023 + Math.floor(r() * 100) - 50) << 20)) >>> 0;
      bits.push(`0x${h.toString(16).padStart(8, '0')}${Math.floor(r() * 2 ** 32).toString(16).padStart(8, '0')}ULL`);
    }
    // Ties: exactly representable halves that must round to even.
    const ties = ['0.5', '1.5', '2.5', '0.125', '0.375', '1e22', '5e-324', '123456.5', '0.0625'];
    const src = `#include <stdio.h>
static const unsigned long long B[] = {${bits.join(', ')}};
static const double T[] = {${ties.join(', ')}};
static const char *F[] = {${FORMATS.map((f) => JSON.stringify(f)).join(', ')}};
static void all(double d) {
  for (unsigned j = 0; j < sizeof F / sizeof F[0]; j++) { printf(F[j], d); putchar(' '); }
  printf("%.0f %.1f %.2f %.0e %.1e\\n", d, d, d, d, d);
}
int main(void) {
  for (unsigned i = 0; i < sizeof B / sizeof B[0]; i++) { union { unsigned long long u; double d; } v; v.u = B[i]; all(v.d); }
  for (unsigned i = 0; i < sizeof T / sizeof T[0]; i++) all(T[i]);
  return 0;
}
`;
    const file = join(work, 'printf_float.c');
    writeFileSync(file, src);
    execFileSync('gcc', ['-w', '-O0', '-o', `${file}.exe`, file]);
    const native = spawnSync(`${file}.exe`, [], { encoding: 'utf8' });
    const built = buildC(src, 'printf_float.c');
    expect(built.errors).toEqual([]);
    const ours = await runElf(built.elf!, { maxCycles: 4_000_000_000 });
    expect(ours.stop).toBe('exit');
    const want = native.stdout.split('\n');
    ours.stdout.split('\n').forEach((line, i) => expect(line, `line ${i + 1}`).toBe(want[i]));
    expect(ours.stdout).toBe(native.stdout);
  }, 120_000);
});
