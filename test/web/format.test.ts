import { describe, expect, it } from 'vitest';
import { cycles, guestTime, hex, percent, short, size } from '../../web/src/ui/format.js';

describe('formatting', () => {
  it('prints addresses, counts, rates and sizes', () => {
    expect(hex(0xc0100000)).toBe('0xc0100000');
    expect(hex(-1)).toBe('0xffffffff');
    expect(hex(0x1f, 2)).toBe('0x1f');
    expect(cycles(12345678)).toBe('12,345,678');
    expect([short(950), short(12_345), short(4_560_000), short(7.89e9)]).toEqual(['950', '12.3k', '4.56M', '7.89G']);
    expect(percent(0.99999)).toBe('100.00%');
    expect(percent(0.5)).toBe('50.00%');
    expect(percent(NaN)).toBe('–');
    expect([size(4096), size(1 << 20), size(1536), size(12)]).toEqual(['4 KiB', '1 MiB', '1.5 KiB', '12 B']);
    expect(guestTime(3_000_000)).toBe('1.000 ms');
  });
});
