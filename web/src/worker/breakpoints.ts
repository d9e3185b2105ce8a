// The user's breakpoints, and the core's breakpoint list made from them.
//
// A user breakpoint belongs to a space: 'kernel', 'bare' or a program's name.
// All programs live at 0x08048000, so the core stops at an address in every
// program and the run loop asks `at()` whether the code running now is the
// breakpoint's; if not, it runs on. The core's list is the user's addresses
// plus the running goal's temporary ones, rewritten only when that set
// changes. User breakpoints outlive a reboot; the core's list does not.

import type { Machine } from '../../../vm/host/machine.js';
import type { Breakpoint } from '../shared/protocol.js';

/** The core holds at most this many breakpoints. */
const CORE_BREAKPOINTS = 64;

export class Breakpoints {
  /** The user's, in the order they were set (snapshots carry this list). */
  readonly list: Breakpoint[] = [];
  /** Bumped on every change, so views built while paused know to rebuild. */
  version = 0;
  /** The addresses the core holds now. */
  private inCore = new Set<number>();

  /** Set or clear the breakpoint at addr in a space; `where` names the place for the list. */
  toggle(addr: number, space: string, where: (addr: number) => string): void {
    addr >>>= 0;
    this.version++;
    const i = this.list.findIndex((b) => b.addr === addr && b.space === space);
    if (i >= 0) this.list.splice(i, 1);
    else this.list.push({ addr, space, where: where(addr) });
  }

  /** Make the core's list the user's addresses plus the goal's. */
  sync(m: Machine, goalAddrs: number[]): void {
    const want = new Set<number>(this.list.map((b) => b.addr));
    for (const a of goalAddrs) want.add(a >>> 0);
    if (want.size === this.inCore.size && [...want].every((a) => this.inCore.has(a))) return;
    m.clearBreakpoints();
    for (const a of [...want].slice(0, CORE_BREAKPOINTS)) m.addBreakpoint(a);
    this.inCore = want;
  }

  /** The machine was reset: the core holds none. */
  clearCore(m: Machine): void {
    this.inCore = new Set();
    m.clearBreakpoints();
  }

  /** The user breakpoint at eip in the space of the code running now (asked only when one is at eip). */
  at(eip: number, spaceNow: () => string): Breakpoint | undefined {
    const candidates = this.list.filter((b) => b.addr === eip);
    if (!candidates.length) return undefined;
    const space = spaceNow();
    return candidates.find((b) => b.space === space);
  }

  /** The addresses of the breakpoints in one space. */
  inSpace(space: string): Set<number> {
    return new Set(this.list.filter((b) => b.space === space).map((b) => b.addr));
  }
}
