import { describe, expect, it } from 'vitest';
import type { EventCategory, LogEntry } from '../../web/src/shared/protocol.js';
import { EventLogModel, MAX_LOG, defaultFilter, matches } from '../../web/src/ui/event-filter.js';

function ev(id: number, category: EventCategory, text: string, pid?: number): LogEntry {
  const e: LogEntry = { id, cycle: id * 10, eip: 0, category, name: category, text, args: [0, 0, 0, 0], values: {} };
  if (pid !== undefined) e.pid = pid;
  return e;
}

describe('event log model', () => {
  it('filters by category, pid and text', () => {
    const f = defaultFilter();
    expect(matches(ev(1, 'process', 'fork: pid 2 created child 3', 2), f)).toBe(true);
    expect(matches(ev(1, 'interrupt', 'interrupt 32'), f)).toBe(false); // noisy: off by default
    expect(matches(ev(1, 'process', 'fork', 2), { ...f, pid: 3 })).toBe(false);
    expect(matches(ev(1, 'process', 'exec /bin/LS', 3), { ...f, text: 'ls' })).toBe(true);
  });

  it('keeps visible rows in step with appends and filter changes', () => {
    const m = new EventLogModel();
    m.append([ev(1, 'process', 'a', 1), ev(2, 'interrupt', 'b'), ev(3, 'tlb', 'c', 2)]);
    expect(m.visible).toEqual([0, 2]);
    m.setFilter({ ...m.filter, pid: 2 });
    expect(m.visible).toEqual([2]);
  });

  it('jumping to a hidden event widens the filter to show it', () => {
    const m = new EventLogModel();
    m.append([ev(1, 'process', 'a'), ev(2, 'interrupt', 'timer'), ev(3, 'process', 'c')]);
    expect(m.rowOf(2)).toBe(1);
    expect(m.filter.categories.has('interrupt')).toBe(true);
    expect(m.rowOf(99)).toBeUndefined();
  });

  it('drops the oldest entries beyond the cap and counts them', () => {
    const m = new EventLogModel();
    const batch = Array.from({ length: MAX_LOG + 5 }, (_, i) => ev(i + 1, 'process', 'x'));
    m.append(batch);
    expect(m.all.length).toBe(MAX_LOG);
    expect(m.dropped).toBe(5);
    expect(m.all[0].id).toBe(6);
    expect(m.visible[0]).toBe(0);
    expect(m.indexOf(6)).toBe(0);
  });

  it('forgets the entries from an id on (a rewritten future), shown ones too', () => {
    const m = new EventLogModel();
    m.append([ev(1, 'process', 'a'), ev(2, 'syscall', 'b'), ev(3, 'process', 'c'), ev(4, 'process', 'd')]);
    const shown = m.visible.length;
    m.forgetFrom(3);
    expect(m.all.map((e) => e.id)).toEqual([1, 2]);
    expect(m.visible.every((i) => i < 2)).toBe(true);
    expect(m.visible.length).toBeLessThan(shown);
    m.append([ev(3, 'process', 'new')]);
    expect(m.all.map((e) => e.text)).toEqual(['a', 'b', 'new']);
  });
});
