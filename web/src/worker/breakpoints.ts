// The user's breakpoints, and the core's breakpoint list made from them.
//
// A user breakpoint belongs to a space: 'kernel', 'bare' or a program's name.
// All programs live at 0x08048000, so the core stops at an address in every
// program and the run loop asks `at()` whether the code running now is the
// breakpoint's; if not, it runs on. The core's list is the user's addresses
// plus the running goal's temporary ones, rewritten only when that set
// changes. User breakpoints outlive a reboot; the core's list does not.

import type { Machine } from '../../../vm/host/machine.js';
import type { Program } from '../../../vm/host/program.js';
import type { Breakpoint } from '../shared/protocol.js';

/** How a breakpoint's place is named in the list: `function+off`, and its source line when it starts one. */
export type Place = (addr: number) => { where: string; file?: string; line?: number };

/** The place of addr in a program, or its address in hex when there is no program. */
export function placeIn(program: Program | undefined, addr: number, hex: (n: number) => string): ReturnType<Place> {
  const where = program?.where(addr) ?? hex(addr);
  const pos = program?.isRowStart(addr) ? program.lineFor(addr) : undefined;
  return pos ? { where, file: pos.file, line: pos.line } : { where };
}

/** The core holds at most this many breakpoints. */
const CORE_BREAKPOINTS = 64;

export class Breakpoints {
  /** The user's, in the order they were set (snapshots carry this list). */
  readonly list: Breakpoint[] = [];
  /** Bumped on every change, so views built while paused know to rebuild. */
  version = 0;
  /** The addresses the core holds now. */
  private inCore = new Set<number>();

  /** Set or clear the breakpoint at addr in a space; `place` names the place for the list. */
  toggle(addr: number, space: string, place: Place): void {
    addr >>>= 0;
    this.version++;
    const i = this.list.findIndex((b) => b.addr === addr && b.space === space);
    if (i >= 0) this.list.splice(i, 1);
    else this.list.push({ addr, space, ...place(addr) });
  }

  /**
   * A new version of a space's program was installed: each breakpoint of the
   * space set on a source line moves to that line's first instruction in the
   * new one; one on a line without code now, or on no line, goes.
   */
  rebind(space: string, program: Program): void {
    const kept: Breakpoint[] = [];
    for (const b of this.list) {
      if (b.space !== space) {
        kept.push(b);
        continue;
      }
      const addr = b.file !== undefined && b.line !== undefined ? program.addressOfLine(b.file, b.line) : undefined;
      if (addr !== undefined && !kept.some((k) => k.space === space && k.addr === addr)) {
        kept.push({ ...b, addr, where: program.where(addr) ?? b.where });
      }
    }
    this.list.splice(0, this.list.length, ...kept);
    this.version++;
  }

  /**
   * Make the core's list the user's addresses plus the goal's: in the
   * machine, or through `to`, which sets the whole list (a recording
   * machine's go through its recorder: time-travel.ts).
   */
  sync(to: Machine | ((addrs: number[]) => void), goalAddrs: number[]): void {
    const apply = typeof to === 'function' ? to : (addrs: number[]) => {
      to.clearBreakpoints();
      for (const a of addrs) to.addBreakpoint(a);
    };
    const want = new Set<number>(this.list.map((b) => b.addr));
    for (const a of goalAddrs) want.add(a >>> 0);
    if (want.size === this.inCore.size && [...want].every((a) => this.inCore.has(a))) return;
    apply([...want].slice(0, CORE_BREAKPOINTS));
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
