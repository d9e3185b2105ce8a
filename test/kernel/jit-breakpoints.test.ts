// Breakpoints under the compiled tier: with breakpoints set in the kernel
// and in user code, a shell command stops at the same instructions, at the
// same cycles, in the same states under both tiers, and the compiled tier
// still runs blocks meanwhile (on the pages that hold no breakpoint).

import { describe, expect, it } from 'vitest';
import { Program } from '../../vm/host/program.js';
import { repoSystemBuild } from '../../vm/host/node-files.js';
import { stateHash } from '../../vm/host/timetravel/state.js';
import { SHORT_RUN_JIT, bootShell } from './helpers.js';

/** Breakpoints in fork() and exec_image() (kernel) and at the entry of every user program (crt0's _start). */
function breakpoints(): number[] {
  const { kernel, programs } = repoSystemBuild();
  const k = Program.fromElf('kernel', kernel);
  const ls = Program.fromElf('ls', programs.get('ls')!);
  const addrs = [k.lookup('fork'), k.lookup('exec_image'), ls.lookup('_start')];
  for (const a of addrs) expect(a).toBeTypeOf('number');
  return addrs as number[];
}

async function stops(jit: boolean) {
  const sh = await bootShell({ jit, ...SHORT_RUN_JIT });
  const m = sh.machine;
  const entered0 = m.jitStats()?.entered ?? 0;
  for (const a of breakpoints()) m.addBreakpoint(a);
  m.input(new TextEncoder().encode('ls /bin | cat\n'));
  const seen: { eip: number; cycles: number; hash: string }[] = [];
  for (let i = 0; i < 400 && seen.length < 40; i++) {
    const info = m.run(5_000_000);
    if (info.reason === 'breakpoint') seen.push({ eip: m.eip >>> 0, cycles: m.cycles, hash: stateHash(m) });
    else if (info.reason !== 'budget') break;
  }
  return { seen, cycles: m.cycles, hash: stateHash(m), entered: (m.jitStats()?.entered ?? 0) - entered0 };
}

describe('breakpoints under the compiled tier', () => {
  it('stop where and when the interpreter stops, while blocks keep running elsewhere', async () => {
    const [fork, exec, start] = breakpoints();
    const jit = await stops(true);
    const interp = await stops(false);
    const at = new Set(jit.seen.map((s) => s.eip));
    expect(at).toEqual(new Set([fork, exec, start]));
    expect(jit.seen.length).toBeGreaterThanOrEqual(6); // two forks, two execs, two program entries
    expect(jit.seen).toEqual(interp.seen);
    expect({ cycles: jit.cycles, hash: jit.hash }).toEqual({ cycles: interp.cycles, hash: interp.hash });
    expect(jit.entered).toBeGreaterThan(100);
  }, 120_000);
});
