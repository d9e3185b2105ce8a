import { describe, expect, it } from 'vitest';
import type { DebugInfo } from '../../vm/cc/debuginfo.js';
import { Layout, LayoutError, StructReader, arrayLength } from '../../vm/host/struct-reader.js';

const debug: DebugInfo = {
  version: 1, files: [], functions: [], globals: [], enums: [], typedefs: [],
  structs: [
    { kind: 'struct', name: 'region', size: 8, align: 4, file: '', line: 0, members: [
      { name: 'start', type: 'uint', offset: 0, size: 4 }, { name: 'end', type: 'uint', offset: 4, size: 4 },
    ] },
    { kind: 'struct', name: 'proc', size: 24, align: 4, file: '', line: 0, members: [
      { name: 'pid', type: 'int', offset: 0, size: 4 },
      { name: 'name', type: 'char [8]', offset: 4, size: 8 },
      { name: 'code', type: 'struct region', offset: 12, size: 8 },
      { name: 'flag', type: 'unsigned short', offset: 20, size: 2 },
    ] },
  ],
};

describe('struct layouts from debug info', () => {
  it('resolves nested member paths to offsets', () => {
    const l = Layout.of(debug, 'struct proc')!;
    expect(l.size).toBe(24);
    expect(l.field('code.end')).toEqual({ offset: 16, size: 4, type: 'uint' });
    expect(l.has('code.start')).toBe(true);
    expect(l.has('nothing')).toBe(false);
    expect(() => l.field('pid.x')).toThrow(LayoutError);
    expect(Layout.of(debug, 'thread')).toBeUndefined();
    expect(Layout.of(undefined, 'proc')).toBeUndefined();
  });

  it('reads fields of records in an array', () => {
    const l = Layout.of(debug, 'proc')!;
    const bytes = new Uint8Array(48);
    const v = new DataView(bytes.buffer);
    v.setInt32(24, -7, true);
    bytes.set(new TextEncoder().encode('spin\0zz'), 28);
    v.setUint32(36, 0x08048000, true);
    v.setUint32(40, 0x0804a000, true);
    v.setUint16(44, 0xbeef, true);
    const r = new StructReader(l, bytes).at(1);
    expect(r.i32('pid')).toBe(-7);
    expect(r.str('name')).toBe('spin');
    expect(r.u32('code.start')).toBe(0x08048000);
    expect(r.u32('code.end')).toBe(0x0804a000);
    expect(r.u32('flag')).toBe(0xbeef);
  });

  it('reads 8-byte (long long) members whole', () => {
    const l = new Layout(debug, { kind: 'struct', name: 'stamp', size: 12, align: 4, file: '', line: 0, members: [
      { name: 'n', type: 'int', offset: 0, size: 4 }, { name: 'cycles', type: 'unsigned long long', offset: 4, size: 8 },
    ] });
    const bytes = new Uint8Array(12);
    const v = new DataView(bytes.buffer);
    v.setInt32(0, -2, true);
    v.setBigUint64(4, 0xfedcba9876543210n, true);
    const r = new StructReader(l, bytes);
    expect(r.u64('cycles')).toBe(0xfedcba9876543210n);
    expect(r.i64('cycles')).toBe(-0x123456789abcdf0n);
    expect(r.u64('n')).toBe(0xfffffffen);
    expect(r.i64('n')).toBe(-2n);
  });

  it('reads array lengths from C type spellings', () => {
    expect(arrayLength('struct proc [128]')).toBe(128);
    expect(arrayLength('int *')).toBeUndefined();
  });
});
