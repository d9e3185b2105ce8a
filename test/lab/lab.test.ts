// The lab report's pieces: reading the programs' output back into numbers,
// and the SVG figure writer.

import { describe, expect, it } from 'vitest';
import { ctxbenchRows, flushcostRows, tlbbenchRows } from '../../web/src/shared/lab-output.js';
import { svgPlot } from './svg-plot.js';

describe('lab output', () => {
  it('reads tlbbench, ctxbench and flushcost as they print', () => {
    expect(tlbbenchRows('tlbbench: x\n   pages  cycles/access\n       1           7.01\n    4096          27.32\n'))
      .toEqual([{ pages: 1, cycles: 7.01 }, { pages: 4096, cycles: 27.32 }]);
    expect(ctxbenchRows('switch   pages    cycles/rt     cr3/rt  misses/switch\nprocess     16        46428       2.00          22.30\nthread       0        42223       0.00           0.01\n'))
      .toEqual([
        { kind: 'process', pages: 16, cycles: 46428, cr3: 2, misses: 22.3 },
        { kind: 'thread', pages: 0, cycles: 42223, cr3: 0, misses: 0.01 },
      ]);
    expect(flushcostRows('CR3 write       195 cycles; touching 32 pages after it: 2203 cycles (1563 without a flush, refill 640)\n'))
      .toEqual([{ what: 'CR3 write', cycles: 195, pages: 32, after: 2203, warm: 1563, refill: 640 }]);
    expect(tlbbenchRows('usage: tlbbench [-p MAXPAGES]\n')).toEqual([]);
  });
});

describe('svgPlot', () => {
  it('draws one line per series, the markers and a legend, the same text every time', () => {
    const spec = {
      title: 'a & b', xLabel: 'pages', yLabel: 'cycles', logX: true,
      series: [{ label: 'L1', points: [[1, 7], [64, 8.6], [128, 27.3]] as [number, number][] }, { label: 'L2', points: [[1, 7], [128, 14]] as [number, number][] }],
      markers: [{ x: 64, label: 'L1 64' }],
    };
    const svg = svgPlot(spec);
    expect(svg).toBe(svgPlot(spec));
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(5);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('>a &amp; b<');
    expect(svg).toContain('>L2<');
    // log2 x: 1, 2, 4 … 128 as ticks.
    for (const t of [1, 2, 4, 8, 16, 32, 64, 128]) expect(svg).toContain(`>${t}</text>`);
  });

  it('refuses a figure with no data', () => {
    expect(() => svgPlot({ title: 'empty', xLabel: 'x', yLabel: 'y', logX: false, series: [] })).toThrow('empty: no data to plot');
  });
});
