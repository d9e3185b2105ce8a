import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../web/src/shared/protocol.js';
import { TimelineModel } from '../../web/src/ui/timeline-model.js';

let id = 0;
function ev(name: string, cycle: number, pid?: number, detail?: string): LogEntry {
  const e: LogEntry = { id: ++id, cycle, eip: 0, category: 'state', name, text: name, args: [0, 0, 0, 0], values: {} };
  if (pid !== undefined) e.pid = pid;
  if (detail !== undefined) e.detail = detail;
  return e;
}

describe('scheduler timeline model', () => {
  it('turns Running state changes into bars, one lane per process', () => {
    const t = new TimelineModel();
    t.add(ev('state', 100, 1, 'Running'));
    t.add(ev('state', 300, 1, 'Waiting'));
    t.add(ev('state', 350, 2, 'Running'));
    t.add(ev('state', 500, 3, 'Running')); // 2 preempted: its bar ends where 3 starts
    t.add(ev('state', 510, 2, 'Ready'));
    expect(t.segments).toEqual([
      { pid: 1, start: 100, end: 300 },
      { pid: 2, start: 350, end: 500 },
      { pid: 3, start: 500, end: undefined },
    ]);
    expect(t.lanes).toEqual([1, 2, 3]);
    const w = t.window(0, 1000, 800);
    expect(w.segments.at(-1)).toEqual({ pid: 3, start: 500, end: 800 });
  });

  it('keeps fork/exec/exit marks with their event ids and timer ticks', () => {
    const t = new TimelineModel();
    const fork = ev('fork', 10, 2, '5');
    t.add(fork);
    t.add(ev('exec', 20, 5, '/bin/ls'));
    t.add(ev('timer', 25));
    t.add(ev('exit', 30, 5));
    expect(t.marks.map((m) => [m.kind, m.pid, m.label])).toEqual([
      ['fork', 2, 'fork → 5'], ['exec', 5, 'exec /bin/ls'], ['exit', 5, 'exit'],
    ]);
    expect(t.ticks).toEqual([25]);
    expect(t.markNear(12, 2, 5)?.eventId).toBe(fork.id);
    expect(t.markNear(12, 5, 5)).toBeUndefined();
    expect(t.window(15, 26, 30).marks.map((m) => m.kind)).toEqual(['exec']);
  });

  it('forgets everything on clear', () => {
    const t = new TimelineModel();
    t.add(ev('state', 1, 1, 'Running'));
    t.clear();
    expect([t.segments, t.marks, t.lanes, t.ticks]).toEqual([[], [], [], []]);
  });

  it('forgets a rewritten future: bars, marks and ticks from its cycle on, the bar across it open again', () => {
    const t = new TimelineModel();
    t.add(ev('state', 100, 1, 'Running'));
    t.add(ev('timer', 150));
    t.add(ev('fork', 180, 1, '2'));
    t.add(ev('state', 300, 1, 'Ready'));
    t.add(ev('state', 300, 2, 'Running'));
    t.add(ev('timer', 350));
    t.forgetFrom(200);
    expect(t.segments).toEqual([{ pid: 1, start: 100, end: undefined }]);
    expect(t.marks.map((m) => m.cycle)).toEqual([180]);
    expect(t.ticks).toEqual([150]);
    expect(t.latest).toBe(200);
    // The new future goes on from there: pid 1 is still the one running.
    t.add(ev('state', 250, 1, 'Waiting'));
    expect(t.segments).toEqual([{ pid: 1, start: 100, end: 250 }]);
  });
});
