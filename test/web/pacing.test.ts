// The run loop's arithmetic: instructions per tick at a chosen speed, and
// the adaptive cycle budget at full speed.

import { describe, expect, it } from 'vitest';
import { PACE_MS, Pacer, SliceSize } from '../../web/src/worker/pacing.js';

describe('pacing', () => {
  it('earns speed × elapsed time, carrying fractions to the next tick', () => {
    const p = new Pacer();
    p.setSpeed(10, 0);
    expect(p.fullSpeed).toBe(false);
    expect(p.delay).toBe(PACE_MS);
    expect(p.take(50)).toBe(0); // half an instruction
    expect(p.take(100)).toBe(1); // the halves add up
    expect(p.take(200)).toBe(1);
    let total = 0;
    for (let t = 200; t < 1200; t += 16) total += p.take(t + 16);
    expect(total).toBeGreaterThanOrEqual(9);
    expect(total).toBeLessThanOrEqual(11);
  });

  it('never credits more than a quarter second per tick nor holds more than one second', () => {
    const p = new Pacer();
    p.setSpeed(1000, 0);
    expect(p.take(10_000)).toBe(250); // a late tick earns no burst
    p.setSpeed(100, 0);
    expect(p.take(250)).toBe(25);
  });

  it('earns nothing for time spent stopped', () => {
    const p = new Pacer();
    p.setSpeed(1000, 0);
    p.restart(5000);
    expect(p.take(5010)).toBe(10);
  });

  it('runs at full speed with no delay when the speed is 0 (or nonsense)', () => {
    const p = new Pacer();
    p.setSpeed(-5, 0);
    expect(p.speed).toBe(0);
    expect(p.fullSpeed).toBe(true);
    expect(p.delay).toBe(0);
    p.setSpeed(12.7, 0);
    expect(p.speed).toBe(12);
  });

  it('sizes a core.run() call to about two milliseconds, within bounds, learning only from full budgets', () => {
    const s = new SliceSize();
    const before = s.cycles;
    s.adapt({ reason: 'breakpoint', cycles: 1, instructions: 1 }, 10);
    s.adapt({ reason: 'budget', cycles: 1_000_000, instructions: 1 }, 0.1); // too short to measure
    expect(s.cycles).toBe(before);
    s.adapt({ reason: 'budget', cycles: 3_000_000, instructions: 1 }, 1);
    expect(s.cycles).toBe(6_000_000);
    s.adapt({ reason: 'budget', cycles: 1000, instructions: 1 }, 10);
    expect(s.cycles).toBe(200_000);
    s.adapt({ reason: 'budget', cycles: 1e12, instructions: 1 }, 1);
    expect(s.cycles).toBe(200_000_000);
  });
});
