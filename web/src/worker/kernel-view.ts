// The Processes view, drawn from the kernel's process table. Reading the
// table is vm/host/kernel-view.ts's job (shared with the CLI and the kernel
// tests); this file only turns its records into what the page shows, with
// the article's names for the states.

import type { ProcRow, ProcessView } from '../shared/protocol.js';
import { KernelView } from '../../../vm/host/kernel-view.js';
import type { PhysMemory, ProcRecord } from '../../../vm/host/kernel-view.js';
import { STATE_LABELS } from '../../../vm/host/event-kinds.js';

export { KERNBASE, KernelView, kernelToPhys } from '../../../vm/host/kernel-view.js';
export type { PhysMemory, ProcRecord, ThreadRecord } from '../../../vm/host/kernel-view.js';

/** ps's STAT letter, as programs/ps.c prints it. */
export const STATE_STAT: Record<string, string> = {
  new: 'N', ready: 'R', running: 'R', waiting: 'S', zombie: 'Z', stopped: 'T',
};

/**
 * The Processes view. `orphans`: pids re-parented to init; `cpu`: the
 * CPU's esp and privilege level, which stand for the running thread's
 * user stack pointer while it is in user mode.
 */
export function processView(
  kview: KernelView,
  mem: PhysMemory,
  orphans: ReadonlySet<number>,
  records: ProcRecord[] | undefined,
  cpu: { esp: number; cpl: number },
): ProcessView {
  if (kview.problem) return { rows: [], readyQueue: [], ticks: 0, note: { key: 'proc.note.kernel', params: { problem: kview.problem } } };
  const current = kview.currentPid(mem);
  const currentTid = kview.currentTid(mem);
  const rows: ProcRow[] = (records ?? kview.processes(mem)).map((p) => {
    const state = kview.stateName(p.state);
    return {
      pid: p.pid,
      ppid: p.ppid,
      state,
      stateLabel: STATE_LABELS[state] ?? state,
      stat: STATE_STAT[state] ?? '?',
      name: p.name,
      cycles: p.cycles,
      orphan: orphans.has(p.pid),
      current: p.pid === current && state === 'running',
      cr3: p.cr3,
      threads: p.threads.map((t) => {
        const ts = kview.stateName(t.state);
        const esp = t.tid === currentTid && cpu.cpl === 3 ? cpu.esp : t.userEsp;
        return { tid: t.tid, state: ts, stateLabel: STATE_LABELS[ts] ?? ts, esp };
      }),
    };
  });
  return { rows, readyQueue: kview.readyQueue(mem), ticks: kview.readGlobal(mem, 'ticks') ?? 0 };
}
