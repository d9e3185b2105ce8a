// Struct, union and array layout against gcc -m32 (the i386 System V ABI):
// gcc compiles a table of sizeof/_Alignof/offsetof values to assembly (no
// 32-bit C library is needed for -S), our compiler runs a program printing
// the same table on the bare machine; the numbers must agree.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runC } from './helpers.js';

const DECLS = `
#include <stddef.h>
struct a { char c; int i; };
struct b { char c; short s; char d; };
struct c { int i; char c; };
struct d { char name[13]; struct a inner; short tail; };
union u { char c[5]; int i; short s; };
struct e { union u x; char y; struct b z[3]; };
struct f { char c; struct { short s; char t; } anon; int *p; };
struct g { int n; char data[]; };
struct __attribute__((packed)) h { char c; int i; short s; };
struct i { char c; int __attribute__((aligned(16))) big; };
struct j { unsigned char a; struct c b; unsigned short c[3]; void (*fn)(void); };
typedef struct { char x; union { int i; char c; }; short y; } k;
`;

// [type, member or ''] pairs: sizeof and _Alignof for '', offsetof otherwise.
const QUERIES: [string, string][] = [
  ['struct a', ''], ['struct a', 'i'],
  ['struct b', ''], ['struct b', 's'], ['struct b', 'd'],
  ['struct c', ''],
  ['struct d', ''], ['struct d', 'inner'], ['struct d', 'tail'],
  ['union u', ''],
  ['struct e', ''], ['struct e', 'y'], ['struct e', 'z'],
  ['struct f', ''], ['struct f', 'anon'], ['struct f', 'p'],
  ['struct g', ''], ['struct g', 'data'],
  ['struct h', ''], ['struct h', 'i'], ['struct h', 's'],
  ['struct i', ''], ['struct i', 'big'],
  ['struct j', ''], ['struct j', 'b'], ['struct j', 'c'], ['struct j', 'fn'],
  ['k', ''], ['k', 'i'], ['k', 'y'],
  ['char[3][5]', ''], ['short[7]', ''], ['int *[3]', ''],
];

function tableSource(): string {
  const items = QUERIES.map(([t, m]) => (m ? `offsetof(${t}, ${m})` : `sizeof(${t}), _Alignof(${t})`));
  return `${DECLS}\nunsigned table[] = {\n  ${items.join(',\n  ')}\n};\n`;
}

const hasGcc = spawnSync('gcc', ['--version']).status === 0;

describe('layout agrees with gcc -m32', () => {
  it.skipIf(!hasGcc)('sizes, alignments and offsets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-layout-'));
    const src = join(dir, 'layout.c');
    writeFileSync(src, tableSource());
    const out = join(dir, 'layout.s');
    execFileSync('gcc', ['-m32', '-S', '-O0', '-nostdinc', '-I', join(REPO_ROOT, 'programs/libc/include'), '-o', out, src]);
    const gcc = [...readFileSync(out, 'utf8').matchAll(/^\s*\.long\s+(\d+)/gm)].map((m) => Number(m[1]));

    const program = `${tableSource()}
      #include <stdio.h>
      int main(void) {
        for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++) printf("%u ", table[i]);
        return 0;
      }`;
    const r = await runC(program);
    const ours = r.stdout.trim().split(' ').map(Number);
    expect(ours.length).toBe(gcc.length);
    expect(ours).toEqual(gcc);
  });
});
