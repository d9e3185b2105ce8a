// User breakpoints: toggled per space, stopping only in their own space,
// and the core's list rewritten only when the set of addresses changes.

import { describe, expect, it } from 'vitest';
import type { Machine } from '../../vm/host/machine.js';
import { Breakpoints } from '../../web/src/worker/breakpoints.js';
import { GuestConsole } from '../../web/src/worker/guest-console.js';

/** The core's breakpoint list, counting rewrites. */
function fakeBreakpointList(): { m: Machine; held: Set<number>; clears: number } {
  const fake = { held: new Set<number>(), clears: 0, m: undefined as unknown as Machine };
  fake.m = {
    clearBreakpoints: () => {
      fake.held.clear();
      fake.clears++;
    },
    addBreakpoint: (a: number) => void fake.held.add(a),
  } as unknown as Machine;
  return fake;
}

describe('breakpoints', () => {
  it('toggles per space and stops only in the space running now', () => {
    const b = new Breakpoints();
    b.toggle(0x08048010, 'echo', () => ({ where: 'main' }));
    b.toggle(0x08048010, 'ls', () => ({ where: 'main' }));
    expect(b.list.map((x) => x.space)).toEqual(['echo', 'ls']);
    expect(b.at(0x08048010, () => 'sh')).toBeUndefined();
    expect(b.at(0x08048010, () => 'ls')).toMatchObject({ space: 'ls', where: 'main' });
    let asked = false;
    expect(b.at(0x08048020, () => ((asked = true), 'ls'))).toBeUndefined();
    expect(asked).toBe(false); // the space is looked up only when a breakpoint is at eip
    const v = b.version;
    b.toggle(0x08048010, 'echo', () => ({ where: 'main' }));
    expect(b.list.map((x) => x.space)).toEqual(['ls']);
    expect(b.version).toBe(v + 1);
    expect([...b.inSpace('ls')]).toEqual([0x08048010]);
  });

  it('gives the core the user addresses plus the goal ones, rewriting only on change', () => {
    const b = new Breakpoints();
    const fake = fakeBreakpointList();
    b.toggle(0x100, 'kernel', () => ({ where: 'x' }));
    b.sync(fake.m, [0x200]);
    expect([...fake.held].sort()).toEqual([0x100, 0x200]);
    b.sync(fake.m, [0x200]);
    expect(fake.clears).toBe(1);
    b.sync(fake.m, []);
    expect([...fake.held]).toEqual([0x100]);
    expect(fake.clears).toBe(2);
    b.clearCore(fake.m);
    b.sync(fake.m, []);
    expect([...fake.held]).toEqual([0x100]); // after a reset the list is given again
  });
});

describe('guest console', () => {
  it('starts a boot on a clean screen, hands output over once, and feeds keys as the guest takes them', () => {
    const c = new GuestConsole();
    c.write('hello');
    expect(c.takeOutput()).toBe('\x1bchello');
    expect(c.takeOutput()).toBe('');
    expect(c.tail).toBe('hello');
    c.type('ab');
    c.type('c');
    const taken: string[] = [];
    const m = { input: (b: Uint8Array) => (taken.push(new TextDecoder().decode(b.subarray(0, 2))), Math.min(2, b.length)) } as unknown as Machine;
    c.feed(m);
    c.feed(m);
    c.feed(m);
    expect(taken).toEqual(['ab', 'c']);
  });
});
