// Reading C structures out of guest memory by the compiler's layouts.
//
// The kernel's process table is an array of `struct proc`; where `pid` or
// `pgdir` sits inside it is the compiler's business, written down in the
// debug information. A Layout resolves dotted member paths ("code.start":
// member `code` of type `struct region`, then its `start`) to byte offsets
// once; a StructReader then reads fields of one record from a byte buffer.
// No offset is ever written by hand here.

import type { DebugInfo, DebugRecord } from '../cc/debuginfo.js';
import { findStruct } from '../cc/debuginfo.js';

export interface FieldInfo {
  offset: number;
  size: number;
  type: string;
}

export class LayoutError extends Error {}

export class Layout {
  private readonly cache = new Map<string, FieldInfo>();

  constructor(
    private readonly debug: DebugInfo,
    readonly record: DebugRecord,
  ) {}

  /** The layout of `struct name`, or undefined when the debug info has none. */
  static of(debug: DebugInfo | undefined, name: string): Layout | undefined {
    const rec = debug ? findStruct(debug, name) : undefined;
    return rec && debug ? new Layout(debug, rec) : undefined;
  }

  get size(): number {
    return this.record.size;
  }

  has(path: string): boolean {
    try {
      this.field(path);
      return true;
    } catch {
      return false;
    }
  }

  /** Offset, size and type of a member path such as "pid" or "code.start". Throws LayoutError. */
  field(path: string): FieldInfo {
    const hit = this.cache.get(path);
    if (hit) return hit;
    let rec = this.record;
    let offset = 0;
    let info: FieldInfo | undefined;
    const parts = path.split('.');
    parts.forEach((part, i) => {
      const m = rec.members.find((x) => x.name === part);
      if (!m) throw new LayoutError(`struct ${rec.name} has no member '${part}'`);
      offset += m.offset;
      info = { offset, size: m.size, type: m.type };
      if (i < parts.length - 1) {
        const inner = findStruct(this.debug, m.type);
        if (!inner) throw new LayoutError(`member '${part}' of struct ${rec.name} is not a struct (${m.type})`);
        rec = inner;
      }
    });
    this.cache.set(path, info!);
    return info!;
  }
}

const decoder = new TextDecoder();

/** Fields of one record at `base` inside `bytes`. */
export class StructReader {
  private readonly view: DataView;

  constructor(
    private readonly layout: Layout,
    private readonly bytes: Uint8Array,
    private readonly base = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Another record of the same array: the index-th after this one's base. */
  at(index: number): StructReader {
    return new StructReader(this.layout, this.bytes, index * this.layout.size);
  }

  u32(path: string): number {
    const f = this.layout.field(path);
    const at = this.base + f.offset;
    if (f.size === 1) return this.view.getUint8(at);
    if (f.size === 2) return this.view.getUint16(at, true);
    return this.view.getUint32(at, true);
  }

  i32(path: string): number {
    return this.u32(path) | 0;
  }

  /** An integer member of any size, exactly: a (unsigned) long long's 8 bytes as a BigInt. */
  u64(path: string): bigint {
    const f = this.layout.field(path);
    if (f.size === 8) return this.view.getBigUint64(this.base + f.offset, true);
    return BigInt(this.u32(path));
  }

  i64(path: string): bigint {
    const f = this.layout.field(path);
    if (f.size === 8) return this.view.getBigInt64(this.base + f.offset, true);
    return BigInt(this.i32(path));
  }

  /** A NUL-terminated char array member. */
  str(path: string): string {
    const f = this.layout.field(path);
    const start = this.base + f.offset;
    const raw = this.bytes.subarray(start, start + f.size);
    const nul = raw.indexOf(0);
    return decoder.decode(nul < 0 ? raw : raw.subarray(0, nul));
  }
}

/** Number of elements of an array type spelled like `struct proc [128]`. */
export function arrayLength(type: string): number | undefined {
  const m = /\[(\d+)\]\s*$/.exec(type);
  return m ? Number(m[1]) : undefined;
}
