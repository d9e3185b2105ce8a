// The compiled tier's host half for one Machine: between two core.run()
// calls it takes the core's queue of hot blocks, compiles them (compile.ts)
// into one WebAssembly module, puts each function in the core's function
// table and tells the core where it is (jitInstall).
//
// The code cache: compiled functions are kept by what their code depends on
// (the block's bytes, its page offset and its instructions' cycle costs:
// compile.ts's blockKey), so a block that is flushed (the host wrote RAM, a
// snapshot was restored) and becomes hot again is reinstalled without
// compiling. The cache has a size limit in bytes of generated WebAssembly;
// past it everything is dropped and compiling starts over (the core's block
// map is flushed first, so no table slot in use is ever overwritten).
//
// Behind it, optionally, the process-wide cache (shared-cache.ts): a block
// this machine has not compiled but another machine of the process has (same
// key, same layout) is instantiated from that machine's module instead of
// being compiled again. Machine passes the process's cache; the core tests'
// harness passes none, so their counts only depend on their own machine.

import type { CoreExports } from '../core-exports.js';
import { JIT_LAYOUT } from '../../isa/machine.js';
import { BLOCK_TYPE, CodeSource, IMPORTS, JitLayout, blockKey, compileBlock, decodeBlock } from './compile.js';
import { Func, writeModule } from './wasm.js';
import type { SharedBlock, SharedCache } from './shared-cache.js';

/** Default limit of the code cache: bytes of generated WebAssembly. */
export const DEFAULT_CODE_CACHE_BYTES = 16 << 20;
/** At most this many compiled functions at a time (function-table slots). */
const MAX_SLOTS = 32768;

export interface JitStats {
  /** Blocks compiled since the tier was created (including after cache drops). */
  compiled: number;
  /** Blocks installed from the process-wide cache, compiled by another machine (or before a drop) and not compiled here. */
  shared: number;
  /** Functions in the code cache now. */
  cached: number;
  /** Bytes of WebAssembly in the code cache now, and its limit. */
  codeBytes: number;
  codeBytesLimit: number;
  /** Times the cache was dropped for reaching its limit. */
  cacheDrops: number;
  /** Blocks the core entered (its count). */
  entered: number;
  /** Modules that failed to compile (a compiler bug; their blocks stay interpreted). */
  errors: number;
  lastError: string;
}

export class JitTier {
  private layout!: JitLayout;
  private readonly cache = new Map<string, number>();
  /** This machine's instance of each module its cache uses (compiled here or taken from the shared cache). */
  private readonly instances = new Map<WebAssembly.Module, WebAssembly.Exports>();
  /** The layout as a string: what, with a block's key, names its code in the shared cache. */
  private layoutKey = '';
  private readonly firstSlot: number;
  private nextSlot: number;
  private freeSlots: number[] = [];
  private stats = { compiled: 0, shared: 0, codeBytes: 0, cacheDrops: 0, errors: 0, lastError: '' };

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
    const layout = {} as JitLayout;
    for (const [name, i] of Object.entries(JIT_LAYOUT)) layout[name as keyof JitLayout] = this.core.jitLayout(i) >>> 0;
    this.layout = layout;
    this.layoutKey = Object.values(JIT_LAYOUT).map((i) => this.core.jitLayout(i) >>> 0).join(',');
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
      core.jitFlush();
      this.dropCache();
      this.stats.cacheDrops++;
    }
    const src = this.codeSource();
    const ramStart = core.ramBase() >>> 0;
    const ramEnd = ramStart + (core.ramSize() >>> 0);
    const fresh = new Map<string, { ps: number[]; func: Func }>();
    for (const p of queued) {
      if (p < ramStart || p >= ramEnd) continue;
      const insns = decodeBlock(src, p);
      if (insns.length === 0) continue;
      const key = blockKey(src, p, insns);
      const slot = this.cache.get(key);
      if (slot !== undefined) {
        core.jitInstall(p, slot);
        continue;
      }
      const pending = fresh.get(key);
      const shared = pending ? undefined : this.sharedCache?.get(this.sharedKey(key));
      if (shared && this.installShared(key, shared, p)) continue;
      if (pending) pending.ps.push(p);
      else fresh.set(key, { ps: [p], func: compileBlock(src, this.layout, p, insns, `b${fresh.size}`) });
    }
    if (fresh.size > 0) this.instantiate(fresh);
    return true;
  }

  /** Every figure about the tier (what `--jit-stats` and the benchmark print). */
  statistics(): JitStats {
    return {
      compiled: this.stats.compiled,
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

  /** The shared cache's key of a block: the layout its code was compiled against, and its own key. */
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
    };
    exports = new WebAssembly.Instance(module, { core: imports }).exports;
    this.instances.set(module, exports);
    this.stats.codeBytes += moduleBytes;
    return exports;
  }

  /** Installs at p a block another machine compiled; false if its module cannot be instantiated here. */
  private installShared(key: string, shared: SharedBlock, p: number): boolean {
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
    this.core.jitInstall(p, slot);
    this.stats.shared++;
    return true;
  }

  private noteError(err: unknown): void {
    this.stats.errors++;
    this.stats.lastError = err instanceof Error ? err.message : String(err);
  }

  private instantiate(fresh: Map<string, { ps: number[]; func: Func }>): void {
    const core = this.core;
    const entries = [...fresh.entries()];
    let exports: WebAssembly.Exports;
    try {
      const bytes = writeModule('core', 'memory', IMPORTS, BLOCK_TYPE, entries.map(([, f]) => f.func));
      const module = new WebAssembly.Module(bytes as BufferSource);
      exports = this.instanceOf(module, bytes.length);
      this.sharedCache?.add(module, bytes.length, entries.map(([key, f]) => [this.sharedKey(key), f.func.name] as const));
    } catch (err) {
      // A block the compiler got wrong stays with the interpreter: remember that, say so in the stats.
      this.noteError(err);
      return;
    }
    for (const [key, { ps, func }] of entries) {
      const slot = this.allocSlot();
      core.table.set(slot, exports[func.name] as WebAssembly.ExportValue);
      this.cache.set(key, slot);
      for (const p of ps) core.jitInstall(p, slot);
      this.stats.compiled++;
    }
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
