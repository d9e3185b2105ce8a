// The Lab's worker side under Node: a boot with a chosen hardware
// configuration, an experiment typed into the shell and collected until the
// prompt, and the host-time calibration.

import { describe, expect, it } from 'vitest';
import { parseTlbbench } from '../../web/src/shared/experiments.js';
import { Driver, systemImage } from './helpers.js';
import { DEFAULT_HARDWARE } from '../../vm/host/hardware.js';

const pointAt = (output: string, pages: number): number | undefined =>
  parseTlbbench(output)[0]?.points.find(([x]) => x === pages)?.[1];

describe('the Lab in the worker', () => {
  it('reboots with the chosen TLB and runs tlbbench through the shell, output collected until the prompt', async () => {
    const d = await new Driver().boot();
    await d.run();
    const small = await d.emu.runCommand('tlbbench -p 256');
    expect(small.ended).toBe('prompt');
    expect(small.hardwareText).toBe('64-entry 4-way LRU TLB');
    expect(small.output).toMatch(/^tlbbench: .*\n   pages  cycles\/access\n/);
    expect(small.output).not.toMatch(/glassbox:/);
    expect(small.tlbMisses).toBeGreaterThan(1000);
    expect(small.cycles).toBeGreaterThan(0);
    expect(small.hostMs).toBeGreaterThan(0);
    // 128 pages do not fit in 64 entries: most accesses pay a page walk.
    expect(pointAt(small.output, 128)).toBeGreaterThan(20);
    expect(pointAt(small.output, 32)).toBeLessThan(10);

    await d.emu.boot({ kind: 'kernel' }, true, { ...DEFAULT_HARDWARE, tlbEntries: 256 });
    await d.run();
    const s = await d.snap();
    expect(s.hardware.tlbEntries).toBe(256);
    expect(s.tlb?.size).toBe(256);
    expect(s.tlb?.hardware).toBe('256-entry 4-way LRU TLB');
    const big = await d.emu.runCommand('tlbbench -p 256');
    expect(big.hardwareText).toBe('256-entry 4-way LRU TLB');
    // In 256 entries they do.
    expect(pointAt(big.output, 128)).toBeLessThan(10);
    // The terminal saw the command and its output like any other.
    await d.snap();
    expect(d.console).toContain('glassbox:/$ tlbbench -p 256\ntlbbench: ');
  }, 60_000);

  it('refuses a second command while one runs, and experiments without the kernel', async () => {
    const d = await new Driver().boot();
    await d.run();
    const first = d.emu.runCommand('true');
    await expect(d.emu.runCommand('true')).rejects.toThrow(/already running/);
    expect((await first).ended).toBe('prompt');
    await d.emu.boot({ kind: 'bare', name: [...systemImage().bare.keys()][0] }, false);
    await expect(d.emu.runCommand('true')).rejects.toThrow(/boot the kernel/);
  }, 60_000);

  it('measures host time per TLB miss and per flush on a scratch machine', async () => {
    const d = await new Driver().boot();
    const c = await d.emu.calibrate();
    expect(c.nsPerMiss).toBeGreaterThan(0);
    expect(c.nsPerMiss).toBeLessThan(100_000);
    expect(c.nsPerFlush).toBeGreaterThan(c.nsPerMiss);
    expect(c.how).toMatch(/16 and over 1024 pages/);
    console.log(`host calibration: ${c.nsPerMiss.toFixed(1)} ns per miss, ${c.nsPerFlush.toFixed(1)} ns per flush`);
  }, 60_000);
});
