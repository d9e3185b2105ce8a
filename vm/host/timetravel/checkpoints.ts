// Where the recorder keeps the past, within a memory budget.
//
// Two kinds of checkpoint:
//  - full frames: plain copies of the state (one memcpy, ~6 ms for the
//    default 42 MiB), taken often and kept few (the most recently used
//    ones): going back a little starts from one of them;
//  - paged checkpoints (page-history.ts): taken less often, as the pages
//    that changed since the one before (the compare costs ~15 ms), kept
//    long: going back far starts from one of them.
//
// The budget counts every byte held: the paged base and shadow, the page
// versions and the frames. Before anything is added the store makes room,
// so it never holds more than the budget. The rule, in order:
//  1. frames beyond the newest-used one go first, least recently used first;
//  2. then paged checkpoints are thinned: of those between the oldest and
//     the newest, the one whose neighbours are closest together relative to
//     their age, (next - prev) / (now - prev), is merged into its successor —
//     spacing then grows with age (dense recent checkpoints, sparse old ones,
//     roughly exponential);
//  3. with only the oldest and the newest paged checkpoints left, the oldest
//     is merged away: history now starts later (oldestCycle moves on);
//  4. last, the remaining frame.

import { MachineError } from '../machine-error.js';
import { PageHistory } from './page-history.js';

/** Grid frames are the recorder's periodic ones; scratch frames are kept where a search replayed from. */
export type FramePool = 'grid' | 'scratch';

export interface Frame {
  pool: FramePool;
  cycle: number;
  bytes: Uint8Array;
  /** Larger = used more recently. */
  used: number;
}

/** A checkpoint to start a replay from. */
export type Checkpoint = { kind: 'frame'; cycle: number; frame: Frame } | { kind: 'paged'; cycle: number; index: number };

export interface StoreStats {
  budgetBytes: number;
  usedBytes: number;
  frames: number;
  paged: number;
  oldestCycle: number | undefined;
}

export class Checkpoints {
  readonly history: PageHistory;
  readonly frames: Frame[] = [];
  private clock = 0;

  constructor(
    readonly stateSize: number,
    readonly budgetBytes: number,
    readonly maxFrames: number,
    readonly scratchFrames = 1,
  ) {
    // The paged base and shadow, a frame when there are any, and a little room for changed pages.
    const copies = maxFrames + scratchFrames > 0 ? 3 : 2;
    const least = copies * stateSize + (1 << 20);
    if (!(budgetBytes >= least)) {
      throw new MachineError(
        `a time-travel budget of ${mib(budgetBytes)} is too small: this machine's state is ${mib(stateSize)}, ` +
          `and the store needs ${copies} copies of it and 1 MiB (${mib(least)})`,
      );
    }
    this.history = new PageHistory(stateSize);
  }

  get usedBytes(): number {
    return this.history.bytes + this.frames.length * this.stateSize;
  }

  /** The earliest cycle a replay can start from. */
  get oldestCycle(): number | undefined {
    let oldest = this.history.checkpoints[0]?.cycle;
    for (const f of this.frames) if (oldest === undefined || f.cycle < oldest) oldest = f.cycle;
    return oldest;
  }

  stats(): StoreStats {
    return {
      budgetBytes: this.budgetBytes, usedBytes: this.usedBytes, frames: this.frames.length,
      paged: this.history.checkpoints.length, oldestCycle: this.oldestCycle,
    };
  }

  /** The checkpoint with the largest cycle at or before `cycle`. */
  nearest(cycle: number): Checkpoint | undefined {
    let best: Checkpoint | undefined;
    const cps = this.history.checkpoints;
    let lo = 0;
    let hi = cps.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cps[mid].cycle <= cycle) {
        best = { kind: 'paged', cycle: cps[mid].cycle, index: mid };
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (const f of this.frames) {
      if (f.cycle <= cycle && (!best || f.cycle >= best.cycle)) best = { kind: 'frame', cycle: f.cycle, frame: f };
    }
    return best;
  }

  /** The paged checkpoints' cycles, oldest first. */
  pagedCycles(): number[] {
    return this.history.checkpoints.map((c) => c.cycle);
  }

  restore(cp: Checkpoint, into: Uint8Array): void {
    if (cp.kind === 'frame') {
      cp.frame.used = ++this.clock;
      into.set(cp.frame.bytes);
    } else this.history.restore(cp.index, into);
  }

  hasFrameAt(cycle: number): boolean {
    return this.frames.some((f) => f.cycle === cycle);
  }

  /** Keep a full copy of `image` (the state at `cycle`) in a pool, reusing its least recently used frame when full. */
  addFrame(cycle: number, image: Uint8Array, pool: FramePool = 'grid'): void {
    const max = pool === 'grid' ? this.maxFrames : this.scratchFrames;
    if (max === 0 || this.hasFrameAt(cycle)) return;
    const mine = this.frames.filter((f) => f.pool === pool);
    if (mine.length >= max) {
      // No new 40 MiB allocation per frame.
      const f = mine.reduce((a, b) => (b.used < a.used ? b : a));
      f.bytes.set(image);
      f.cycle = cycle;
      f.used = ++this.clock;
      return;
    }
    if (!this.makeRoom(this.stateSize)) return;
    const bytes = new Uint8Array(image.length);
    bytes.set(image);
    this.frames.push({ pool, cycle, bytes, used: ++this.clock });
  }

  /** Add a paged checkpoint (cycle must be after the newest paged one). Returns false if no room could be made. */
  addPaged(cycle: number, image: Uint8Array): boolean {
    const dirty = this.history.dirtyPages(image);
    if (!this.makeRoom(dirty.length * 4096)) return false;
    this.history.add(cycle, image, dirty);
    return true;
  }

  /** Forget every checkpoint after `cycle` (the future is being rewritten). */
  dropAfter(cycle: number): void {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i].cycle > cycle) this.frames.splice(i, 1);
    while ((this.history.newest?.cycle ?? -1) > cycle) this.history.popNewest();
  }

  /** Free room for `bytes` more by the rule in the file's comment; false when it cannot be done. */
  private makeRoom(bytes: number): boolean {
    while (this.usedBytes + bytes > this.budgetBytes) {
      if (!this.dropOne()) return false;
    }
    return true;
  }

  private dropOne(): boolean {
    if (this.frames.length > 1) {
      this.dropFrame(this.leastUsedFrame());
      return true;
    }
    const cps = this.history.checkpoints;
    if (cps.length >= 3) {
      this.history.drop(this.thinningVictim());
      return true;
    }
    if (cps.length === 2) {
      this.history.drop(0);
      return true;
    }
    if (this.frames.length === 1) {
      this.frames.pop();
      return true;
    }
    return false;
  }

  /** Rule 2: the interior paged checkpoint whose neighbours are closest relative to their age. */
  private thinningVictim(): number {
    const cps = this.history.checkpoints;
    const now = cps[cps.length - 1].cycle;
    let victim = 1;
    let best = Infinity;
    for (let i = 1; i < cps.length - 1; i++) {
      const score = (cps[i + 1].cycle - cps[i - 1].cycle) / (now - cps[i - 1].cycle);
      if (score < best) {
        best = score;
        victim = i;
      }
    }
    return victim;
  }

  private leastUsedFrame(): Frame {
    return this.frames.reduce((a, b) => (b.used < a.used ? b : a));
  }

  private dropFrame(f: Frame): void {
    this.frames.splice(this.frames.indexOf(f), 1);
  }
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
