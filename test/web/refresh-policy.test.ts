// The page's and the worker's one refresh policy: heavy parts ten times a
// second while running, everything at once while stopped.

import { describe, expect, it } from 'vitest';
import { HEAVY_PARTS, HEAVY_REFRESH_MS, LIGHT_REFRESH_MS, RefreshClock, drawsInFull, partsToAsk } from '../../web/src/shared/refresh-policy.js';

describe('refresh policy', () => {
  it('is due once per period while running, always while stopped', () => {
    const c = new RefreshClock();
    expect(c.due(1000, true)).toBe(true);
    expect(c.due(1000 + HEAVY_REFRESH_MS - 1, true)).toBe(false);
    expect(c.due(1000 + HEAVY_REFRESH_MS - 1, false)).toBe(true); // stopped: always, and it counts
    expect(c.due(1000 + 2 * HEAVY_REFRESH_MS - 2, true)).toBe(false);
    expect(c.due(1000 + 2 * HEAVY_REFRESH_MS - 1, true)).toBe(true);
  });

  it('with a period of its own: the light snapshots, every other 60 Hz frame while running, every frame when not', () => {
    const c = new RefreshClock(LIGHT_REFRESH_MS);
    const frame = 1000 / 60;
    const due = Array.from({ length: 12 }, (_, i) => c.due(i * frame, true));
    expect(due.filter(Boolean)).toHaveLength(6);
    expect(Array.from({ length: 12 }, (_, i) => c.due(1000 + i * frame, false)).every(Boolean)).toBe(true);
  });

  it('is due at once when forced or restarted', () => {
    const c = new RefreshClock();
    expect(c.due(0, true)).toBe(true);
    expect(c.due(10, true)).toBe(false);
    expect(c.due(10, true, true)).toBe(true);
    expect(c.due(20, true)).toBe(false);
    c.restart();
    expect(c.due(20, true)).toBe(true);
  });

  it('asks for the heavy parts only on a heavy refresh, and draws in full then or when stopped', () => {
    const open = { code: true, processes: true, space: false, tlb: true, switch: true };
    expect(partsToAsk(open, true)).toEqual({ code: true, processes: true, tlb: true, switch: true });
    expect(partsToAsk(open, false)).toEqual({});
    expect(HEAVY_PARTS).toEqual(expect.arrayContaining(['code', 'processes', 'space', 'tlb', 'switch']));
    expect(drawsInFull(true, false)).toBe(false);
    expect(drawsInFull(true, true)).toBe(true);
    expect(drawsInFull(false, false)).toBe(true);
  });
});
