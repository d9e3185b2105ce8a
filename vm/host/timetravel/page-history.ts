// Long-term checkpoints as pages: a base image plus, per checkpoint, the 4
// KiB pages that changed since the checkpoint before it.
//
// Dirty pages are found by comparing the new image with the newest
// checkpoint's image (the shadow, kept in full), word by word: exact, with
// no dirty bit that a write could slip past. Each page keeps its versions in
// checkpoint order, so restoring checkpoint k takes, for every page, the
// newest version at or before k (a binary search per page).
//
// Dropping a checkpoint merges it into the next one: a page version the
// next checkpoint overrides is freed, the others now belong to the next
// checkpoint (they were still its contents). Dropping the oldest is the same
// merge, so the next one becomes the base and history starts later. The
// newest cannot be dropped: it is the shadow new checkpoints are diffed with.

import { PAGE } from './state.js';

interface PageVersions {
  /** Checkpoint sequence numbers, ascending. */
  seqs: number[];
  pages: Uint8Array[];
}

export interface PagedCheckpoint {
  seq: number;
  cycle: number;
  /** Page indexes whose version belongs to this checkpoint. */
  pages: number[];
}

export class PageHistory {
  readonly checkpoints: PagedCheckpoint[] = [];
  private readonly versions: PageVersions[];
  private readonly shadow: Uint8Array;
  private nextSeq = 0;
  /** Bytes held in page versions (the shadow not counted). */
  pageBytes = 0;

  constructor(readonly stateSize: number) {
    const pages = Math.ceil(stateSize / PAGE);
    this.versions = Array.from({ length: pages }, () => ({ seqs: [], pages: [] }));
    this.shadow = new Uint8Array(pages * PAGE);
  }

  /** Bytes this history holds: page versions plus the shadow image. */
  get bytes(): number {
    return this.pageBytes + this.shadow.length;
  }

  get newest(): PagedCheckpoint | undefined {
    return this.checkpoints[this.checkpoints.length - 1];
  }

  /** The pages of `image` that differ from the newest checkpoint (all of them for the first). */
  dirtyPages(image: Uint8Array): number[] {
    const out: number[] = [];
    const count = this.versions.length;
    if (this.checkpoints.length === 0) {
      for (let p = 0; p < count; p++) out.push(p);
      return out;
    }
    const wordsPerPage = PAGE >> 2;
    const full = image.length >> 2;
    const a = new Int32Array(image.buffer, image.byteOffset, full);
    const b = new Int32Array(this.shadow.buffer, 0, full);
    for (let p = 0; p < count; p++) {
      const start = p * wordsPerPage;
      const end = Math.min(full, start + wordsPerPage);
      let x = 0;
      for (let i = start; i < end; i++) x |= a[i] ^ b[i];
      if (x !== 0 || (end - start < wordsPerPage && this.tailDiffers(image, end << 2))) out.push(p);
    }
    return out;
  }

  private tailDiffers(image: Uint8Array, from: number): boolean {
    for (let i = from; i < image.length; i++) if (image[i] !== this.shadow[i]) return true;
    return false;
  }

  /** Add a checkpoint at `cycle` whose state is `image`, storing `dirty` (from dirtyPages). */
  add(cycle: number, image: Uint8Array, dirty: number[]): PagedCheckpoint {
    const newest = this.newest;
    if (newest && cycle <= newest.cycle) throw new Error(`checkpoint at ${cycle} is not after the newest (${newest.cycle})`);
    const cp: PagedCheckpoint = { seq: this.nextSeq++, cycle, pages: dirty };
    for (const p of dirty) {
      const start = p * PAGE;
      const page = new Uint8Array(PAGE);
      page.set(image.subarray(start, Math.min(image.length, start + PAGE)));
      const v = this.versions[p];
      v.seqs.push(cp.seq);
      v.pages.push(page);
      this.shadow.set(page, start);
      this.pageBytes += PAGE;
    }
    this.checkpoints.push(cp);
    return cp;
  }

  /** Write checkpoint `index`'s state into `into` (stateSize bytes). */
  restore(index: number, into: Uint8Array): void {
    const cp = this.checkpoints[index];
    if (index === this.checkpoints.length - 1) {
      into.set(this.shadow.subarray(0, into.length));
      return;
    }
    for (let p = 0; p < this.versions.length; p++) {
      const v = this.versions[p];
      const at = lastAtOrBefore(v.seqs, cp.seq);
      if (at < 0) throw new Error(`page ${p} has no version at checkpoint ${cp.seq}: the history is broken`);
      const start = p * PAGE;
      const page = v.pages[at];
      into.set(start + PAGE <= into.length ? page : page.subarray(0, into.length - start), start);
    }
  }

  /** Merge checkpoint `index` (not the newest) into the one after it. */
  drop(index: number): void {
    if (index < 0 || index >= this.checkpoints.length - 1) throw new Error(`cannot drop checkpoint ${index}`);
    const cp = this.checkpoints[index];
    const next = this.checkpoints[index + 1];
    const moved: number[] = [];
    for (const p of cp.pages) {
      const v = this.versions[p];
      const at = v.seqs.indexOf(cp.seq);
      if (v.seqs[at + 1] === next.seq) {
        v.seqs.splice(at, 1);
        v.pages.splice(at, 1);
        this.pageBytes -= PAGE;
      } else {
        v.seqs[at] = next.seq;
        moved.push(p);
      }
    }
    next.pages = next.pages.concat(moved);
    this.checkpoints.splice(index, 1);
  }

  /** Forget the newest checkpoint (a new future starts before it); the one before becomes the shadow. */
  popNewest(): void {
    const cp = this.checkpoints.pop();
    if (!cp) return;
    for (const p of cp.pages) {
      const v = this.versions[p];
      v.seqs.pop();
      v.pages.pop();
      this.pageBytes -= PAGE;
      const prev = v.pages[v.pages.length - 1];
      if (prev) this.shadow.set(prev, p * PAGE);
      else this.shadow.fill(0, p * PAGE, (p + 1) * PAGE);
    }
  }
}

/** The index of the last element ≤ x in an ascending array, or -1. */
function lastAtOrBefore(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
