// The hardware settings at boot (vm/host/hardware.ts): one table behind the
// CLI's flags and the page's Machine panel, each value checked with a
// one-line message naming what is allowed.

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HARDWARE, HardwareError, describeHardware, hardwarePairs, kernelArgs, machineOptions, parseHardware,
  withKernelArgs,
} from '../../vm/host/hardware.js';
import { Machine } from '../../vm/host/machine.js';

const error = (pairs: [string, string][]): string => {
  try {
    parseHardware(pairs);
  } catch (e) {
    if (e instanceof HardwareError) return e.message;
    throw e;
  }
  throw new Error(`no error for ${JSON.stringify(pairs)}`);
};

describe('hardware settings', () => {
  it('start from the defaults and take each choice', () => {
    expect(parseHardware([])).toEqual(DEFAULT_HARDWARE);
    const c = parseHardware([['tlb-entries', '256'], ['tlb-ways', '8'], ['tlb-policy', 'fifo'], ['cost', 'pageWalk=40'], ['cost', 'cr3Write=500']]);
    expect(c).toEqual({
      tlbEntries: 256, tlbWays: 8, tlbPolicy: 'fifo', stlbEntries: 0, costs: { pageWalk: 40, cr3Write: 500 }, pcid: false,
      globalPages: true, jit: true,
    });
    expect(machineOptions(c)).toEqual({
      tlbEntries: 256, tlbWays: 8, tlbPolicy: 'fifo', stlbEntries: 0, costs: { pageWalk: 40, cr3Write: 500 }, jit: true,
    });
    const interp = parseHardware([['jit', 'off']]);
    expect(interp.jit).toBe(false);
    expect(machineOptions(interp).jit).toBe(false);
    expect(describeHardware(interp)).toBe('64-entry 4-way LRU TLB, compiled tier off');
    expect(hardwarePairs(interp)).toEqual([['jit', 'off']]);
    expect(error([['jit', 'maybe']])).toBe("--jit: 'maybe' is not on or off");
  });

  it('reject every bad value with one line that names the allowed range', () => {
    expect(error([['tlb-entries', '100']])).toBe("--tlb-entries: '100' is not a power of two from 16 to 4096");
    expect(error([['tlb-entries', '8']])).toBe("--tlb-entries: '8' is not a power of two from 16 to 4096");
    expect(error([['tlb-entries', '8192']])).toBe("--tlb-entries: '8192' is not a power of two from 16 to 4096");
    expect(error([['tlb-entries', '64k']])).toBe("--tlb-entries: '64k' is not a power of two from 16 to 4096");
    expect(error([['tlb-ways', '3']])).toBe("--tlb-ways: '3' is not a power of two from 1 to 4096");
    expect(error([['tlb-ways', '128']])).toBe('--tlb-ways: 128 ways do not fit in 64 entries (at most 64)');
    expect(error([['tlb-policy', 'plru']])).toBe("--tlb-policy: 'plru' is not one of lru, fifo, random");
    expect(error([['cost', 'pagewalk=3']])).toMatch(/^--cost: 'pagewalk=3' is not NAME=CYCLES with NAME one of base, .*, pageWalk, .*, stlbHit$/);
    expect(error([['cost', 'pageWalk=-1']])).toMatch(/^--cost: 'pageWalk=-1' is not NAME=CYCLES/);
    expect(error([['cost', 'pageWalk=2000000']])).toBe('--cost: pageWalk must be from 0 to 1048576 cycles, not 2000000');
    expect(error([['tlb-size', '64']])).toBe("unknown hardware setting 'tlb-size'");
    expect(error([['pcid', 'yes']])).toBe("--pcid: 'yes' is not on or off");
    expect(error([['stlb-entries', '5000']])).toBe("--stlb-entries: '5000' is not a number from 0 to 4096");
    expect(error([['stlb-entries', '1000'], ['stlb-ways', '8']])).toBe(
      '--stlb-entries: 1000 entries in sets of 8 ways do not make a power-of-two number of sets',
    );
    expect(error([['stlb-entries', '1536'], ['stlb-ways', '8']])).toBe(
      '--stlb-entries: 1536 entries in sets of 8 ways do not make a power-of-two number of sets',
    );
    expect(error([['stlb-ways', '12']])).toBe('--stlb-ways: there is no STLB (set --stlb-entries)');
    expect(error([['stlb-ways', '0'], ['stlb-entries', '16']])).toBe("--stlb-ways: '0' is not a number from 1 to 4096");
    expect(error([['global-pages', '0']])).toBe("--global-pages: '0' is not on or off");
  });

  it('write back only what differs from the defaults, so a link or a label reproduces the config', () => {
    expect(hardwarePairs(DEFAULT_HARDWARE)).toEqual([]);
    const pairs = hardwarePairs(parseHardware([['tlb-entries', '256'], ['cost', 'pageWalk=40']]));
    expect(pairs).toEqual([['tlb-entries', '256'], ['cost', 'pageWalk=40']]);
    expect(parseHardware(pairs)).toEqual(parseHardware([['tlb-entries', '256'], ['cost', 'pageWalk=40']]));
    expect(describeHardware(parseHardware(pairs))).toBe('256-entry 4-way LRU TLB, pageWalk=40');
  });

  it('hand the kernel its choices on the command line, and only those that differ', () => {
    expect(kernelArgs(DEFAULT_HARDWARE)).toEqual([]);
    const c = parseHardware([['pcid', 'on'], ['global-pages', 'off']]);
    expect(kernelArgs(c)).toEqual(['pcid=on', 'global_pages=off']);
    expect(withKernelArgs(c, 'quiet')).toBe('quiet pcid=on global_pages=off');
    expect(withKernelArgs(DEFAULT_HARDWARE)).toBe('');
    expect(describeHardware(c)).toBe('64-entry 4-way LRU TLB, PCID on, global pages off');
    expect(hardwarePairs(c)).toEqual([['pcid', 'on'], ['global-pages', 'off']]);
    expect(machineOptions(c)).toEqual(machineOptions(DEFAULT_HARDWARE));
  });

  it('describe an STLB with the ways the machine will use', () => {
    expect(describeHardware(parseHardware([['stlb-entries', '1536']]))).toBe('64-entry 4-way LRU TLB, 1536-entry 12-way STLB');
    expect(describeHardware(parseHardware([['stlb-entries', '512'], ['stlb-ways', '4']]))).toBe(
      '64-entry 4-way LRU TLB, 512-entry 4-way STLB',
    );
    expect(hardwarePairs(parseHardware([['stlb-entries', '1536']]))).toEqual([['stlb-entries', '1536']]);
  });

  it('build a machine with exactly that TLB and cycle model', async () => {
    const m = await Machine.create(machineOptions(parseHardware([['tlb-entries', '512'], ['tlb-ways', '2'], ['cost', 'pageWalk=77']])));
    expect(m.core.tlbSize()).toBe(512);
    expect(m.options.tlbWays).toBe(2);
    expect(m.core.getCost(Object.keys((await import('../../vm/isa/isa.js')).COSTS).indexOf('pageWalk'))).toBe(77);
  });
});
