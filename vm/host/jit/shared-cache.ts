// The process-wide cache of compiled modules: what lets a second machine in
// the same process (a reboot in the page, the next test, a second boot in
// the CLI) run its hot blocks without compiling them again.
//
// A compiled block depends only on what compile.ts's blockKey() names (its
// bytes, page offset and cycle costs) and on the core's layout (the
// addresses of registers, flags and tables baked into the code as
// constants). So a WebAssembly.Module compiled for one machine is valid for
// every machine with the same layout: each machine instantiates it with its
// own core's memory and helpers (tier.ts) and puts the functions in its own
// table. The cache holds modules, not instances, so it never keeps a
// machine's memory alive.
//
// Its size is bounded in bytes of WebAssembly: when a module would take it
// past the limit, everything is dropped and it fills again (modules already
// instantiated keep working; the machines hold their instances).

/** Default limit of the process-wide cache: bytes of WebAssembly modules. */
export const SHARED_CACHE_BYTES = 16 << 20;

/** Where a block's compiled function is: an export of a module. */
export interface SharedBlock {
  module: WebAssembly.Module;
  /** The module's size in bytes (what instantiating it adds to a machine's code cache). */
  moduleBytes: number;
  /** The export that is this block's function. */
  name: string;
}

export interface SharedCacheStats {
  blocks: number;
  modules: number;
  bytes: number;
  bytesLimit: number;
  /** Times it was dropped for reaching its limit. */
  drops: number;
}

export class SharedCache {
  private readonly blocks = new Map<string, SharedBlock>();
  private modules = 0;
  private bytes = 0;
  private drops = 0;

  constructor(readonly bytesLimit = SHARED_CACHE_BYTES) {
    if (!(bytesLimit > 0)) throw new RangeError(`shared code cache limit must be positive, not ${bytesLimit}`);
  }

  /** The block compiled from what `key` (layout signature + block key) describes, if any machine compiled it. */
  get(key: string): SharedBlock | undefined {
    return this.blocks.get(key);
  }

  /** Records a module just compiled and the block key of each of its exported functions. */
  add(module: WebAssembly.Module, moduleBytes: number, exports: ReadonlyArray<readonly [key: string, name: string]>): void {
    if (moduleBytes > this.bytesLimit) return; // never fits: not worth dropping everything for
    if (this.bytes + moduleBytes > this.bytesLimit) this.clear(true);
    for (const [key, name] of exports) this.blocks.set(key, { module, moduleBytes, name });
    this.modules++;
    this.bytes += moduleBytes;
  }

  /** Forgets every module (machines keep the instances they made). */
  clear(full = false): void {
    this.blocks.clear();
    this.modules = 0;
    this.bytes = 0;
    if (full) this.drops++;
  }

  statistics(): SharedCacheStats {
    return { blocks: this.blocks.size, modules: this.modules, bytes: this.bytes, bytesLimit: this.bytesLimit, drops: this.drops };
  }
}

/** The one cache every Machine of this process (or browser worker) shares. */
export const processCache = new SharedCache();
