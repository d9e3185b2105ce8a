// The everyday commands in /bin (issue 12), run through the real shell on
// the booted kernel. Where a command overlaps the host's coreutils, the
// same command line runs on the host (bash with its printf and echo
// builtins off, so /usr/bin's run, LC_ALL=C) over the same files, and the
// outputs must be equal byte for byte, exit status included; elsewhere
// the expected output is written out. One boot for the whole file.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RamfsEntry } from '../../vm/host/cpio.js';
import { ShellSession } from '../../vm/host/shell-session.js';
import { bootShell, run } from './helpers.js';

/** The input files, in the guest's /t and in a host temporary directory. */
const FILES: Record<string, string> = {
  'words.txt': [
    'the quick brown fox', 'jumps over', '', 'The Lazy dog', 'a.b*c', 'tab\there', 'zebra', 'apple pie',
    'apple pie', 'apple pie', 'Zulu', 'banana', 'the end', 'x[y]z', 'caat ct cat', '   spaced   out  ',
  ].join('\n') + '\n',
  'nums.txt': ['10', '9', '-3', '2.5', '2.50', '  7', 'pear', '-0', '0', '100', '-12.75', '9', '08', '3 apples', ''].join('\n'),
  'one.txt': 'just one line, no newline',
  'lines.txt': Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join('\n') + '\n',
};

const GUEST_DIR = '/t';

/** The shell's output for line, without the echoed command and the prompt. */
function output(sh: ShellSession, line: string): string {
  const text = run(sh, line);
  const start = text.indexOf('\n') + 1;
  return text.slice(start, text.lastIndexOf('glassbox:'));
}

/**
 * What the host prints for the same line, in the same form as the guest's
 * shell: standard error mixed in, standard output line-buffered as on the
 * guest's terminal (stdbuf), a failure's "[exit status N]" last.
 */
function host(dir: string, line: string): string {
  try {
    return execFileSync('stdbuf', ['-oL', 'bash', '-c', `enable -n printf echo; { ${line}; } 2>&1`], {
      cwd: dir, env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return `${err.stdout}[exit status ${err.status}]\n`;
  }
}

describe('the everyday commands', () => {
  let sh: ShellSession;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-commands-'));
    const files: RamfsEntry[] = [{ path: GUEST_DIR, kind: 'dir' }];
    for (const [name, text] of Object.entries(FILES)) {
      writeFileSync(join(dir, name), text);
      files.push({ path: `${GUEST_DIR}/${name}`, kind: 'file', data: new TextEncoder().encode(text) });
    }
    sh = await bootShell({ extraFiles: files });
    run(sh, `cd ${GUEST_DIR}`);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const same = (lines: string[]) => {
    for (const line of lines) expect(output(sh, line), line).toBe(host(dir, line));
  };

  it('wc counts as the host does, widths included', () => {
    same([
      'wc words.txt', 'wc -l words.txt', 'wc -w nums.txt', 'wc -c one.txt', 'wc words.txt nums.txt one.txt',
      'wc -lw words.txt lines.txt', 'cat words.txt | wc', 'cat nums.txt | wc -l', 'wc < one.txt', 'wc missing.txt',
    ]);
  });

  it('head and tail take the first and last lines as the host does', () => {
    same([
      'head lines.txt', 'head -n 3 lines.txt', 'head -n 0 lines.txt', 'head -n 2 words.txt lines.txt',
      'cat lines.txt | head -n 4', 'head -n 3 one.txt', 'tail lines.txt', 'tail -n 2 lines.txt',
      'tail -n +23 lines.txt', 'tail -n 1 one.txt', 'cat words.txt | tail -n 3', 'tail -n 100 nums.txt',
      'head -n 2 missing.txt',
    ]);
  });

  it('grep matches fixed strings and the small regular expressions as the host does', () => {
    same([
      'grep apple words.txt', 'grep -n the words.txt', 'grep -i the words.txt', 'grep -v e words.txt',
      'grep -c apple words.txt', 'grep -c a words.txt nums.txt', 'grep ^the words.txt', 'grep e$ words.txt',
      'grep ^$ words.txt', "grep 'ca*t' words.txt", "grep 'c.t' words.txt", "grep '[A-Z]' words.txt",
      "grep '[^a-z ]' words.txt", "grep 'a\\.b\\*c' words.txt", "grep -F 'a.b*c' words.txt", "grep 'x\\[y]z' words.txt",
      "grep '^ *[0-9][0-9]*$' nums.txt", "grep -in 'z[aeiou]' words.txt", 'grep -vc . words.txt', "grep 'o.*o' words.txt",
      'grep nothing words.txt', 'grep -q fox words.txt', 'cat words.txt | grep -n fox', 'grep fox words.txt missing.txt',
      "grep '[]x]' words.txt", "grep '[a-c]a*t$' words.txt",
    ]);
  });

  it('sort orders lines, numbers, reverse and unique as the host does', () => {
    same([
      'sort words.txt', 'sort -r words.txt', 'sort -u words.txt', 'sort -n nums.txt', 'sort -rn nums.txt',
      'sort -nu nums.txt', 'sort -n -r -u nums.txt', 'cat words.txt nums.txt | sort', 'sort words.txt nums.txt',
    ]);
    expect(output(sh, 'sort missing.txt')).toBe('sort: missing.txt: No such file or directory\n[exit status 2]\n');
    expect(host(dir, 'sort missing.txt')).toMatch(/\[exit status 2\]\n$/);
  });

  it('uniq collapses runs, -c counts them, as the host does', () => {
    same(['uniq words.txt', 'uniq -c words.txt', 'sort words.txt | uniq -c', 'uniq -d words.txt', 'uniq -u nums.txt',
      'sort nums.txt | uniq -c']);
  });

  it('seq and printf print as the host does', () => {
    same([
      'seq 5', 'seq 3 7', 'seq 10 -3 -5', 'seq 5 1', 'seq -s , 1 4', 'seq 0', 'seq -2 2',
      "printf 'a%sb\\n' X", "printf '%d|%5d|%-5d|%05d\\n' 42 42 42 42", "printf '%x %X %o %c%c\\n' 255 255 8 hello w",
      "printf '%s,' a b c", "printf '%s=%d\\n' one 1 two", "printf '100%%\\n'", "printf 'tab\\tnew\\nline\\n'",
      "printf '\\101\\x42\\n'", "printf '%.2s|%5s|%-5s|\\n' abc ab ab", "printf '%d\\n' 0x1f 010 \"'A\"",
      "printf '%d\\n' abc", "printf '%*d|\\n' 6 7", "printf '%i %u\\n' -5 5",
    ]);
    // The host's messages say more ("Try 'seq --help'"); the statuses agree.
    expect(output(sh, 'seq 1 0 5')).toBe('seq: invalid zero increment\n[exit status 1]\n');
    expect(output(sh, 'seq x')).toBe("seq: invalid integer argument: 'x'\n[exit status 1]\n");
    expect(output(sh, 'seq 1 2 3 4')).toMatch(/^usage: seq [^]*\[exit status 1\]\n$/);
    for (const line of ['seq 1 0 5', 'seq x', 'seq 1 2 3 4']) expect(host(dir, line)).toMatch(/\[exit status 1\]\n$/);
  });

  it('basename and dirname cut paths as the host does', () => {
    same([
      'basename /usr/lib/x.c', 'basename /usr/lib/x.c .c', 'basename x.c x.c', 'basename /', 'basename a/b//',
      'basename //', 'dirname /usr/lib/x.c', 'dirname x.c', 'dirname /', 'dirname /a', 'dirname a/b//c//',
      'dirname //a',
    ]);
    expect(output(sh, 'basename')).toBe('usage: basename NAME [SUFFIX]\n[exit status 1]\n');
    expect(output(sh, 'dirname')).toBe('usage: dirname NAME\n[exit status 1]\n');
    for (const line of ['basename', 'dirname']) expect(host(dir, line)).toMatch(/\[exit status 1\]\n$/);
  });

  it('tee copies its input to standard output and to files, -a appends', () => {
    expect(output(sh, 'seq 3 | tee /tmp/tee1 /tmp/tee2')).toBe('1\n2\n3\n');
    expect(output(sh, 'cat /tmp/tee1 /tmp/tee2')).toBe('1\n2\n3\n1\n2\n3\n');
    expect(output(sh, 'seq 4 5 | tee -a /tmp/tee1 > /tmp/junk')).toBe('');
    expect(output(sh, 'cat /tmp/junk')).toBe('4\n5\n');
    expect(output(sh, 'cat /tmp/tee1')).toBe('1\n2\n3\n4\n5\n');
    expect(output(sh, 'seq 2 | tee /nodir/x')).toBe('tee: /nodir/x: No such file or directory\n1\n2\n[exit status 1]\n');
  });

  it('yes repeats until its reader is gone', () => {
    expect(output(sh, 'yes | head -n 3')).toBe('y\ny\ny\n');
    expect(output(sh, 'yes a b | head -n 2')).toBe('a b\na b\n');
    expect(output(sh, 'yes | head -n 5000 | wc -l')).toBe('5000\n');
  });

  it('xargs runs the command with the words of its input, -n at a time', () => {
    expect(output(sh, 'seq 5 | xargs')).toBe('1 2 3 4 5\n');
    expect(output(sh, 'seq 5 | xargs -n 2 echo n:')).toBe('n: 1 2\nn: 3 4\nn: 5\n');
    expect(output(sh, 'printf "a \'b c\' d\\\\ e\\n" | xargs -n 1')).toBe("a\nb c\nd e\n");
    expect(output(sh, 'ls /t | xargs wc -l')).toBe(host(dir, 'ls | xargs wc -l'));
    expect(output(sh, 'echo words.txt nums.txt | xargs grep -c zzz')).toBe('words.txt:0\nnums.txt:0\n[exit status 123]\n');
    expect(output(sh, 'seq 3 | xargs nosuchprogram')).toBe('xargs: nosuchprogram: No such file or directory\n[exit status 127]\n');
    expect(output(sh, 'seq 40 | xargs -n 0')).toBe("xargs: invalid number for -n: '0'\n[exit status 1]\n");
    expect(output(sh, 'seq 100 | xargs | wc -w')).toBe('100\n');       // more words than one execve takes
  });

  it('env prints and changes the environment; which finds programs', () => {
    expect(output(sh, 'env')).toBe('');                                  // the shell passes an empty environment
    expect(output(sh, 'env A=1 B=two env')).toBe('A=1\nB=two\n');
    expect(output(sh, 'env A=1 A=2 env')).toBe('A=2\n');
    expect(output(sh, 'env A=1 env -i B=2 env')).toBe('B=2\n');
    expect(output(sh, 'env nosuchprogram')).toBe('env: nosuchprogram: No such file or directory\n[exit status 127]\n');
    expect(output(sh, 'env A=1 false')).toBe('[exit status 1]\n');
    expect(output(sh, 'which ls')).toBe('/bin/ls\n');
    expect(output(sh, 'which ls nosuch grep')).toBe('/bin/ls\n/bin/grep\n[exit status 1]\n');
    expect(output(sh, 'env PATH=/t:/bin which -a ls')).toBe('/bin/ls\n');
    expect(output(sh, 'which /bin/sh /t/nosuch /t')).toBe('/bin/sh\n[exit status 1]\n');
  });

  it('every command prints its usage for -h and exits 0; bad options are usage errors', () => {
    const commands = ['wc', 'head', 'tail', 'grep', 'sort', 'uniq', 'tee', 'seq', 'yes', 'printf', 'basename', 'dirname',
      'xargs', 'env', 'which'];
    for (const name of commands) {
      const text = output(sh, `${name} -h`);
      expect(text, name).toMatch(new RegExp(`^usage: ${name} `));
      expect(text, name).not.toContain('[exit status');
    }
    expect(output(sh, 'grep -Z x words.txt')).toMatch(/^grep: invalid option -- 'Z'\nusage: grep [^]*\[exit status 2\]\n$/);
    expect(output(sh, 'grep')).toMatch(/^usage: grep [^]*\[exit status 2\]\n$/);
    expect(output(sh, "grep '[a-' words.txt")).toBe('grep: unmatched [ or bad range in the pattern\n[exit status 2]\n');
    expect(output(sh, 'wc -x')).toMatch(/\[exit status 1\]\n$/);
    expect(output(sh, 'head -n x lines.txt')).toBe("head: invalid number of lines: 'x'\n[exit status 1]\n");
  });
});
