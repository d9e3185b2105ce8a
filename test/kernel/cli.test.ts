// `glassbox run` as a command: what it prints and its exit status.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../vm/host/node-files.js';

function glassbox(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), [join(REPO_ROOT, 'vm/cli/main.ts'), ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('glassbox run', () => {
  it('types each line into the shell after the previous one finished, and exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-'));
    const file = join(dir, 'hello.c');
    writeFileSync(file, '#include <stdio.h>\nint main(int argc, char **argv) { printf("hi %s\\n", argv[1]); return 5; }\n');
    const r = glassbox('run', '--add', file, '-c', 'hello there', '-c', 'echo next');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/glassbox:\/\$ hello there\nhi there\n\[exit status 5\]\nglassbox:\/\$ echo next\nnext\n/);
  });

  it('--add assembles a .s file into a program the shell runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-'));
    const file = join(dir, 'seven.s');
    writeFileSync(file, '.text\n.globl main\nmain:\n    mov eax, 7\n    ret\n');
    const r = glassbox('run', '--add', file, '-c', 'seven');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/glassbox:\/\$ seven\n\[exit status 7\]\n/);
  });

  it('--add takes a NASM program with its own _start and %include, as the README says', () => {
    const example = glassbox('run', '--add', 'examples/hello-nasm.asm', '-c', 'hello-nasm');
    expect(example.status).toBe(0);
    expect(example.stdout).toMatch(/glassbox:\/\$ hello-nasm\nHello, World!\nglassbox:\/\$ /);
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-'));
    writeFileSync(join(dir, 'sys.inc'), '%define SYS_EXIT 1\n');
    writeFileSync(join(dir, 'three.asm'), '%include "sys.inc"\nsection .text\nglobal _start\n_start:\n  mov eax, SYS_EXIT\n  mov ebx, 3\n  int 80h\n');
    const r = glassbox('run', '--add', join(dir, 'three.asm'), '-c', 'three');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/glassbox:\/\$ three\n\[exit status 3\]\n/);
  });

  it('--add rejects what is not a program with one line and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-'));
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'just some words, and more of them than an ELF header has bytes\n');
    const bad = glassbox('run', '--add', text, '-c', 'true');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${text}: not an ELF file (bad magic) (--add takes a .c file, a .s or .asm file, or a program built with glassbox cc)`);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const named = join(dir, '1st.c');
    writeFileSync(named, 'int main(void) { return 0; }\n');
    const name = glassbox('shell', '--add', named);
    expect(name.status).toBe(1);
    expect(name.stderr).toContain('"1st" cannot be a program name in /bin');
    expect(name.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);   // two CLI runs, each building the whole system: past 60 s on a loaded machine

  it('prints kernel and machine events with --trace on stderr, the console alone on stdout', () => {
    const r = glassbox('run', '--trace', '-c', '/bin/true');   // a path: `true` alone is the shell's built-in
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/\] eip=0x[0-9a-f]{8} fork: pid 2 created child 3\n/);
    expect(r.stderr).toMatch(/exec: pid 3 runs \/bin\/true\n/);
    expect(r.stderr).toMatch(/reap: pid 2 collects zombie 3 \(exited with status 0\)/);
    expect(r.stderr).toMatch(/cr3 0x[0-9a-f]{8} -> 0x[0-9a-f]{8}/);
    expect(r.stderr).toMatch(/switch 6\/7 switch page table → TLB flush: tid 3 cr3 <- 0x/);
    expect(r.stdout).not.toMatch(/eip=0x/);
    expect(r.stdout).toMatch(/glassbox:\/\$ \/bin\/true\nglassbox:\/\$ /);
  });

  it('--trace-file writes the events to a file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'glassbox-')), 'trace.txt');
    const r = glassbox('run', '--trace-file', file, '-c', '/bin/true');
    expect(r.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/exec: pid 3 runs \/bin\/true\n/);
    expect(r.stderr).not.toMatch(/exec: pid/);
  });

  it('exits 126, with a symbolized backtrace, when the kernel panics', () => {
    const r = glassbox('run', '--cmdline', 'init=/bin/missing', '-c', 'true');
    expect(r.status).toBe(126);
    expect(r.stdout).toContain('kernel panic: no init');
    expect(r.stdout).toMatch(/#\d 0xc01[0-9a-f]{5}  start_init\+0x/);
    expect(r.stderr).toContain('the kernel panicked');
  });

  it('exits 124 when a command runs out of guest cycles', () => {
    const r = glassbox('run', '--max-cycles', '50000000', '-c', 'spin');
    expect(r.status).toBe(124);
    expect(r.stderr).toContain("'spin': no prompt after 50000000 cycles");
  });

  it('--fail-on-error exits 1 when a typed command fails, and 0 without it', () => {
    expect(glassbox('run', '-c', 'false', '-c', 'echo after').status).toBe(0);
    const failing = glassbox('run', '--fail-on-error', '-c', 'false', '-c', 'echo after');
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('after\n');                     // the lines still all run
    expect(glassbox('run', '--fail-on-error', '-c', 'true', '-c', 'echo ok').status).toBe(0);
    expect(glassbox('run', '--fail-on-error', '-c', 'segfault').status).toBe(1);
  });

  it('--json prints the schema the README documents: console, command, event and result lines', () => {
    const r = glassbox('run', '--json', '--trace', '-c', 'echo hi', '-c', 'exitwith 3');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(new Set(lines.map((l) => l.type))).toEqual(new Set(['console', 'command', 'result']));
    expect(lines.filter((l) => l.type === 'console').map((l) => l.text).join('')).toContain('glassbox:/$ echo hi\nhi\n');
    const commands = lines.filter((l) => l.type === 'command');
    expect(commands.map((c) => [c.line, c.outcome])).toEqual([['echo hi', 'prompt'], ['exitwith 3', 'prompt']]);
    expect(typeof commands[0].cycles).toBe('number');
    const result = lines[lines.length - 1];
    expect(result).toMatchObject({ type: 'result', outcome: 'prompt', exit: 0 });
    expect(result.cycles).toBeGreaterThan(commands[1].cycles as number - 1);
    const events = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const fork = events.find((e) => e.name === 'fork' && (e.values as Record<string, number>).parent === 2)!;
    expect(fork).toMatchObject({ type: 'event', category: 'process', pid: 2, text: expect.stringMatching(/^fork: pid 2 created child \d+$/) });
    expect(typeof fork.cycle).toBe('number');
    expect(typeof fork.eip).toBe('number');
    expect(fork.values).toMatchObject({ parent: 2 });
  });

  it('shell takes piped input, types it, and exits when the guest has read it all', () => {
    const r = spawnSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), [join(REPO_ROOT, 'vm/cli/main.ts'), 'shell'], {
      encoding: 'utf8', cwd: REPO_ROOT, timeout: 120_000, input: 'echo piped\nexitwith 4\necho last\n',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('piped\n');
    expect(r.stdout).toContain('[exit status 4]');
    expect(r.stdout).toMatch(/last\n.*glassbox:\/\$ $/s);
  });

  it('hands the kernel its TLB choices: with --pcid on a CR3 write flushes nothing', () => {
    const r = glassbox('run', '--pcid', 'on', '--global-pages', 'off', '-c', 'flushcost -p 8');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('TLB: PCIDs on, kernel pages not global\n');
    expect(r.stdout).toMatch(/^CR3 write +\d+ cycles; touching 8 pages after it: (\d+) cycles \(\1 without a flush, refill 0\)$/m);
  });

  it('boots the hardware the flags choose: a 256-entry TLB moves tlbbench\'s step', () => {
    const r = glassbox('run', '--tlb-entries', '256', '--cost', 'pageWalk=40', '-c', 'tlbbench -p 512');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ +128 +7\.01$/m);
    expect(r.stdout).toMatch(/^ +512 +47\.\d\d$/m);
  });
});

describe('the hardware flags', () => {
  it('reject a bad value with one line naming the allowed range and exit 2, in run, shell and bare', () => {
    const run = glassbox('run', '--tlb-entries', '100', '-c', 'true');
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe("glassbox run: --tlb-entries: '100' is not a power of two from 16 to 4096");
    expect(run.stdout).toBe('');
    const shell = glassbox('shell', '--tlb-policy', 'plru');
    expect(shell.status).toBe(2);
    expect(shell.stderr).toBe("glassbox shell: --tlb-policy: 'plru' is not one of lru, fifo, random\n");
    const bare = glassbox('bare', 'examples/hello.s', '--cost', 'walk=3');
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/^glassbox bare: --cost: 'walk=3' is not NAME=CYCLES with NAME one of base, .*, pageWalk, .*, stlbHit\n$/);
  });

  it('leave the kernel\'s choices out of bare, which boots no kernel', () => {
    const r = glassbox('bare', 'examples/hello.s', '--pcid', 'on');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^glassbox bare: Unknown option '--pcid'/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(glassbox('bare', '--help').stdout).not.toContain('--pcid');
    expect(glassbox('run', '--help').stdout).toContain('--pcid on|off');
  });

  it('--no-jit (or --jit off) runs on the interpreter only, to the same registers and output', () => {
    const jit = glassbox('bare', 'examples/hello.s', '--regs');
    const interp = glassbox('bare', 'examples/hello.s', '--regs', '--no-jit');
    expect(jit.status).toBe(0);
    expect(interp.status).toBe(0);
    expect(interp.stdout).toBe(jit.stdout);
    expect(interp.stderr).toBe(jit.stderr);
    expect(glassbox('bare', 'examples/hello.s', '--jit', 'off').stdout).toBe(jit.stdout);
    const both = glassbox('bare', 'examples/hello.s', '--no-jit', '--jit', 'on');
    expect(both.status).toBe(2);
    expect(both.stderr).toBe('glassbox bare: --no-jit and --jit: give one of them\n');
    const bad = glassbox('run', '--jit', 'maybe', '-c', 'true');
    expect(bad.status).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe("glassbox run: --jit: 'maybe' is not on or off");
  });

  it('are listed by --help with their ranges', () => {
    for (const command of ['run', 'shell', 'bare']) {
      const r = glassbox(command, '--help');
      expect(r.status, command).toBe(0);
      expect(r.stdout, command).toContain('--tlb-entries N');
      expect(r.stdout, command).toContain('TLB entries, a power of two from 16 to 4096 (default 64)');
      expect(r.stdout, command).toContain('--cost NAME=CYCLES');
    }
  });
});

describe('every command', () => {
  const specs = async () => {
    const { BARE_SPEC } = await import('../../vm/cli/bare.js');
    const { CC_SPEC } = await import('../../vm/cli/cc.js');
    const { OBJDUMP_SPEC } = await import('../../vm/cli/objdump.js');
    const { RUN_SPEC } = await import('../../vm/cli/run.js');
    const { SHELL_SPEC } = await import('../../vm/cli/shell.js');
    return [BARE_SPEC, CC_SPEC, OBJDUMP_SPEC, RUN_SPEC, SHELL_SPEC];
  };

  it('lists every option it takes in --help and glassbox help CMD, and exits 0', async () => {
    for (const spec of await specs()) {
      const r = glassbox(spec.name, '--help');
      expect(r.status, spec.name).toBe(0);
      for (const o of spec.options) expect(r.stdout, `${spec.name} --${o.name}`).toContain(`--${o.name}`);
      expect(r.stdout).toContain('exit status');
      expect(glassbox('help', spec.name).stdout).toBe(r.stdout);
    }
    const top = glassbox('--help');
    expect(top.status).toBe(0);
    for (const spec of await specs()) expect(top.stdout).toContain(`glassbox ${spec.name} `);
  }, 300_000);

  it('gives one line and exit 2 for bad usage, and never a stack trace', () => {
    const cases: [string[], RegExp][] = [
      [[], /^usage: glassbox COMMAND/],
      [['frob'], /^glassbox: unknown command 'frob'/],
      [['run', '--ram', '1'], /^glassbox run: --ram: '1' is not a whole number from 8 to 1024$/],
      [['run', '--max-cycles', 'lots'], /^glassbox run: --max-cycles: 'lots' is not a whole number of at least 1$/],
      [['shell', '--quantum', 'abc'], /^glassbox shell: --quantum: 'abc' is not a whole number of at least 1000$/],
      [['bare'], /^glassbox bare: no FILE\.s\|FILE\.asm\|FILE\.c given/],
      [['bare', 'a.s', 'b.s'], /^glassbox bare: takes 1 argument, got 2$/],
      [['cc', '-q', 'x.c'], /^glassbox cc: Unknown option '-q'/],
      [['objdump', 'x'], /^glassbox objdump: say what to show/],
      [['run', 'stray'], /^glassbox run: Unexpected argument 'stray'/],
    ];
    for (const [args, message] of cases) {
      const r = glassbox(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim(), args.join(' ')).toMatch(message);
      expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
  }, 300_000);

  it('bare passes a guest status through, notes one glassbox also uses, and --json tells them apart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-'));
    const file = join(dir, 'exit124.s');
    writeFileSync(file, '.globl _start\n_start:\n    mov eax, 124\n    out 0xf4, eax\n');
    const plain = glassbox('bare', file);
    expect(plain.status).toBe(124);
    expect(plain.stderr).toContain('the program exited with status 124, a number glassbox also uses');
    const json = glassbox('bare', '--json', file);
    expect(json.status).toBe(124);
    expect(JSON.parse(json.stdout.trim().split('\n').pop()!)).toMatchObject({ type: 'result', outcome: 'exit', status: 124, exit: 124 });
    writeFileSync(join(dir, 'spin.s'), '.globl _start\n_start: jmp _start\n');
    const spin = glassbox('bare', '--json', '--max-cycles', '5000', join(dir, 'spin.s'));
    expect(spin.status).toBe(124);
    const result = JSON.parse(spin.stdout.trim().split('\n').pop()!);
    expect(result).toMatchObject({ type: 'result', outcome: 'cycle-limit', exit: 124 });
    expect(result.status).toBeUndefined();
  });
});

describe('glassbox run --trace-format perfetto', () => {
  it('writes one Trace Event Format file of the run, and refuses it without a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-'));
    const file = join(dir, 'trace.json');
    const r = glassbox('run', '--cmdline', 'trace_syscalls=1', '-c', 'ls', '--trace-file', file, '--trace-format', 'perfetto');
    expect(r.status).toBe(0);
    const t = JSON.parse(readFileSync(file, 'utf8'));
    expect(t.otherData).toMatchObject({ format: 'glassbox-trace', version: 1, cyclesPerMicrosecond: 3000 });
    const threads = t.traceEvents.filter((e: any) => e.ph === 'M' && e.name === 'thread_name').map((e: any) => e.args.name);
    expect(threads).toEqual(expect.arrayContaining(['init', 'sh', 'ls']));
    expect(t.traceEvents.some((e: any) => e.ph === 'X' && e.cat === 'syscall' && e.name === 'getdents' && e.dur >= 0)).toBe(true);
    expect(t.traceEvents.some((e: any) => e.ph === 'i' && e.name === 'exec /bin/ls')).toBe(true);
    const none = glassbox('run', '--trace-format', 'perfetto', '-c', 'ls');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--trace-format perfetto writes a file: give --trace-file FILE');
    const bad = glassbox('run', '--trace-format', 'xml', '--trace-file', file, '-c', 'ls');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--trace-format: 'xml' is not text, json or perfetto");
  });
});
