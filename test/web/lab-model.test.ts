// The Lab's pure parts: the experiments' parsers (on text in each program's
// own format), command lines, the CSV writer, and the hardware URL round trip.

import { describe, expect, it } from 'vitest';
import { EXPERIMENTS, commandLine, experimentNamed, parseCtxbench, parseFlushcost, parseTlbbench } from '../../web/src/shared/experiments.js';
import { checkHardware, fieldsFromConfig, hardwareFromQuery, pairsFromFields, queryWithHardware } from '../../web/src/ui/hardware-url.js';
import { runsToCsv } from '../../web/src/ui/lab-runs.js';
import type { LabRun } from '../../web/src/ui/lab-runs.js';
import { DEFAULT_HARDWARE, describeHardware } from '../../vm/host/hardware.js';

const TLBBENCH = `glassbox:/$ tlbbench -p 256
tlbbench: dependent pointer chase, random page order, 8 rounds
   pages  cycles/access
       1           7.01
       2           7.01
      64           8.60
     128          27.33
     256          27.33
`;

const CTXBENCH = `ctxbench: two processes (or two threads) ping-pong through a pipe
kind     pages  cycles/trip  cr3/trip  misses/switch
process     16         4210        2.00          17.50
thread      16         3102        0.00           0.25
process     64        12000        2.00          66.00
thread      64         5000        0.00           1.00
`;

const FLUSHCOST = `flushcost: what a flush costs
CR3 write  120 cycles; touching 32 pages after it: 900 cycles (260 without a flush, refill 640)
invlpg  40 cycles; touching 32 pages after it: 300 cycles (260 without a flush, refill 40)
`;

describe('experiment parsers', () => {
  it('reads tlbbench rows, skipping the header and the prompt', () => {
    expect(parseTlbbench(TLBBENCH)).toEqual([
      { name: 'cycles/access', points: [[1, 7.01], [2, 7.01], [64, 8.6], [128, 27.33], [256, 27.33]] },
    ]);
    expect(parseTlbbench('tlbbench: out of memory\n')).toEqual([]);
  });

  it('reads ctxbench rows into one series per switch kind, misses on the right axis', () => {
    const s = parseCtxbench(CTXBENCH);
    expect(s.map((x) => x.name)).toEqual(['process cycles/round trip', 'process misses/switch', 'thread cycles/round trip', 'thread misses/switch']);
    expect(s[0].points).toEqual([[16, 4210], [64, 12000]]);
    expect(s[1]).toEqual({ name: 'process misses/switch', points: [[16, 17.5], [64, 66]], right: true });
    expect(s[3].points).toEqual([[16, 0.25], [64, 1]]);
  });

  it('reads flushcost lines into one value per column for CR3 write and invlpg', () => {
    const s = parseFlushcost(FLUSHCOST);
    const value = (name: string) => s.find((x) => x.name === name)?.points;
    expect(value('CR3 write cycles')).toEqual([[32, 120]]);
    expect(value('CR3 write touch after')).toEqual([[32, 900]]);
    expect(value('CR3 write touch without flush')).toEqual([[32, 260]]);
    expect(value('CR3 write refill')).toEqual([[32, 640]]);
    expect(value('invlpg cycles')).toEqual([[32, 40]]);
    expect(s).toHaveLength(8);
  });

  it('builds command lines from the parameter fields and refuses values out of range', () => {
    const tlb = experimentNamed('tlbbench')!;
    expect(commandLine(tlb, { '-p': '256' })).toBe('tlbbench -p 256');
    expect(commandLine(tlb, { '-p': ' 256 ', '-r': '4' })).toBe('tlbbench -p 256 -r 4');
    expect(commandLine(tlb, {})).toBe('tlbbench');
    expect(() => commandLine(tlb, { '-p': '0' })).toThrow(/-p: '0' is not a whole number from 1 to 16384/);
    expect(() => commandLine(tlb, { '-r': 'x' })).toThrow(/-r/);
    expect(EXPERIMENTS.map((e) => e.name)).toEqual(['tlbbench', 'ctxbench', 'flushcost']);
  });
});

describe('runs as CSV', () => {
  it('writes one row per point with experiment, config, x, y, series, quoting commas', () => {
    const hw = { ...DEFAULT_HARDWARE, costs: {} };
    const run = (id: number, config: string): LabRun => ({
      id, experiment: 'tlbbench', line: 'tlbbench -p 2', config, hardware: hw,
      series: [{ name: 'cycles/access', points: [[1, 7.01], [2, 8.6]] }], hostMs: 1, cycles: 1, tlbMisses: 0, tlbFlushes: 0,
    });
    expect(runsToCsv([run(1, '64-entry 4-way LRU TLB'), run(2, '256-entry 4-way LRU TLB, pageWalk=40 "x"')])).toBe(
      'experiment,config,x,y,series\r\n' +
      'tlbbench,64-entry 4-way LRU TLB,1,7.01,cycles/access\r\n' +
      'tlbbench,64-entry 4-way LRU TLB,2,8.6,cycles/access\r\n' +
      'tlbbench,"256-entry 4-way LRU TLB, pageWalk=40 ""x""",1,7.01,cycles/access\r\n' +
      'tlbbench,"256-entry 4-way LRU TLB, pageWalk=40 ""x""",2,8.6,cycles/access\r\n',
    );
    expect(runsToCsv([])).toBe('experiment,config,x,y,series\r\n');
  });
});

describe('the hardware in the URL', () => {
  it('round-trips a configuration through the query string, keeping other parameters', () => {
    const { config, error } = checkHardware([['tlb-entries', '256'], ['tlb-policy', 'fifo'], ['cost', 'pageWalk=40'], ['cost', 'memAccess=2']]);
    expect(error).toBeUndefined();
    const q = queryWithHardware('?headless', config);
    expect(q).toBe('?headless=&tlb-entries=256&tlb-policy=fifo&cost=memAccess=2&cost=pageWalk=40');
    const back = hardwareFromQuery(q);
    expect(back.error).toBeUndefined();
    expect(back.config).toEqual(config);
    expect(describeHardware(back.config)).toBe('256-entry 4-way FIFO TLB, memAccess=2 pageWalk=40');
    expect(queryWithHardware('?tlb-entries=256', { ...DEFAULT_HARDWARE, costs: {} })).toBe('');
  });

  it('refuses a bad value with parseHardware\'s message and falls back to the defaults', () => {
    const bad = hardwareFromQuery('?tlb-entries=7');
    expect(bad.error).toBe("--tlb-entries: '7' is not a power of two from 16 to 4096");
    expect(bad.config).toEqual({ ...DEFAULT_HARDWARE, costs: {} });
    expect(hardwareFromQuery('?cost=nope=3').error).toMatch(/--cost: 'nope=3'/);
    expect(hardwareFromQuery('?headless').error).toBeUndefined();
  });

  it('reads the Machine panel\'s fields: empty keeps the default, repeatable fields hold several values', () => {
    expect(pairsFromFields({ 'tlb-entries': ' 128 ', 'tlb-ways': '', cost: 'pageWalk=40, tlbHit=2' })).toEqual([
      ['tlb-entries', '128'], ['cost', 'pageWalk=40'], ['cost', 'tlbHit=2'],
    ]);
    const { config } = checkHardware([['tlb-entries', '128'], ['cost', 'pageWalk=40']]);
    expect(fieldsFromConfig(config)).toMatchObject({ 'tlb-entries': '128', 'tlb-ways': '', cost: 'pageWalk=40' });
  });
});
