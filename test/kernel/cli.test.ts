// `glassbox run` as a command: what it prints and its exit status.

import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
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

  it('--add rejects what is not a program with one line and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-'));
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'just some words, and more of them than an ELF header has bytes\n');
    const bad = glassbox('run', '--add', text, '-c', 'true');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${text}: not an ELF file (bad magic) (--add takes a .c file, a .s file or a program built with glassbox cc)`);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const named = join(dir, '1st.c');
    writeFileSync(named, 'int main(void) { return 0; }\n');
    const name = glassbox('shell', '--add', named);
    expect(name.status).toBe(1);
    expect(name.stderr).toContain('"1st" cannot be a program name in /bin');
    expect(name.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);   // two CLI runs, each building the whole system: past 60 s on a loaded machine

  it('prints kernel and machine events with --trace', () => {
    const r = glassbox('run', '--trace', '-c', 'true');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\] eip=0x[0-9a-f]{8} fork: pid 2 created child 3\n/);
    expect(r.stdout).toMatch(/exec: pid 3 runs \/bin\/true\n/);
    expect(r.stdout).toMatch(/reap: pid 2 collects zombie 3 \(exited with status 0\)/);
    expect(r.stdout).toMatch(/cr3 0x[0-9a-f]{8} -> 0x[0-9a-f]{8}/);
    expect(r.stdout).toMatch(/switch 6\/7 switch page table → TLB flush: tid 3 cr3 <- 0x/);
  });

  it('exits non-zero, with a symbolized backtrace, when the kernel panics', () => {
    const r = glassbox('run', '--cmdline', 'init=/bin/missing', '-c', 'true');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('kernel panic: no init');
    expect(r.stdout).toMatch(/#\d 0xc01[0-9a-f]{5}  start_init\+0x/);
    expect(r.stderr).toContain('the kernel panicked');
  });

  it('exits non-zero when a command runs out of guest cycles', () => {
    const r = glassbox('run', '--max-cycles', '50000000', '-c', 'spin');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("'spin': no prompt after 50000000 cycles");
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
    expect(glassbox('bare', '--help').stdout).not.toContain('--pcid');
    expect(glassbox('run', '--help').stdout).toContain('--pcid on|off');
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
