// The compiled tier's host half for one Machine: between two core.run()
// calls it takes the core's queue of hot blocks, compiles them into one
// WebAssembly module, puts each function in the core's function table and
// tells the core where it is (jitInstall).
//
// Regions: what is compiled is a region (region.ts), one function holding
// hot blocks of one page, so control moving among them stays inside. Which
// blocks: those of the page that became hot together (queued in the same
// slice). A page's first region is formed again with the blocks of the page
// that became hot since: once whatever its size (FORMS; the cases of a
// switch get hot after the loop around them), and each time while it holds
// at most REFORM_BLOCKS; later blocks form regions of their own. Each block
// of a region formed again is installed at the new function. Compiling
// every hot block of a page into one region each time one more joins costs
// too much: blocks of a page become hot in waves, so a page was compiled
// several times over, and V8 optimizes every new function again (measured
// on the pipeline of test/bench/boot.ts: 869 blocks compiled for 363 hot
// ones, and 3.3-3.6 s of CPU time against 2.2-2.6 s with regions of the
// blocks hot together; V8's optimizing compiler runs on other threads, but
// its time is the process's).
// The first region's entries are kept with the page's PAGES word they were
// installed under: once a store or the host changed the page (the word
// moved on), its blocks are stale in the core, and the list starts again
// from the blocks that become hot in the new bytes.
//
// The code cache: compiled functions are kept by what their code depends on
// (each block's bytes, page offset and instructions' cycle costs: region.ts's
// regionKey, and the paging mode), so a region that is flushed (its page
// was written, its cache dropped) and becomes hot again is reinstalled
// without compiling. The cache has a size limit in bytes of generated
// WebAssembly; past it everything is dropped and compiling starts over (the
// core's block map is flushed first, so no table slot in use is ever
// overwritten).
//
// Restoring a snapshot rewrites RAM under the blocks, but usually not the
// pages they were compiled from (time travel goes back in the same program;
// the benchmark restores the same start), and so does loading the same
// program again (Machine.loadElf). So the tier copies the pages it
// installed blocks from before the host writes and, after it, marks stale
// only those whose bytes differ (all of them if the cycle costs differ):
// the other blocks stay installed instead of being counted hot again from
// zero.
//
// Behind it, optionally, the process-wide cache (shared-cache.ts): a region
// this machine has not compiled but another machine of the process has (same
// key, same layout) is instantiated from that machine's module instead of
// being compiled again. Machine passes the process's cache; the core tests'
// harness passes none, so their counts only depend on their own machine.

import type { CoreExports } from '../core-exports.js';
import { JIT_LAYOUT } from '../../isa/machine.js';
import { BLOCK_TYPE, IMPORTS, JitLayout, MachineLayout, MachineShape, helpers, readMode, readShape } from './block.js';
import { CodeSource, decodeBlock } from './decode.js';
import { RegionBlock, compileRegion, regionKey } from './region.js';
import { Func, writeModule } from './wasm.js';
import type { SharedBlock, SharedCache } from './shared-cache.js';

/** Default limit of the code cache: bytes of generated WebAssembly. */
export const DEFAULT_CODE_CACHE_BYTES = 16 << 20;
/** What afterHostWrite() compares with: copies of the pages blocks were installed from, and the cycle costs. */
export interface HostWritePoint {
  pages: Array<[page: number, bytes: Uint8Array]>;
  costs: string;
}

/** The layout blocks are compiled against now: the machine's, in the paging mode it is in. */
interface CompiledLayout {
  layout: JitLayout;
  /** The mode as a string: part of every key of code compiled in it. */
  modeKey: string;
}

const PAGE = 4096;
/** Opcodes whose cycle cost a block may have been compiled with (CodeSource.cycles). */
const OPCODES = 256;

/**
 * A page's first region is compiled FORMS times with the blocks of the page
 * that became hot by then, and again every time one more does while it has
 * at most REFORM_BLOCKS blocks; later ones form regions of their own.
 */
const FORMS = 2;
const REFORM_BLOCKS = 8;

/** At most this many compiled functions at a time (function-table slots). */
const MAX_SLOTS = 32768;

/** A region to compile: where to install it, its function, how many blocks it holds. */
interface Fresh {
  ps: number[];
  func: Func;
  blocks: number;
}

export interface JitStats {
  /** Regions (functions) compiled since the tier was created (including after cache drops). */
  compiled: number;
  /** Blocks in them (a block counts again each time its page's region is compiled again). */
  compiledBlocks: number;
  /** Regions installed from the process-wide cache, compiled by another machine (or before a drop) and not compiled here. */
  shared: number;
  /** Functions in the code cache now. */
  cached: number;
  /** Bytes of WebAssembly in the code cache now, and its limit. */
  codeBytes: number;
  codeBytesLimit: number;
  /** Times the cache was dropped for reaching its limit. */
  cacheDrops: number;
  /** Regions the core entered from its run loop (its count; control then moves among a region's blocks inside it). */
  entered: number;
  /** Modules that failed to compile (a compiler bug; their blocks stay interpreted). */
  errors: number;
  lastError: string;
}

export class JitTier {
  /** The machine's addresses and shape (the mode is read when compiling: compiledLayout). */
  private layout!: MachineLayout;
  private shape!: MachineShape;
  private readonly cache = new Map<string, number>();
  /** This machine's instance of each module its cache uses (compiled here or taken from the shared cache). */
  private readonly instances = new Map<WebAssembly.Module, WebAssembly.Exports>();
  /** Host pages (first address) blocks were installed from since the core's block map was last flushed. */
  private readonly codePages = new Set<number>();
  /** Per host page: the block entries (page offsets) of its first region, and the PAGES word they were installed under. */
  private readonly hot = new Map<number, { word: number; offsets: Set<number>; formed: number }>();
  /** The layout as a string: what, with a block's key, names its code in the shared cache. */
  private layoutKey = '';
  private readonly firstSlot: number;
  private nextSlot: number;
  private freeSlots: number[] = [];
  private stats = { compiled: 0, compiledBlocks: 0, shared: 0, codeBytes: 0, cacheDrops: 0, errors: 0, lastError: '' };

  constructor(
    private readonly core: CoreExports,
    private readonly codeBytesLimit = DEFAULT_CODE_CACHE_BYTES,
    private readonly sharedCache?: SharedCache,
  ) {
    this.firstSlot = core.table.length;
    this.nextSlot = this.firstSlot;
    this.reset();
  }

  /** After the core's init(): its tables moved, so everything compiled is dropped. */
  reset(): void {
    const addresses = {} as Record<keyof typeof JIT_LAYOUT, number>;
    for (const [name, i] of Object.entries(JIT_LAYOUT)) addresses[name as keyof typeof JIT_LAYOUT] = this.core.jitLayout(i) >>> 0;
    this.shape = this.shapeNow(addresses);
    this.layout = { ...addresses, ...this.shape };
    this.layoutKey = JSON.stringify(this.layout);
    this.codePages.clear(); // init() emptied the core's map
    this.hot.clear();
    this.dropCache();
  }

  /** Compiles and installs every queued hot block; returns whether any was queued. */
  service(): boolean {
    const core = this.core;
    const n = core.jitQueueLength();
    if (n === 0) return false;
    const queued: number[] = [];
    for (let i = 0; i < n; i++) queued.push(core.jitQueued(i) >>> 0);
    core.jitQueueClear();
    if (this.stats.codeBytes > this.codeBytesLimit || this.cache.size >= MAX_SLOTS - n) {
      this.flush();
      this.dropCache();
      this.stats.cacheDrops++;
    }
    const src = this.codeSource();
    const compiled = this.compiledLayout();
    const ramStart = core.ramBase() >>> 0;
    const ramEnd = ramStart + (core.ramSize() >>> 0);
    const pages = new Map<number, number[]>();
    for (const p of queued) {
      if (p < ramStart || p >= ramEnd) continue;
      const page = p - (p & (PAGE - 1));
      pages.set(page, [...(pages.get(page) ?? []), p - page]);
    }
    const fresh = new Map<string, Fresh>();
    for (const [page, offsets] of pages) this.region(src, compiled, page, offsets, fresh);
    if (fresh.size > 0) this.instantiate(fresh);
    return true;
  }

  /**
   * The page's region with the block entries just queued added: installed
   * from a cache, or added to `fresh` to be compiled.
   */
  private region(src: CodeSource, compiled: CompiledLayout, page: number, queued: number[], fresh: Map<string, Fresh>): void {
    const blocks = this.hotBlocks(src, page, queued);
    if (blocks.length === 0) return;
    const key = `${compiled.modeKey}|${regionKey(src, blocks)}`;
    const ps = blocks.map((blk) => page + blk.off);
    const slot = this.cache.get(key);
    if (slot !== undefined) {
      for (const p of ps) this.install(p, slot);
      return;
    }
    const pending = fresh.get(key);
    if (pending) {
      pending.ps.push(...ps);
      return;
    }
    const shared = this.sharedCache?.get(this.sharedKey(key));
    if (shared && this.installShared(key, shared, ps)) return;
    fresh.set(key, { ps, func: compileRegion(src, compiled.layout, blocks, `r${fresh.size}`), blocks: blocks.length });
  }

  /**
   * The blocks of the region to compile for a page where `queued` just
   * became hot (offset order): the page's first region, with these added,
   * while it stays small; else these alone (the header says why).
   */
  private hotBlocks(src: CodeSource, page: number, queued: number[]): RegionBlock[] {
    const word = this.pageWord(page) | 1; // what jitInstall will make it
    let hot = this.hot.get(page);
    if (hot === undefined || hot.word !== word) {
      hot = { word, offsets: new Set(), formed: 0 };
      this.hot.set(page, hot);
    }
    const grown = new Set([...hot.offsets, ...queued]);
    let which = new Set(queued);
    if (hot.formed < FORMS || grown.size <= REFORM_BLOCKS) {
      which = hot.offsets = grown;
      hot.formed++;
    }
    const blocks: RegionBlock[] = [];
    for (const off of [...which].sort((x, y) => x - y)) {
      const insns = decodeBlock(src, page + off);
      if (insns.length === 0) hot.offsets.delete(off);
      else blocks.push({ off, insns });
    }
    return blocks;
  }

  /** The core's PAGES word of a host page. */
  private pageWord(page: number): number {
    return new DataView(this.core.memory.buffer).getUint32(this.layout.PAGES + (page >>> 12) * 4, true);
  }

  /** Forgets every installed block; the code cache stays. */
  flush(): void {
    this.core.jitFlush();
    this.codePages.clear();
    this.hot.clear();
  }

  /** Before the host writes RAM or rewrites the whole state in place (a restore): what afterHostWrite() compares with. */
  beforeHostWrite(): HostWritePoint {
    const mem = new Uint8Array(this.core.memory.buffer);
    return { pages: [...this.codePages].map((page) => [page, mem.slice(page, page + PAGE)]), costs: this.costsKey() };
  }

  /** After it: blocks of pages whose bytes changed are stale, the others stay (all are flushed if the costs changed). */
  afterHostWrite(point: HostWritePoint): void {
    if (JSON.stringify(this.shapeNow(this.layout)) !== JSON.stringify(this.shape)) {
      // A state of another shape (Machine.restore allows only a machine's own): nothing compiled fits it.
      this.flush();
      this.reset();
      return;
    }
    if (this.costsKey() !== point.costs) {
      this.flush();
      return;
    }
    const mem = new Uint8Array(this.core.memory.buffer);
    for (const [page, before] of point.pages) {
      if (sameBytes(mem, page, before)) continue;
      this.core.jitPageChanged(page);
      this.codePages.delete(page);
    }
  }

  /** Every figure about the tier (what `--jit-stats` and the benchmark print). */
  statistics(): JitStats {
    return {
      compiled: this.stats.compiled,
      compiledBlocks: this.stats.compiledBlocks,
      shared: this.stats.shared,
      cached: this.cache.size,
      codeBytes: this.stats.codeBytes,
      codeBytesLimit: this.codeBytesLimit,
      cacheDrops: this.stats.cacheDrops,
      entered: this.core.jitBlocksEntered(),
      errors: this.stats.errors,
      lastError: this.stats.lastError,
    };
  }

  /** The shared cache's key of a region: the layout its code was compiled against, and its own key. */
  private sharedKey(key: string): string {
    return `${this.layoutKey}|${key}`;
  }

  /** This machine's instance of a module (made once; its size then counts in this machine's code cache). */
  private instanceOf(module: WebAssembly.Module, moduleBytes: number): WebAssembly.Exports {
    let exports = this.instances.get(module);
    if (exports) return exports;
    const core = this.core;
    // The names compile.ts's IMPORTS declare.
    const imports = {
      memory: core.memory, jitRead: core.jitRead, jitWrite: core.jitWrite, jitCondition: core.jitCondition, jitCarry: core.jitCarry,
      jitRefetch: core.jitRefetch,
    };
    exports = new WebAssembly.Instance(module, { core: imports }).exports;
    this.instances.set(module, exports);
    this.stats.codeBytes += moduleBytes;
    return exports;
  }

  /** Installs at ps a region another machine compiled; false if its module cannot be instantiated here. */
  private installShared(key: string, shared: SharedBlock, ps: number[]): boolean {
    let fn: WebAssembly.ExportValue;
    try {
      fn = this.instanceOf(shared.module, shared.moduleBytes)[shared.name];
    } catch (err) {
      this.noteError(err);
      return false;
    }
    const slot = this.allocSlot();
    this.core.table.set(slot, fn);
    this.cache.set(key, slot);
    for (const p of ps) this.install(p, slot);
    this.stats.shared++;
    return true;
  }

  private noteError(err: unknown): void {
    this.stats.errors++;
    this.stats.lastError = err instanceof Error ? err.message : String(err);
  }

  private instantiate(fresh: Map<string, Fresh>): void {
    const core = this.core;
    const entries = [...fresh.entries()];
    let exports: WebAssembly.Exports;
    try {
      const bytes = writeModule('core', 'memory', IMPORTS, BLOCK_TYPE, entries.map(([, f]) => f.func), helpers(this.layout));
      const module = new WebAssembly.Module(bytes as BufferSource);
      exports = this.instanceOf(module, bytes.length);
      this.sharedCache?.add(module, bytes.length, entries.map(([key, f]) => [this.sharedKey(key), f.func.name] as const));
    } catch (err) {
      // A block the compiler got wrong stays with the interpreter: remember that, say so in the stats.
      this.noteError(err);
      return;
    }
    for (const [key, { ps, func, blocks }] of entries) {
      const slot = this.allocSlot();
      core.table.set(slot, exports[func.name] as WebAssembly.ExportValue);
      this.cache.set(key, slot);
      for (const p of ps) this.install(p, slot);
      this.stats.compiled++;
      this.stats.compiledBlocks += blocks;
    }
  }

  private install(p: number, slot: number): void {
    if (this.core.jitInstall(p, slot) === 0) this.codePages.add(p - (p & (PAGE - 1)));
  }

  private compiledLayout(): CompiledLayout {
    const view = new DataView(this.core.memory.buffer);
    const mode = readMode(this.layout, (addr) => view.getUint32(addr, true));
    return { layout: { ...this.layout, ...mode }, modeKey: `${mode.MODE_CR0},${mode.MODE_CR4}` };
  }

  /** The machine's shape as the core's memory has it now (what the layout took at reset()). */
  private shapeNow(addresses: Record<keyof typeof JIT_LAYOUT, number>): MachineShape {
    const view = new DataView(this.core.memory.buffer);
    return readShape(addresses, (addr) => view.getUint32(addr, true));
  }

  /** Every cycle cost a block can be compiled with, as one string. */
  private costsKey(): string {
    const src = this.codeSource();
    const costs = [src.cycles(-1), src.cycles(-2)];
    for (let op = 0; op < OPCODES; op++) costs.push(src.cycles(op));
    return costs.join(',');
  }

  private allocSlot(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    const table = this.core.table;
    if (this.nextSlot >= table.length) table.grow(Math.max(64, table.length));
    return this.nextSlot++;
  }

  private dropCache(): void {
    // The core's map must not point at these slots any more (callers flush it).
    for (const slot of this.cache.values()) this.freeSlots.push(slot);
    this.cache.clear();
    this.instances.clear();
    this.stats.codeBytes = 0;
  }

  private codeSource(): CodeSource {
    const view = new DataView(this.core.memory.buffer);
    const L = this.layout;
    return {
      u32: (addr) => view.getUint32(addr, true),
      cycles: (slot) => {
        if (slot === -1) return view.getUint32(L.OPCOST_NOT_TAKEN, true);
        if (slot === -2) return view.getUint32(L.OPCOST_TAKEN, true);
        return view.getUint32(L.OPCOST + slot * 8, true);
      },
    };
  }
}

/** Whether mem[at, at + bytes.length) equals bytes. */
function sameBytes(mem: Uint8Array, at: number, bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (mem[at + i] !== bytes[i]) return false;
  return true;
}
