import { describe, expect, it } from 'vitest';
import { EVENT } from '../../vm/isa/machine.js';
import type { MachineEvent } from '../../vm/host/event-ring.js';
import { kernelNames } from '../../vm/host/kernel-events.js';
import { nodeReader } from '../../vm/host/node-files.js';
import { EventDecoder } from '../../web/src/worker/event-decoder.js';
import { waitStatus } from '../../vm/host/event-kinds.js';

const names = kernelNames(nodeReader());
const code = (name: string): number => [...names.trace].find(([, n]) => n === name)![0];
const state = (name: string): number => [...names.states].find(([, n]) => n === name)![0];

function kev(c: number, b: number, cc = 0, d = 0): MachineEvent {
  return { kind: EVENT.KERNEL, name: 'kernel', eip: 0xc0100000, cycles: 1234, a: c, b, c: cc, d };
}

describe('event decoder', () => {
  const dec = new EventDecoder(names, (va) => (va === 0xc0200000 ? '/bin/ls' : '?'));

  it('names kernel events from trace.h and numbers them', () => {
    const fork = dec.decode(kev(code('fork'), 2, 5));
    expect(fork).toMatchObject({ category: 'process', name: 'fork', pid: 2, detail: '5', cycle: 1234 });
    const exec = dec.decode(kev(code('exec'), 5, 0xc0200000));
    expect(exec.text).toBe('exec: pid 5 runs /bin/ls');
    expect(exec.id).toBe(fork.id + 1);
    const st = dec.decode(kev(code('state'), 5, state('ready'), state('running')));
    expect(st).toMatchObject({ category: 'state', detail: 'Running', text: 'tid 5: Ready -> Running' });
    const z = dec.decode(kev(code('state'), 5, state('running'), state('zombie')));
    expect(z.detail).toBe('Terminated (Zombie)');
    const sw = dec.decode(kev(code('cs_pick'), 4, 3));
    expect(sw).toMatchObject({ category: 'switch', name: 'cs_pick' });
    expect(sw.text).toMatch(/^switch 4\/7 scheduler picks next: tid 4 picked \(was tid 3\)/);
    const sc = dec.decode(kev(code('syscall'), 2, 4, 1));
    expect(sc).toMatchObject({ category: 'syscall', detail: 'write' });
  });

  it('classifies machine events', () => {
    const base = { name: '', eip: 0, cycles: 1, b: 0, c: 3, d: 0 };
    expect(dec.decode({ ...base, kind: EVENT.INTERRUPT, a: 32 })).toMatchObject({ category: 'interrupt', name: 'timer' });
    expect(dec.decode({ ...base, kind: EVENT.INTERRUPT, a: 14, d: 0x10 }).category).toBe('exception');
    expect(dec.decode({ ...base, kind: EVENT.INTERRUPT, a: 0x80 }).category).toBe('syscall');
    expect(dec.decode({ ...base, kind: EVENT.CR3_WRITE, a: 0x1000, b: 0x2000, c: 7 })).toMatchObject({ category: 'tlb', name: 'cr3-write' });
    expect(dec.decode({ ...base, kind: EVENT.TLB_FLUSH, a: 1, b: 1, c: 0x8048000 }).text).toMatch(/invlpg\) page 0x08048000/);
  });

  it('says wait statuses as the shell does', () => {
    expect(waitStatus(3 << 8)).toBe('exited with status 3');
    expect(waitStatus(11)).toBe('killed by signal 11');
  });
});
