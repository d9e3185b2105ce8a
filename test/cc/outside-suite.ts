// Runs an outside C test suite through our compiler and prints the pass rate
// per chapter (not a test; nothing of the suite is in this repository):
//
//   npx tsx test/cc/outside-suite.ts PATH/TO/writing-a-c-compiler-tests [--chapters 1-18] [--list] [--json FILE]
//
// The suite is nlsandler/writing-a-c-compiler-tests (tests/chapter_N/valid/**
// and tests/chapter_N/invalid_*/**, expected results in expected_results.json).
// A valid program passes if it builds for the bare machine and its exit code
// (low 8 bits) and stdout are as expected; an invalid one passes if the build
// fails with an error. Library pairs (`x.c` + `x_client.c`) count as one test,
// both files compiled by us; helper libraries named in test_properties.json's
// `libs` are compiled by us too. Tests that need the suite's x86-64 assembly
// (`assembly_libs`) are skipped.
//
// The suite is written for LP64 x86-64, where long is 64 bits. A failing
// test whose text uses `long` or an `l`-suffixed constant (or includes a
// header that does) is counted as an LP64 failure: we are ILP32, so its long
// is 32 bits. Every other failure, double and float ones included, is a
// failure; --list lists every test that did not pass.

import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildProgram } from '../../vm/cc/build.js';
import { diskRead, runElf } from './helpers.js';

interface Expected { return_code?: number; stdout?: string }
interface Props { libs: Record<string, string[]>; assembly_libs: Record<string, string[]> }

type Outcome = 'pass' | 'expected' | 'fail' | 'skip';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.c')) out.push(p);
  }
  return out;
}

/** Source text with comments removed, to look for the suite's 64-bit long. */
function usesLong(text: string): boolean {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ');
  return /\blong\b/.test(code) || /\b(0x[0-9a-f]+|\d+)u?l\b/i.test(code);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const suite = args.find((a, i) => !a.startsWith('--') && !['--chapters', '--json'].includes(args[i - 1] ?? ''));
  if (!suite) {
    console.error('usage: npx tsx test/cc/outside-suite.ts SUITE_PATH [--chapters A-B] [--list] [--json FILE]');
    process.exit(2);
  }
  const range = args.includes('--chapters') ? args[args.indexOf('--chapters') + 1] : '1-18';
  const [lo, hi] = range.split('-').map(Number);
  const list = args.includes('--list');
  const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  const expected: Record<string, Expected> = JSON.parse(readFileSync(join(suite, 'expected_results.json'), 'utf8'));
  const props: Props = JSON.parse(readFileSync(join(suite, 'test_properties.json'), 'utf8'));
  const tests = join(suite, 'tests');
  // The suite's own headers are named relative to its tests/ directory.
  const readFile = (path: string): string | undefined => diskRead(path) ??
    (path.startsWith('/') ? undefined : diskRead(join(resolve(tests), path)));

  const rows: { chapter: number; pass: number; expected: number; fail: number; skip: number; total: number }[] = [];
  const results: Record<string, { outcome: Outcome; detail: string }> = {};
  for (let ch = lo; ch <= (hi ?? lo); ch++) {
    const row = { chapter: ch, pass: 0, expected: 0, fail: 0, skip: 0, total: 0 };
    const files = walk(join(tests, `chapter_${ch}`)).filter((f) => !f.includes('/helper_libs/'));
    for (const file of files) {
      const key = relative(tests, file);
      if (file.endsWith('_client.c') && files.includes(file.replace(/_client\.c$/, '.c'))) continue;
      const valid = key.split('/')[1] === 'valid';
      const text = readFileSync(file, 'utf8');
      const sources = [{ path: key, text }];
      const client = file.replace(/\.c$/, '_client.c');
      if (files.includes(client)) sources.push({ path: relative(tests, client), text: readFileSync(client, 'utf8') });
      for (const lib of props.libs[key] ?? []) sources.push({ path: lib, text: readFileSync(join(tests, lib), 'utf8') });
      let outcome: Outcome;
      let detail = '';
      if (props.assembly_libs[key]) {
        outcome = 'skip';
        detail = 'needs x86-64 assembly';
      } else {
        try {
          const built = buildProgram({ sources, runtime: 'bare', readFile });
          if (!valid) {
            outcome = built.elf ? 'fail' : 'pass';
            if (built.elf) detail = 'accepted';
          } else if (!built.elf) {
            outcome = 'fail';
            detail = built.errors[0]?.split('\n')[0] ?? 'no output';
          } else {
            const want = expected[key] ?? {};
            const r = await runElf(built.elf, { maxCycles: 8_000_000_000 });
            const status = r.status & 0xff;
            if (r.stop === 'exit' && status === (want.return_code ?? 0) && r.stdout === (want.stdout ?? '')) outcome = 'pass';
            else {
              outcome = 'fail';
              detail = `stop ${r.stop}, status ${status} (want ${want.return_code ?? 0})` +
                (r.stdout === (want.stdout ?? '') ? '' : `, stdout ${JSON.stringify(r.stdout.slice(0, 60))}`);
            }
          }
        } catch (e) {
          outcome = 'fail';
          detail = `internal error: ${(e as Error).message.split('\n')[0]}`;
        }
      }
      const allText = sources.map((s) => s.text).join('\n');
      if (outcome === 'fail' && usesLong(allText)) outcome = 'expected';
      row[outcome]++;
      row.total++;
      results[key] = { outcome, detail };
      if (list && outcome !== 'pass') console.log(`${outcome.padEnd(8)} ${key}: ${detail}`);
    }
    rows.push(row);
  }

  console.log('| chapter | pass | fail (LP64 long) | fail (other) | skipped | total | pass rate |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  const sum = { pass: 0, expected: 0, fail: 0, skip: 0, total: 0 };
  for (const r of rows) {
    const run = r.total - r.skip;
    console.log(`| ${r.chapter} | ${r.pass} | ${r.expected} | ${r.fail} | ${r.skip} | ${r.total} | ${(100 * r.pass / run).toFixed(1)}% |`);
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r[k];
  }
  const run = sum.total - sum.skip;
  console.log(`| all | ${sum.pass} | ${sum.expected} | ${sum.fail} | ${sum.skip} | ${sum.total} | ${(100 * sum.pass / run).toFixed(1)}% |`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ rows, results }, null, 1));
}

await main();
