// The terminal: the shell's line editor, driven with the bytes xterm.js
// sends for each key, checked by the line the shell ran and the echo it
// drew; the console's termios (raw and no-echo reads, the default modes);
// the signals the terminal sends (Ctrl-C, Ctrl-\, Ctrl-Z, Ctrl-D); job
// control (Stopped in ps, bg, fg, kill %N, SIGTTIN, "[1]+  Done"); and the
// kernel's stops as waitpid reports them (test/kernel/ttytest.c).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROMPT_RE, type ShellSession } from '../../vm/host/shell-session.js';
import { nodeReader, REPO_ROOT } from '../../vm/host/node-files.js';
import { buildUserProgram } from '../../vm/host/system-build.js';
import type { RamfsEntry } from '../../vm/host/cpio.js';
import { bootShell, COMMAND_LIMIT, run } from './helpers.js';
import { EVENT, VECTOR } from '../../vm/isa/machine.js';

const PROMPT = 'glassbox:/$ ';
const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const UP = '\x1b[A';
const DOWN = '\x1b[B';
const DELETE = '\x1b[3~';

function ttytest(): Uint8Array {
  const path = 'test/kernel/ttytest.c';
  return buildUserProgram([{ path, text: readFileSync(join(REPO_ROOT, path), 'utf8') }], nodeReader());
}

const FILES: RamfsEntry[] = [
  { path: '/tmp/c', kind: 'dir' },
  { path: '/tmp/c/alpha.txt', kind: 'file', data: new TextEncoder().encode('a\n') },
  { path: '/tmp/c/alpine', kind: 'dir' },
  { path: '/tmp/c/beta', kind: 'file', data: new TextEncoder().encode('b\n') },
];

/** Type keys all at once; what the console showed until the next prompt. */
function keys(sh: ShellSession, text: string): string {
  const mark = sh.transcript.length;
  sh.type(text);
  const r = sh.waitForPrompt(COMMAND_LIMIT);
  if (r.outcome !== 'prompt') throw new Error(`${JSON.stringify(text)}: ${r.outcome}\n${sh.transcript.slice(-2000)}`);
  return sh.transcript.slice(mark);
}

/** Type each part after letting the guest run a while (a person typing while a program runs). */
function paced(sh: ShellSession, ...parts: string[]): string {
  const mark = sh.transcript.length;
  for (const p of parts) {
    sh.type(p);
    sh.machine.run(40_000_000);
  }
  if (PROMPT_RE.test(sh.transcript.slice(mark))) return sh.transcript.slice(mark);
  const r = sh.waitForPrompt(COMMAND_LIMIT);
  if (r.outcome !== 'prompt') throw new Error(`${JSON.stringify(parts)}: ${r.outcome}\n${sh.transcript.slice(-2000)}`);
  return sh.transcript.slice(mark);
}

describe('the line editor', () => {
  let sh: ShellSession;
  beforeAll(async () => {
    sh = await bootShell({ extraFiles: FILES });
  }, 120_000);

  it('inserts at the cursor after Left, and redraws the rest of the line', () => {
    expect(keys(sh, `echo wrld${LEFT}${LEFT}${LEFT}o\r`)).toBe(`echo wrld\b\b\borld\b\b\brld\nworld\n${PROMPT}`);
    expect(keys(sh, `echo ac${LEFT}${RIGHT}${LEFT}b\r`)).toBe(`echo ac\bc\bbc\bc\nabc\n${PROMPT}`);
    expect(keys(sh, 'echo ac\x02b\x06d\r')).toBe(`echo ac\bbc\bcd\nabcd\n${PROMPT}`);      // Ctrl-B, Ctrl-F
  });

  it('goes Home and End with every sequence xterm.js sends, and Ctrl-A / Ctrl-E', () => {
    for (const [home, end] of [['\x1b[H', '\x1b[F'], ['\x1b[1~', '\x1b[4~'], ['\x1bOH', '\x1bOF'], ['\x01', '\x05']]) {
      const out = keys(sh, `cho hi${home}e${end}!\r`);
      expect(out, JSON.stringify(home)).toBe(`cho hi\b\b\b\b\b\becho hi\b\b\b\b\b\bcho hi!\nhi!\n${PROMPT}`);
    }
  });

  it('erases with Backspace anywhere, Delete, Ctrl-D inside a line, Ctrl-K, Ctrl-U and Ctrl-W', () => {
    expect(keys(sh, 'echo abx\x7f\r')).toBe(`echo abx\b \b\nab\n${PROMPT}`);
    expect(keys(sh, `echo axb${LEFT}\x7f\r`)).toBe(`echo axb\b\bb \b\bb\nab\n${PROMPT}`);   // Enter: to the end first
    expect(keys(sh, `echo axb${LEFT}${LEFT}${DELETE}\r`)).toBe(`echo axb\b\bb \b\bb\nab\n${PROMPT}`);
    expect(keys(sh, `echo axb${LEFT}${LEFT}\x04\r`)).toBe(`echo axb\b\bb \b\bb\nab\n${PROMPT}`);
    expect(keys(sh, `echo ab gone${LEFT}${LEFT}${LEFT}${LEFT}${LEFT}\x0b\r`)).toBe(
      `echo ab gone\b\b\b\b\b     \b\b\b\b\b\nab\n${PROMPT}`);
    expect(keys(sh, 'junk\x15echo kept\r')).toBe(`junk\b\b\b\b    \b\b\b\becho kept\nkept\n${PROMPT}`);
    expect(keys(sh, 'echo one two\x17three\r')).toBe(`echo one two\b\b\b   \b\b\bthree\none three\n${PROMPT}`);
  });

  it('walks the history with Up and Down (and Ctrl-P / Ctrl-N), back to the line being typed', () => {
    run(sh, 'echo first');
    run(sh, 'echo second');
    expect(keys(sh, `${UP}${UP}\r`)).toBe(
      `echo second\b\b\b\b\b\b\b\b\b\b\becho first \b\nfirst\n${PROMPT}`);
    // Up shows "echo first" (the last line now), Up again "echo second", Down back to "echo first".
    expect(keys(sh, `${UP}${UP}${DOWN}\r`)).toBe(
      `echo first\b\b\b\b\b\b\b\b\b\becho second\b\b\b\b\b\b\b\b\b\b\becho first \b\nfirst\n${PROMPT}`);
    // Down past the newest entry gives back what was typed before Up.
    expect(keys(sh, `echo new${UP}${DOWN}\r`)).toBe(
      `echo new\b\b\b\b\b\b\b\becho first\b\b\b\b\b\b\b\b\b\becho new  \b\b\nnew\n${PROMPT}`);
    expect(keys(sh, '\x10\r')).toBe(`echo new\nnew\n${PROMPT}`);
    expect(run(sh, 'history 3')).toMatch(/^history 3\n +\d+  echo first\n +\d+  echo new\n +\d+  history 3\n/);
  });

  it('clears the screen with Ctrl-L and draws the line again', () => {
    expect(keys(sh, `echo ab${LEFT}\x0c\r`)).toBe(`echo ab\b\x1b[H\x1b[2J${PROMPT}echo ab\bb\nab\n${PROMPT}`);
  });

  it('completes command names, then file names; a second Tab lists the candidates', () => {
    expect(keys(sh, 'ech\t hi\r')).toBe(`echo  hi\nhi\n${PROMPT}`);
    expect(keys(sh, 'whic\t\x15\r')).toBe(`which \b\b\b\b\b\b      \b\b\b\b\b\b\n${PROMPT}`);
    // spin and spinthreads: as far as they agree, a bell; the second Tab lists them.
    expect(keys(sh, 'spi\t\t\x15\r')).toBe(
      `spin\x07\nspin         spinthreads\n${PROMPT}spin\b\b\b\b    \b\b\b\b\n${PROMPT}`);
    expect(keys(sh, 'cat /tmp/c/b\t\r')).toBe(`cat /tmp/c/beta \nb\n${PROMPT}`);
    expect(keys(sh, 'cd /tmp/c/alp\t\t\x15\r')).toBe(
      `cd /tmp/c/alp\x07\nalpha.txt  alpine/\n${PROMPT}cd /tmp/c/alp\b\b\b\b\b\b\b\b\b\b\b\b\b             \b\b\b\b\b\b\b\b\b\b\b\b\b\n${PROMPT}`);
    expect(keys(sh, 'cd /tmp/c/alpi\t\r')).toBe(`cd /tmp/c/alpine/\nglassbox:/tmp/c/alpine$ `);
    expect(keys(sh, 'ls ../alph\t\r')).toBe(`ls ../alpha.txt \n../alpha.txt\nglassbox:/tmp/c/alpine$ `);
    expect(keys(sh, 'cd /\r')).toBe(`cd /\n${PROMPT}`);
    expect(keys(sh, 'nosuchcmd\t\x15\r')).toBe(`nosuchcmd\x07\b\b\b\b\b\b\b\b\b         \b\b\b\b\b\b\b\b\b\n${PROMPT}`);
  });

  it('gives a command cooked lines again, typed at its own pace or ahead in one go', () => {
    expect(paced(sh, 'cat\r', 'hello\r', '\x04')).toBe(`cat\nhello\nhello\n${PROMPT}`);
    expect(keys(sh, 'cat\rahead\r\x04')).toBe(`cat\nahead\nahead\n${PROMPT}`);
    expect(paced(sh, 'read v; echo "[$v]"\r', 'a b\x7fc\r')).toBe(`read v; echo "[$v]"\na b\b \bc\n[a c]\n${PROMPT}`);
  });

  it('takes ESC sequences it has no use for without typing them', () => {
    expect(keys(sh, 'echo a\x1b[1;5Cb\x1b[15~\r')).toBe(`echo ab\nab\n${PROMPT}`);
  });

  it('is not used when the input is not the terminal: bytes pass as they are', () => {
    expect(run(sh, "printf 'echo a\\033[Db\\n' | sh | wc -c")).toBe(
      "printf 'echo a\\033[Db\\n' | sh | wc -c\n6\n" + PROMPT);
  });
});

describe('the console modes', () => {
  let sh: ShellSession;
  beforeAll(async () => {
    sh = await bootShell({ extraPrograms: new Map([['ttytest', ttytest()]]) });
  }, 120_000);

  it('starts cooked, with the usual control characters', () => {
    expect(run(sh, 'ttytest modes')).toBe('ttytest modes\nICANON 1 ECHO 1 ISIG 1 ICRNL 1\n' +
      'VINTR 3 VQUIT 28 VSUSP 26 VEOF 4 VERASE 127 VKILL 21 VWERASE 23 VMIN 1\n' +
      `tcgetattr on a pipe: Bad file descriptor\n${PROMPT}`);
    expect(run(sh, 'ttytest modes < /dev/null')).toBe(
      `ttytest modes < /dev/null\ntcgetattr: Inappropriate ioctl for device\n${PROMPT}`);
  });

  it('raw: every byte as typed, erase characters included, no echo', () => {
    expect(paced(sh, 'ttytest raw 4\r', 'ab', '\x7f\r')).toBe(
      `ttytest raw 4\nraw\nread 2\nread 2\n61 62 7f 0a \nwaiting after the first read: 0\n${PROMPT}`);
  });

  it('cooked without ECHO: a line is edited but not shown', () => {
    expect(paced(sh, 'ttytest noecho\r', 'secrex\x7ft\r')).toBe(`ttytest noecho\npassword: \ngot 7 bytes: secret\n${PROMPT}`);
  });
});

describe('signals from the terminal and job control', () => {
  let sh: ShellSession;
  beforeAll(async () => {
    sh = await bootShell({ extraPrograms: new Map([['ttytest', ttytest()]]) });
  }, 120_000);

  const shellPid = (): string => /^(\d+)$/m.exec(run(sh, 'echo $$'))![1];
  const psLine = (name: string): string | undefined =>
    run(sh, 'ps').split('\n').find((l) => l.endsWith(` ${name}`));

  it('Ctrl-C ends the foreground job, never the shell', () => {
    const pid = shellPid();
    const out = paced(sh, 'yes\r', '\x03');
    expect(out.startsWith('yes\ny\ny\n')).toBe(true);
    expect(out.endsWith(`y\n^C\n${PROMPT}`)).toBe(true);
    expect(paced(sh, 'spin\r', '\x03')).toBe(`spin\n^C\n${PROMPT}`);
    expect(run(sh, 'echo $?')).toBe(`echo $?\n130\n${PROMPT}`);
    expect(shellPid()).toBe(pid);
    expect(psLine('spin')).toBeUndefined();
    // At the prompt it only throws the line away; typed in the same instant
    // as the line, it throws away the keys before it too (the console flushes its input).
    expect(paced(sh, 'echo half', '\x03')).toBe(`echo half^C\n${PROMPT}`);
    expect(keys(sh, 'echo gone\x03')).toBe(`^C\n${PROMPT}`);
  });

  it('Ctrl-\\ sends SIGQUIT', () => {
    expect(paced(sh, 'spin\r', '\x1c')).toBe(`spin\n^\\\nQuit\n${PROMPT}`);
    expect(run(sh, 'echo $?')).toBe(`echo $?\n131\n${PROMPT}`);
  });

  it('Ctrl-Z stops spin (ps shows T); bg runs it again, fg brings it back, Ctrl-C ends it', () => {
    expect(paced(sh, 'spin\r', '\x1a')).toBe(`spin\n^Z\n[1]+  Stopped                 spin\n${PROMPT}`);
    expect(run(sh, 'echo $?')).toBe(`echo $?\n148\n${PROMPT}`);
    expect(psLine('spin')).toMatch(/^ +\d+ +\d+ T /);
    expect(run(sh, 'jobs')).toBe(`jobs\n[1]+  Stopped                 spin\n${PROMPT}`);
    expect(run(sh, 'bg')).toBe(`bg\n[1]+ spin &\n${PROMPT}`);
    expect(run(sh, 'jobs')).toBe(`jobs\n[1]+  Running                 spin &\n${PROMPT}`);
    expect(psLine('spin')).toMatch(/^ +\d+ +\d+ R /);
    expect(paced(sh, 'fg %1\r', '\x03')).toBe(`fg %1\nspin\n^C\n${PROMPT}`);
    expect(run(sh, 'jobs')).toBe(`jobs\n${PROMPT}`);
    expect(psLine('spin')).toBeUndefined();
  });

  it('stops a whole pipeline, and kill %N ends it', () => {
    expect(paced(sh, 'spin | cat\r', '\x1a')).toBe(`spin | cat\n^Z\n[1]+  Stopped                 spin | cat\n${PROMPT}`);
    expect(psLine('spin')).toMatch(/ T /);
    expect(psLine('cat')).toMatch(/ T /);
    expect(run(sh, 'kill %1')).toBe(`kill %1\n[1]+  Terminated              spin | cat\n${PROMPT}`);
    expect(psLine('cat')).toBeUndefined();
  });

  it('numbers jobs, marks the current and previous one, and reports a background job that ends', () => {
    expect(run(sh, 'spin &')).toMatch(new RegExp(`^spin &\\n\\[1\\] \\d+\\n${PROMPT.replace('$', '\\$')}$`));
    expect(run(sh, 'sleep 0.05 &')).toMatch(/^sleep 0.05 &\n\[2\] \d+\n/);
    expect(run(sh, 'jobs')).toBe(`jobs\n[1]-  Running                 spin &\n[2]+  Running                 sleep 0.05 &\n${PROMPT}`);
    expect(run(sh, 'sleep 0.1')).toBe(`sleep 0.1\n[2]+  Done                    sleep 0.05\n${PROMPT}`);
    expect(run(sh, 'sh -c "exit 3" &')).toMatch(/^sh -c "exit 3" &\n\[2\] \d+\n/);
    expect(run(sh, 'sleep 0.05')).toBe(`sleep 0.05\n[2]+  Exit 3                  sh -c "exit 3"\n${PROMPT}`);
    expect(run(sh, 'kill -STOP %1')).toBe(`kill -STOP %1\n[1]+  Stopped                 spin\n${PROMPT}`);
    expect(run(sh, 'kill -CONT %spin; jobs')).toBe(`kill -CONT %spin; jobs\n[1]+  Running                 spin\n${PROMPT}`);
    expect(run(sh, 'kill %9')).toBe(`kill %9\nsh: kill: %9: no such job\n[exit status 1]\n${PROMPT}`);
    expect(run(sh, 'kill -9 %1')).toBe(`kill -9 %1\n[1]+  Killed                  spin\n${PROMPT}`);
    expect(run(sh, 'fg')).toBe(`fg\nsh: fg: no current job\n[exit status 1]\n${PROMPT}`);
    expect(run(sh, 'kill -l 148')).toBe(`kill -l 148\nTSTP\n${PROMPT}`);
  });

  it('stops a background job that reads the terminal (SIGTTIN) until fg gives it the terminal', () => {
    expect(run(sh, 'cat &') + run(sh, 'echo next')).toMatch(
      /^cat &\n\[1\] \d+\nglassbox:\/\$ echo next\nnext\n\[1\]\+  Stopped                 cat\nglassbox:\/\$ $/);
    expect(paced(sh, 'fg\r', 'line\r', '\x04')).toBe(`fg\ncat\nline\nline\n${PROMPT}`);
  });

  it('warns once about stopped jobs before Ctrl-D ends the shell', () => {
    paced(sh, 'spin\r', '\x1a');
    expect(keys(sh, '\x04')).toBe(`There are stopped jobs.\n${PROMPT}`);
    expect(run(sh, 'jobs')).toBe(`jobs\n[1]+  Stopped                 spin\n${PROMPT}`);
    expect(run(sh, 'kill %1')).toBe(`kill %1\n[1]+  Terminated              spin\n${PROMPT}`);
  });

  it('Ctrl-D on an empty line ends the shell; init starts a new one', () => {
    const before = shellPid();
    expect(keys(sh, 'echo not empty\x04\x15\x04')).toBe(
      `echo not empty\b\b\b\b\b\b\b\b\b\b\b\b\b\b              \b\b\b\b\b\b\b\b\b\b\b\b\b\bexit\n` +
      `init: the shell exited; starting a new one\n${PROMPT}`);
    expect(shellPid()).not.toBe(before);
    expect(run(sh, 'ttytest modes')).toContain('ICANON 1 ECHO 1 ISIG 1');
  });

  it('the kernel: stops and continues as waitpid reports them; SIGSTOP cannot be caught', () => {
    expect(run(sh, 'ttytest stop')).toBe('ttytest stop\nWUNTRACED: stopped by 19\nreported once: 0\n' +
      'WCONTINUED: continued\nSIGTSTP: stopped by 20\nSIGTERM while stopped: killed by 15\n' + PROMPT);
    expect(run(sh, 'ttytest sigstop')).toBe('ttytest sigstop\nsignal(SIGSTOP, handler): Invalid argument\n' +
      `signal(SIGSTOP, SIG_IGN): Invalid argument\nblocked: SIGSTOP 0 SIGTSTP 1\n${PROMPT}`);
  });
});

// What a typed byte costs the kernel, in cycles (exact, so the bounds are not
// timing): the console interrupt wakes the line editor's read once for all
// the bytes it takes, and a wakeup looks only at the thread slots ever used.
// Waking per byte, through all 256 slots, cost about 7,600 cycles a byte.
describe('the console interrupt, in cycles', () => {
  /** Cycles from the console interrupt to its iret, for n bytes typed at once into the editor. */
  function irqCycles(sh: ShellSession, n: number): number {
    const m = sh.machine;
    m.takeEvents();
    sh.type('x'.repeat(n));
    m.run(20_000_000);
    const events = m.takeEvents();
    const entry = events.findIndex((e) => e.kind === EVENT.INTERRUPT && e.a === VECTOR.CONSOLE);
    const exit = events.findIndex((e, k) => k > entry && e.kind === EVENT.IRET);
    expect(entry).toBeGreaterThanOrEqual(0);
    expect(exit).toBeGreaterThan(entry);
    sh.type('\x15');                                   // Ctrl-U: the editor drops the line
    m.run(20_000_000);
    return events[exit].cycles - events[entry].cycles;
  }

  it('costs a few hundred cycles a byte and one wakeup per interrupt', async () => {
    const sh = await bootShell({ trace: true });
    const one = irqCycles(sh, 1);
    const eight = irqCycles(sh, 8);
    const many = irqCycles(sh, 64);
    expect(one).toBeLessThan(4_000);
    expect((many - eight) / 56).toBeLessThan(1_500);
    expect(irqCycles(sh, 64)).toBe(many);              // and exactly the same each time
  });
});
