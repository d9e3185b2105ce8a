// Breakpoints are the debugger's, not the machine's: setting and removing
// them (in a page the CPU is executing, or elsewhere) leaves every state the
// machine passes unchanged outside the breakpoint table, TLB counters and
// stamps included. Time travel relies on it: replays run with other
// breakpoints than the first pass had.

import { expect, it } from 'vitest';
import { Program } from '../../../vm/host/program.js';
import { stateHash } from '../../../vm/host/timetravel/state.js';
import { freshRecorder } from './helpers.js';

it('a run with breakpoints set and removed passes the same states as one without', async () => {
  const { m, rec } = await freshRecorder();
  const kernel = Program.fromElf('kernel', (await import('../../../vm/host/node-files.js')).repoSystemBuild().kernel);
  const panic = kernel.lookup('panic')!;
  rec.type('spin &\n');
  rec.run(2_000_000);
  const start = m.snapshot();
  const marks: number[] = [];
  const hashes: string[] = [];
  for (let i = 0; i < 4; i++) {
    m.run(3_000_000);
    marks.push(m.cycles);
    hashes.push(stateHash(m));
  }
  m.restore(start);
  for (let i = 0; i < 4; i++) {
    // Alternately: a breakpoint in the page being executed, one in panic's page, none.
    m.clearBreakpoints();
    if (i === 0) m.addBreakpoint(((m.eip & ~0xfff) | 0xffc) >>> 0);
    if (i === 1) m.addBreakpoint(panic);
    const info = m.run(marks[i] - m.cycles);
    expect(info.reason).toBe('budget');
    expect(m.cycles).toBe(marks[i]);
    expect(stateHash(m), `after part ${i}`).toBe(hashes[i]);
  }
});
