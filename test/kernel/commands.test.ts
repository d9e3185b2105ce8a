// The everyday commands in /bin (issue 12), run through the real shell on
// the booted kernel. Where a command overlaps the host's coreutils, the
// same command line runs on the host (bash with its printf and echo
// builtins off, so /usr/bin's run, LC_ALL=C) over the same files, and the
// outputs must be equal byte for byte, exit status included; elsewhere
// the expected output is written out. One boot for the whole file.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RamfsEntry } from '../../vm/host/cpio.js';
import { PROGRAMS } from '../../vm/host/manifest.js';
import { ShellSession } from '../../vm/host/shell-session.js';
import { bootShell, kernelGlobals, run } from './helpers.js';

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
  let global: (name: string) => number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glassbox-commands-'));
    const files: RamfsEntry[] = [{ path: GUEST_DIR, kind: 'dir' }];
    for (const [name, text] of Object.entries(FILES)) {
      writeFileSync(join(dir, name), text);
      files.push({ path: `${GUEST_DIR}/${name}`, kind: 'file', data: new TextEncoder().encode(text) });
    }
    sh = await bootShell({ extraFiles: files });
    global = kernelGlobals(sh);
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
    const shells = 'HOME=/\nPATH=/bin\n';                                // what the shell exports
    expect(output(sh, 'env')).toBe(shells);
    expect(output(sh, 'env A=1 B=two env')).toBe(`${shells}A=1\nB=two\n`);
    expect(output(sh, 'env A=1 A=2 env')).toBe(`${shells}A=2\n`);
    expect(output(sh, 'env PATH=/t env')).toBe('HOME=/\nPATH=/t\n');       // replaced in place
    expect(output(sh, 'env A=1 env -i B=2 env')).toBe('B=2\n');
    expect(output(sh, 'env nosuchprogram')).toBe('env: nosuchprogram: No such file or directory\n[exit status 127]\n');
    expect(output(sh, 'env A=1 false')).toBe('[exit status 1]\n');
    expect(output(sh, 'which ls')).toBe('/bin/ls\n');
    expect(output(sh, 'which ls nosuch grep')).toBe('/bin/ls\n/bin/grep\n[exit status 1]\n');
    expect(output(sh, 'env PATH=/t:/bin which -a ls')).toBe('/bin/ls\n');
    expect(output(sh, 'which /bin/sh /t/nosuch /t')).toBe('/bin/sh\n[exit status 1]\n');
  });

  it('ls lays names out in columns on the terminal as GNU ls does, one per line into a pipe', () => {
    const names = PROGRAMS.slice().sort();
    const columns = output(sh, 'ls /bin');
    expect(output(sh, 'ls /bin | cat')).toBe(names.join('\n') + '\n');
    expect(output(sh, 'ls -C /bin | cat')).toBe(columns);
    expect(output(sh, 'ls -1 /bin')).toBe(names.join('\n') + '\n');
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const name of names) writeFileSync(join(bin, name), '');
    expect(columns).toBe(host(dir, 'COLUMNS=80 ls -C -T 0 bin'));
    expect(output(sh, 'env COLUMNS=30 ls -C /bin | head -n 3')).toBe(host(dir, 'COLUMNS=30 ls -C -T 0 bin | head -n 3'));
    expect(output(sh, 'ls /t/words.txt /nosuch')).toBe("ls: cannot access '/nosuch': No such file or directory\n/t/words.txt\n[exit status 2]\n");
  });

  it('ls -l shows mode, links, size, time since boot and name after a total', () => {
    run(sh, 'mkdir /tmp/l');
    run(sh, 'mkdir /tmp/l/sub');
    run(sh, "printf '%600s' x > /tmp/l/f600");
    run(sh, 'seq 3 > /tmp/l/small');
    const out = output(sh, 'ls -l /tmp/l');
    const time = '\\d+:\\d\\d:\\d\\d';
    // total: 600 bytes are 2 blocks of 512, 1 KiB; 6 bytes 1 block, rounded up to 1 KiB; the directory's 64 bytes, 1 KiB.
    expect(out).toMatch(new RegExp(`^total 3\\n-rwxr-xr-x  1      600 +${time} f600\\n-rwxr-xr-x  1        6 +${time} small\\n`
      + `drwxr-xr-x  2       64 +${time} sub\\n$`));
    expect(output(sh, 'ls -la /tmp/l')).toMatch(new RegExp(`^total 5\\ndrwxr-xr-x  3 +\\d+ +${time} \\.\\ndrwxr-xr-x +\\d+ +\\d+ +${time} \\.\\.\\n`));
    expect(output(sh, 'ls -l /tmp/l/small')).toMatch(new RegExp(`^-rwxr-xr-x  1        6 +${time} small\\n$`.replace(' small', ' /tmp/l/small')));
  });

  it('the modification time follows writes and touch, on the machine\'s clock', () => {
    const seconds = (line: string) => {
      const m = /(\d+):(\d\d):(\d\d) \S+\n$/.exec(output(sh, line));
      expect(m, line).not.toBeNull();
      return Number(m![1]) * 3600 + Number(m![2]) * 60 + Number(m![3]);
    };
    run(sh, 'touch /tmp/stamp');
    const made = seconds('ls -l /tmp/stamp');
    run(sh, 'sleep 1');
    expect(seconds('ls -l /tmp/stamp')).toBe(made);                   // reading changes nothing
    run(sh, 'echo more >> /tmp/stamp');
    const written = seconds('ls -l /tmp/stamp');
    expect(written).toBeGreaterThanOrEqual(made + 1);
    run(sh, 'sleep 1');
    run(sh, 'touch /tmp/stamp');
    expect(seconds('ls -l /tmp/stamp')).toBeGreaterThanOrEqual(written + 1);
    expect(output(sh, 'cat /tmp/stamp')).toBe('more\n');             // touch keeps the bytes
    expect(output(sh, 'touch -c /tmp/notmade')).toBe('');
    expect(output(sh, 'ls /tmp/notmade')).toMatch(/No such file or directory\n\[exit status 2\]\n$/);
    expect(output(sh, 'touch /nodir/x')).toBe("touch: cannot touch '/nodir/x': No such file or directory\n[exit status 1]\n");
  });

  it('cp copies files, into directories too, and refuses what it cannot do', () => {
    expect(output(sh, 'cp /t/words.txt /tmp/w')).toBe('');
    expect(output(sh, 'cat /tmp/w')).toBe(FILES['words.txt']);
    run(sh, 'mkdir /tmp/cpd');
    expect(output(sh, 'cp /t/nums.txt /t/one.txt /tmp/cpd')).toBe('');
    expect(output(sh, 'cat /tmp/cpd/one.txt')).toBe(FILES['one.txt']);
    expect(output(sh, 'wc -c /tmp/cpd/nums.txt')).toBe(`${FILES['nums.txt'].length} /tmp/cpd/nums.txt\n`);
    expect(output(sh, 'cp /t/lines.txt /tmp/w')).toBe('');              // an existing file is replaced
    expect(output(sh, 'cat /tmp/w')).toBe(FILES['lines.txt']);
    expect(output(sh, 'cp /tmp/w /tmp/w')).toBe("cp: '/tmp/w' and '/tmp/w' are the same file\n[exit status 1]\n");
    expect(output(sh, 'cp /tmp/cpd /tmp/x')).toBe("cp: -r not specified; omitting directory '/tmp/cpd'\n[exit status 1]\n");
    expect(output(sh, 'cp /nosuch /tmp/x')).toBe("cp: cannot stat '/nosuch': No such file or directory\n[exit status 1]\n");
    expect(output(sh, 'cp /t/one.txt /t/nums.txt /tmp/w')).toBe("cp: target '/tmp/w' is not a directory\n[exit status 1]\n");
    expect(output(sh, 'cp /t/one.txt')).toMatch(/^usage: cp [^]*\[exit status 1\]\n$/);
  });

  it('mv renames in one step, moves into directories, and keeps the tree whole', () => {
    run(sh, 'mkdir /tmp/m');
    run(sh, 'mkdir /tmp/m/a');
    run(sh, 'echo inner > /tmp/m/a/f');
    run(sh, 'echo one > /tmp/m/x');
    expect(output(sh, 'mv /tmp/m/x /tmp/m/y')).toBe('');
    expect(output(sh, 'ls /tmp/m | cat')).toBe('a\ny\n');
    run(sh, 'echo two > /tmp/m/z');
    expect(output(sh, 'mv /tmp/m/z /tmp/m/y')).toBe('');                // replaces y
    expect(output(sh, 'cat /tmp/m/y')).toBe('two\n');
    expect(output(sh, 'mv /tmp/m/y /tmp/m/a')).toBe('');                // into the directory
    expect(output(sh, 'ls /tmp/m/a | cat')).toBe('f\ny\n');
    run(sh, 'mkdir /tmp/m2');
    expect(output(sh, 'mv /tmp/m/a /tmp/m2/b')).toBe('');               // a directory to another parent
    expect(output(sh, 'cat /tmp/m2/b/f')).toBe('inner\n');
    run(sh, 'cd /tmp/m2/b');
    run(sh, 'cd ..');                                                   // its ".." follows it
    expect(output(sh, 'pwd')).toBe('/tmp/m2\n');
    run(sh, `cd ${GUEST_DIR}`);
    expect(output(sh, 'ls -la /tmp/m | head -n 3')).toMatch(/^total \d+\ndrwxr-xr-x  2 [^\n]* \.\n/);   // a lost subdirectory's link
    expect(output(sh, 'mv /tmp/m2 /tmp/m2/b/c')).toBe("mv: cannot move '/tmp/m2' to '/tmp/m2/b/c': Invalid argument\n[exit status 1]\n");
    expect(output(sh, 'mv /tmp/m /tmp/m2')).toBe('');                   // an existing directory: into it
    expect(output(sh, 'ls /tmp/m2 | cat')).toBe('b\nm\n');
    // Into a directory that holds the name already: rename replaces it, when it may.
    for (const line of ['mkdir /tmp/r', 'mkdir /tmp/r/d', 'echo x > /tmp/r/d/keep', 'mkdir /tmp/r/e', 'echo x > /tmp/r/g',
      'mkdir /tmp/s', 'mkdir /tmp/s/d', 'echo x > /tmp/s/e', 'mkdir /tmp/s/g']) run(sh, line);
    const refused = (what: string, why: string) => `mv: cannot move '/tmp/s/${what}' to '/tmp/r/${what}': ${why}\n[exit status 1]\n`;
    expect(output(sh, 'mv /tmp/s/d /tmp/r')).toBe(refused('d', 'Directory not empty'));
    expect(output(sh, 'mv /tmp/s/e /tmp/r')).toBe(refused('e', 'Is a directory'));
    expect(output(sh, 'mv /tmp/s/g /tmp/r')).toBe(refused('g', 'Not a directory'));
    run(sh, 'rm /tmp/r/d/keep');
    expect(output(sh, 'mv /tmp/s/d /tmp/r')).toBe('');                 // an empty directory is replaced
    expect(output(sh, 'ls /tmp/s /tmp/r/d | cat')).toBe('/tmp/r/d:\n\n/tmp/s:\ne\ng\n');   // operands sorted, as GNU's
    expect(output(sh, 'mv /nosuch /tmp/q')).toBe("mv: cannot move '/nosuch' to '/tmp/q': No such file or directory\n[exit status 1]\n");
  });

  it('free shows the kernel\'s page counts: total = used + free, ramfs and shared inside', () => {
    const row = (line: string) => {
      const text = output(sh, line);
      const m = /^(\S+)\s+total\s+used\s+free\s+shared\s+ramfs\nMem:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\n$/.exec(text);
      expect(m, text).not.toBeNull();
      return { unit: m![1], total: +m![2], used: +m![3], free: +m![4], shared: +m![5], ramfs: +m![6] };
    };
    const pages = row('free -p');
    expect(pages.unit).toBe('pages');
    expect(pages.total).toBe(pages.used + pages.free);
    expect(pages.ramfs).toBe(global('ramfs_pages'));           // the kernel's own count, read by name
    expect(pages.ramfs).toBeLessThan(pages.used);
    expect(pages.shared).toBeGreaterThan(0);                    // program code mapped from its file
    expect(pages.shared).toBeLessThan(pages.used);
    const kib = row('free');
    expect(kib.unit).toBe('KiB');
    expect(kib.total).toBe(pages.total * 4);
    expect(kib.ramfs).toBe(pages.ramfs * 4);
    expect(row('free -m').total).toBe(Math.floor(pages.total * 4 / 1024));
    // A forked child shares its parent's pages copy-on-write until either writes.
    const alone = row('free -p').shared;
    run(sh, 'cowdemo bench 64 > /tmp/cow');
    expect(row('free -p').shared).toBe(alone);                  // and they are given back when it ends
    expect(output(sh, 'free -x')).toMatch(/^usage: free [^]*\[exit status 1\]\n$/);
  });

  it('uptime and date count from boot, in step with each other', () => {
    const up = (text: string) => {
      const m = /^up (\d+):(\d\d):(\d\d), (\d+) processes\n$/.exec(text);
      expect(m, text).not.toBeNull();
      return { seconds: +m![1] * 3600 + +m![2] * 60 + +m![3], procs: +m![4] };
    };
    const first = up(output(sh, 'uptime'));
    const rows = output(sh, 'ps').trim().split('\n').length - 1;      // init, sh and ps itself
    expect(first.procs).toBe(rows);                                   // init, sh and uptime itself
    const d = /^(\d\d):(\d\d):(\d\d)\.(\d{9}) since boot\n$/.exec(output(sh, 'date'));
    expect(d).not.toBeNull();
    const dateSeconds = +d![1] * 3600 + +d![2] * 60 + +d![3];
    expect(dateSeconds).toBeGreaterThanOrEqual(first.seconds);
    const cycles = sh.machine.cycles;                                 // the machine's clock, read from the host
    const s = Number(output(sh, 'date +%s').trim());
    expect(s).toBe(Math.floor(cycles / 3e9));
    run(sh, 'sleep 1');
    expect(up(output(sh, 'uptime')).seconds).toBeGreaterThanOrEqual(first.seconds + 1);
    expect(output(sh, "date '+%T|%%|%N'")).toMatch(/^\d\d:\d\d:\d\d\|%\|\d{9}\n$/);
    expect(output(sh, 'date now')).toBe('usage: date [+FORMAT]\n[exit status 1]\n');
  });

  it('ps aux and ps -ef print BSD\'s and System V\'s columns from the process table', () => {
    run(sh, 'spin &');
    run(sh, 'sleep 0.1');                                          // spinning, so each guest second costs host seconds
    const aux = output(sh, 'ps aux').split('\n');
    expect(aux[0]).toBe('USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START      TIME  CYCLES COMMAND');
    const rows = aux.slice(1, -1).map((line) => {
      const m = /^root +(\d+) +(\d+\.\d) +(\d+\.\d) +(\d+) +(\d+) (console|\?) +(\S+) +(\d+:\d\d) +(\d+:\d\d\.\d{3}) +(\S+) (.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      return { pid: +m![1], cpu: +m![2], mem: +m![3], vsz: +m![4], rss: +m![5], stat: m![7], time: m![9], cycles: m![10], command: m![11] };
    });
    const init = rows.find((r) => r.pid === 1)!;
    expect(init.command).toBe('/bin/init');
    const spin = rows.find((r) => r.command === 'spin')!;
    expect(spin.cpu).toBeGreaterThan(90);                          // it has had the CPU since it started
    expect(spin.stat).toBe('R');                                   // a background job: not the foreground group
    expect(spin.time).not.toBe('0:00.000');
    const self = rows.find((r) => r.command === 'ps aux')!;
    expect(self.stat).toBe('R+');
    expect(self.cycles).toMatch(/^\d+(\.\d+)?[kM]$/);           // a short program's time is not 0
    for (const r of rows) expect(r.vsz, `${r.pid}`).toBeGreaterThanOrEqual(r.rss);
    const plain = output(sh, 'ps');
    expect(plain).toMatch(new RegExp(`^ +1 +0 S +1 .* ${init.rss}K init$`, 'm'));   // RSS is the kernel's MEM
    const ef = output(sh, 'ps -ef').split('\n');
    expect(ef[0]).toBe('UID        PID  PPID  C STIME TTY          TIME  CYCLES CMD');
    const shPid = rows.find((r) => r.command === 'sh')!.pid;
    expect(ef.find((l) => l.endsWith(' ps -ef'))).toMatch(new RegExp(`^root +\\d+ +${shPid} +\\d+ +\\d+:\\d\\d console `));
    expect(ef.find((l) => l.endsWith(' spin'))).toMatch(/^root +\d+ +\d+ +(9\d|100) /);
    run(sh, `kill ${spin.pid}`);
    expect(output(sh, 'ps x')).toMatch(/^usage: ps [^]*\[exit status 1\]\n$/);
  });

  it('ps aux shows a zombie as <defunct>', () => {
    run(sh, 'zombie > /tmp/zombie.out &');                     // its child exits at once; it waits a second to reap it
    expect(output(sh, 'ps aux')).toMatch(/^root +\d+ +\d+\.\d +0\.0 +0 +0 \? +Z +\d+:\d\d +\S+ +\S+ \[zombie\] <defunct>$/m);
    run(sh, 'sleep 1.2');
    expect(output(sh, 'ps aux')).not.toContain('<defunct>');
  });

  it('top -b -n 1 sorts the processes by their CPU use over an interval', () => {
    run(sh, 'spin &');
    const out = output(sh, 'top -b -n 1');
    const lines = out.split('\n');
    const head = /^top - up \d+:\d\d:\d\d, (\d+) processes: (\d+) running, (\d+) sleeping, (\d+) zombie$/.exec(lines[0]);
    expect(head, out).not.toBeNull();
    expect(lines[1]).toMatch(/^KiB Mem: \d+ total, \d+ used, \d+ free, \d+ shared, \d+ ramfs$/);
    expect(lines[3]).toBe('  PID USER  %CPU S THR    RSS     CYCLES  TOTAL COMMAND');
    const rows = lines.slice(4, -1).map((l) => /^ *(\d+) root +(\d+\.\d) (\S) +\d+ +\d+K +(\S+) +(\S+) (.*)$/.exec(l)!);
    expect(rows.every((r) => r !== null), out).toBe(true);
    expect(rows.length).toBe(+head![1]);
    expect(+head![2] + +head![3] + +head![4]).toBe(rows.length);
    expect(rows[0][6]).toBe('spin');                               // the busiest first
    expect(+rows[0][2]).toBeGreaterThan(90);
    const cpus = rows.map((r) => +r[2]);
    expect(cpus).toEqual([...cpus].sort((a, b) => b - a));
    run(sh, `kill ${rows[0][1]}`);
    expect(output(sh, 'top -b -n 2 -d 0.01').match(/^top - /gm)).toHaveLength(2);
    expect(output(sh, 'top -d x')).toBe("top: bad delay 'x'\n[exit status 1]\n");
  });

  it('time runs a command and gives its real cycles and its user and system time', () => {
    const parse = (text: string) => {
      const m = /real (\d+)\.(\d{6}) s {2}(\d+) cycles\nuser (\d+\.\d{6}) s\nsys {2}(\d+\.\d{6}) s\n/.exec(text);
      expect(m, text).not.toBeNull();
      return { seconds: +`${m![1]}.${m![2]}`, micros: +m![1] * 1e6 + +m![2], cycles: +m![3], user: +m![4], sys: +m![5] };
    };
    const t = parse(output(sh, 'time seq 2000 > /tmp/seq'));
    expect(t.micros).toBe(Math.floor(t.cycles / 3000));           // seconds are the cycles at 3 GHz
    expect(t.user).toBeGreaterThan(0);                             // formatting numbers
    expect(t.sys).toBeGreaterThan(0);                              // writing them
    expect(t.user + t.sys).toBeLessThanOrEqual(t.seconds);
    expect(output(sh, 'wc -l /tmp/seq')).toBe('2000 /tmp/seq\n');   // the command's output is its own
    const nested = parse(output(sh, 'time xargs -n 1 echo < /t/nums.txt > /tmp/x'));
    expect(nested.user + nested.sys).toBeGreaterThan(0);          // the grandchildren's time counts too
    expect(output(sh, 'time false')).toMatch(/\[exit status 1\]\n$/);
    expect(output(sh, 'time nosuch')).toMatch(/^time: nosuch: No such file or directory\n[^]*\[exit status 127\]\n$/);
    expect(output(sh, 'time segfault')).toMatch(/\[exit status 139\]\n$/);
    expect(output(sh, 'time -p true')).toMatch(/^real \d+\.\d\d\nuser \d+\.\d\d\nsys \d+\.\d\d\n$/);
    expect(output(sh, 'time')).toMatch(/^usage: time [^]*\[exit status 1\]\n$/);
  });

  it('trace prints each system call with its arguments, text and result, then how the process ended', () => {
    const out = output(sh, 'trace cat /t/one.txt /nosuch');
    expect(out.split('\n').filter((l) => l.startsWith('[pid'))).toEqual([
      expect.stringMatching(/^\[pid (\d+)\] execve\("\/bin\/cat", 0x[0-9a-f]+, 0x[0-9a-f]+\) = 0$/),
      expect.stringMatching(/^\[pid \d+\] open\("\/t\/one\.txt", 0, 0\) = 3$/),
      expect.stringMatching(/^\[pid \d+\] read\(3, "just one line, no newline", 512\) = 25$/),
      expect.stringMatching(/^\[pid \d+\] write\(1, "just one line, no newline", 25\) = 25$/),
      expect.stringMatching(/^\[pid \d+\] read\(3, 0x[0-9a-f]+, 512\) = 0$/),
      expect.stringMatching(/^\[pid \d+\] close\(3\) = 0$/),
      expect.stringMatching(/^\[pid \d+\] open\("\/nosuch", 0, 0\) = -1 ENOENT \(No such file or directory\)$/),
      expect.stringMatching(/^\[pid \d+\] write\(2, "cat: \/nosuch: no such file\\n", 27\) = 27$/),   // on stderr, in one write
      expect.stringMatching(/^\[pid \d+\] exit_group\(1\) = \?$/),
      expect.stringMatching(/^\[pid \d+\] \+\+\+ exited with 1 \+\+\+$/),
    ]);
    expect(new Set(out.match(/^\[pid \d+\]/gm)).size).toBe(1);           // one process
    expect(out).toMatch(/\[exit status 1\]\n$/);                           // cat's status
    // A long text is cut where the kernel stopped keeping it.
    expect(output(sh, 'trace cat /t/lines.txt')).toMatch(/\] read\(3, "line 1\\nline 2\\n[^"]*"\.\.\., 512\) = 191$/m);
  });

  it('trace follows children, waits for a full ring instead of losing records, and reports deaths', () => {
    const out = output(sh, 'echo a b | trace xargs echo');
    const fork = /^\[pid (\d+)\] fork\(\) = (\d+)$/m.exec(out);
    expect(fork, out).not.toBeNull();
    const [, parent, child] = fork!;
    expect(out).toContain(`[pid ${child}] execve("/bin/echo", `);
    expect(out).toContain(`[pid ${child}] write(1, "a b\\n", 4) = 4\n`);
    expect(out).toContain(`[pid ${child}] +++ exited with 0 +++\n`);
    expect(out).toMatch(new RegExp(`^\\[pid ${parent}\\] waitpid\\(${child}, 0x[0-9a-f]+, 0\\) = ${child}$`, 'm'));
    expect(out).toMatch(new RegExp(`\\[pid ${parent}\\] \\+\\+\\+ exited with 0 \\+\\+\\+\\n$`));
    const many = output(sh, 'trace seq 200 > /tmp/seq200');              // 200 writes: the ring holds 64
    for (let i = 1; i <= 200; i++) expect(many).toContain(`write(1, "${i}\\n", ${String(i).length + 1}) = ${String(i).length + 1}\n`);
    const killed = output(sh, 'trace segfault');
    expect(killed).toMatch(/\] \+\+\+ killed by SIGSEGV \+\+\+\n\[exit status 139\]\n$/);
    expect(output(sh, 'trace trace true')).toMatch(/gb_trace_start\(\) = -1 EBUSY \(Device or resource busy\)/);
    expect(output(sh, 'trace nosuch')).toMatch(/execve\("\/bin\/nosuch", [^)]*\) = -1 ENOENT [^]*\[exit status 127\]\n$/);
    expect(output(sh, 'trace')).toMatch(/^usage: trace [^]*\[exit status 1\]\n$/);
  });

  it('every command prints its usage for -h and exits 0; bad options are usage errors', () => {
    const commands = ['wc', 'head', 'tail', 'grep', 'sort', 'uniq', 'tee', 'seq', 'yes', 'printf', 'basename', 'dirname',
      'xargs', 'env', 'which', 'cp', 'mv', 'touch', 'ls', 'date', 'uptime', 'free', 'ps', 'top', 'time', 'trace'];
    for (const name of commands) {
      const text = output(sh, `${name} -h`);
      expect(text, name).toMatch(new RegExp(`^usage: ${name}\\b`));
      expect(text, name).not.toContain('[exit status');
    }
    expect(output(sh, 'grep -Z x words.txt')).toMatch(/^grep: invalid option -- 'Z'\nusage: grep [^]*\[exit status 2\]\n$/);
    expect(output(sh, 'grep')).toMatch(/^usage: grep [^]*\[exit status 2\]\n$/);
    expect(output(sh, "grep '[a-' words.txt")).toBe('grep: unmatched [ or bad range in the pattern\n[exit status 2]\n');
    expect(output(sh, 'wc -x')).toMatch(/\[exit status 1\]\n$/);
    expect(output(sh, 'head -n x lines.txt')).toBe("head: invalid number of lines: 'x'\n[exit status 1]\n");
  });
});
