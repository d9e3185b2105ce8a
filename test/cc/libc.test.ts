// libc: the file list (vm/cc/libc.ts) matches the files on disk, the
// runtimes link the right files, and behaviours the corpus does not pin down
// (alignment, heap reuse, stdout buffering, scanf, getopt). Longer programs
// are in test/cc/libc/; what needs the kernel is in test/kernel/libc.test.ts.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libcSourcePaths } from '../../vm/cc/libc.js';
import { REPO_ROOT } from '../../vm/host/node-files.js';
import { runC } from './helpers.js';

/** The .c and .s files of one programs/libc/ directory, as repository paths. */
function sourcesOnDisk(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, 'programs/libc', dir))
    .filter((f) => /\.(c|s)$/.test(f))
    .map((f) => `programs/libc/${dir}/${f}`);
}

describe('the libc file list', () => {
  it('names exactly the files of programs/libc/src and each runtime back-end (edit vm/cc/libc.ts)', () => {
    for (const runtime of ['bare', 'kernel'] as const) {
      const disk = [...sourcesOnDisk('src'), ...sourcesOnDisk(runtime)].sort();
      expect([...libcSourcePaths(runtime)].sort(), runtime).toEqual(disk);
    }
  });

  it('links crt0 first, then the common sources and the runtime back-end', () => {
    const bare = libcSourcePaths('bare');
    expect(bare[0]).toBe('programs/libc/bare/crt0.s');
    expect(bare).toEqual(expect.arrayContaining(['programs/libc/src/stdio.c', 'programs/libc/src/malloc.c', 'programs/libc/bare/console.s']));
    expect(bare.some((p) => p.startsWith('programs/libc/kernel/'))).toBe(false);
    const kernel = libcSourcePaths('kernel');
    expect(kernel[0]).toBe('programs/libc/kernel/crt0.s');
    expect(kernel.some((p) => p.startsWith('programs/libc/bare/'))).toBe(false);
    expect(libcSourcePaths('none')).toEqual([]);
  });
});

describe('libc behaviour', () => {
  it('returns 8-aligned, reusable heap blocks', async () => {
    const r = await runC(`
      #include <stdlib.h>
      int main(void) {
        int misaligned = 0;
        for (int i = 1; i < 200; i += 7) { char *p = malloc(i); misaligned |= (int)((unsigned)p & 7); free(p); }
        char *a = malloc(1000); free(a);
        char *b = malloc(1000);
        return misaligned * 100 + (a == b);
      }`);
    expect(r.status).toBe(1);
  });

  it('line-buffers stdout and flushes it at exit and before reading stdin', async () => {
    const r = await runC(`
      #include <stdio.h>
      int __sys_write(int fd, const void *buf, int n);
      int main(void) {
        printf("a");
        __sys_write(1, "[raw]", 5);
        printf("b\\n");
        printf("prompt> ");
        int c = getchar();
        printf("got %c", c);
        return 0;
      }`, { stdin: 'x' });
    expect(r.stdout).toBe('[raw]ab\nprompt> got x');
  });

  it('formats the extremes of printf', async () => {
    const r = await runC(`
      #include <stdio.h>
      #include <limits.h>
      int main(void) {
        printf("%d|%u|%x|%o|%5.3s|%-6c|%08.3d|%+.0d|%p|%p\\n", INT_MIN, UINT_MAX, 0u, 0777, "abcdef", 'q', -5, 0, (void *)0, (void *)0x1000);
        return 0;
      }`);
    expect(r.stdout).toBe('-2147483648|4294967295|0|777|  abc|q     |    -005|+|(nil)|0x1000\n');
  });
});

/** A program of test/cc/libc/. */
const program = (name: string) => readFileSync(join(REPO_ROOT, 'test/cc/libc', name), 'utf8');

describe('libc input and options', () => {
  it('sscanf, scanf and fscanf: conversions, widths, *, scansets, %n, EOF', async () => {
    const r = await runC(program('scanf.c'), { stdin: '5 five\nsix' });
    expect(r.stdout).toBe([
      '1: r=3 42 -17 31',
      '2: r=3 15 16 8',
      '3: r=3 123 45 678',
      '4: r=2 [hello] [world] n=11',
      '5: r=2 [abc]',
      '6: r=2 [key] [value]',
      '7: r=1 []x]]',
      '8: r=2 10 30',
      '9: r=1 100',
      '10: r=-1',
      '11: r=-1',
      '12: r=0',
      '13: r=2 4000000000 4294967295',
      '14: r=2 4464 44',
      '15: r=1 7',
      '16: r=1 2147483647',
      '17: r=2 -26 63',
      '18: r=2 5 [five]',
      '19: r=0',
      '20: r=0',
      '',
    ].join('\n'));
  });

  it('getopt: grouped letters, required and optional values, --, errors', async () => {
    const r = await runC(program('getopt.c'));
    expect(r.stdout).toBe([
      'ab:c::: a b=val c | optind=4 [rest]',
      'ab:c::: a b=val c=x | optind=5 [-a]',
      'ab:c::: a c | optind=2 [-] [-b]',
      ':ab:: ?(z) :(b) | optind=3',
      'ab:: ?(b) | optind=2',
      'a: | optind=1 [file] [-a]',
      "prog: option requires an argument -- 'b'",
      'ab:: ?(b) | optind=2',
      '',
    ].join('\n'));
  });

  it('strtol/strtoul clamp on overflow with ERANGE; rand is the C standard\'s reproducible LCG', async () => {
    const r = await runC(`
      #include <stdio.h>
      #include <stdlib.h>
      #include <errno.h>
      #include <limits.h>
      int main(void) {
        char *end;
        errno = 0;
        long big = strtol("2147483648xyz", &end, 10);
        printf("%d %d [%s]\\n", big == LONG_MAX, errno == ERANGE, end);
        errno = 0;
        long small = strtol("-9999999999", 0, 0);
        printf("%d %d\\n", small == LONG_MIN, errno == ERANGE);
        errno = 0;
        unsigned long ubig = strtoul("4294967296", 0, 10);
        printf("%d %d\\n", ubig == ULONG_MAX, errno == ERANGE);
        errno = 0;
        long z = strtol("Zz!", &end, 36);
        printf("%ld %d [%s]\\n", z, errno, end);
        printf("%d %d %d\\n", atoi("2147483647"), atoi(" -12z"), (int)atol("+8"));
        int r[5];
        for (int i = 0; i < 5; i++) r[i] = rand();
        printf("%d %d\\n", RAND_MAX, r[0]);
        printf("%d %d %d %d\\n", r[1], r[2], r[3], r[4]);
        srand(1);
        printf("%d\\n", rand());
        div_t d = div(-7, 2);
        printf("%d %ld %d %d\\n", abs(-3), labs(-4L), d.quot, d.rem);
        return 0;
      }`);
    expect(r.stdout).toBe('1 1 [xyz]\n1 1\n1 1\n1295 0 [!]\n2147483647 -12 8\n32767 16838\n5758 10113 17515 31051\n16838\n3 4 -3 -1\n');
  });

  it('fopen on the bare machine fails with ENOSYS: there are no files', async () => {
    const r = await runC(`
      #include <stdio.h>
      #include <errno.h>
      int main(void) {
        FILE *f = fopen("/etc/motd", "r");
        if (f) return 1;
        return errno == ENOSYS ? 0 : 2;
      }`);
    expect(r.status).toBe(0);
  });
});
