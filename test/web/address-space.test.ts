import { describe, expect, it } from 'vitest';
import { addressSpaceView, frameOwners, regionsOf, userPages } from '../../web/src/worker/address-space.js';
import type { PhysMemory, ProcRecord } from '../../web/src/worker/kernel-view.js';
import { translateMessage } from '../../web/src/shared/i18n/i18n.js';

/** Physical memory with hand-built page tables. */
class FakeMemory implements PhysMemory {
  readonly bytes = new Uint8Array(1 << 20);
  private readonly v = new DataView(this.bytes.buffer);
  put32(addr: number, value: number): void {
    this.v.setUint32(addr, value >>> 0, true);
  }
  readPhys(addr: number, length: number): Uint8Array {
    return this.bytes.slice(addr, addr + length);
  }
  readPhys32(addr: number): number {
    return this.v.getUint32(addr, true);
  }
  /** Map vaddr -> frame in the directory at dir (page table at table if the PDE is new). */
  map(dir: number, table: number, vaddr: number, frame: number, flags: number): void {
    const pdi = vaddr >>> 22;
    if ((this.readPhys32(dir + pdi * 4) & 1) === 0) this.put32(dir + pdi * 4, table | 7);
    const pt = this.readPhys32(dir + pdi * 4) & ~0xfff;
    this.put32(pt + ((vaddr >>> 12) & 0x3ff) * 4, frame | flags);
  }
}

function proc(pid: number, cr3: number): ProcRecord {
  return {
    slot: pid, pid, ppid: 1, state: 2, name: 'prog', cycles: 0, cr3,
    code: { start: 0x08048000, end: 0x08049800 }, data: { start: 0x0804a000, end: 0x0804b100 },
    heapStart: 0x0804b100, brk: 0x0804d000, stackLow: 0xbfffe000, threads: [],
  };
}

describe('address space from page tables', () => {
  it('lays out the article regions low to high, with .data split from .bss', () => {
    const kinds = regionsOf(proc(3, 0x1000), { dataEnd: 0x0804a800 });
    expect(kinds.map((r) => r.kind)).toEqual(['null', 'free', 'code', 'free', 'data', 'bss', 'heap', 'free', 'guard', 'stack', 'kernel']);
    expect(kinds.find((r) => r.kind === 'bss')).toEqual({ kind: 'bss', start: 0x0804a800, end: 0x0804b100 });
    expect(kinds.find((r) => r.kind === 'guard')).toEqual({ kind: 'guard', start: 0xbfffd000, end: 0xbfffe000 });
  });

  it('walks user page tables, combines permissions, and marks frames two processes share', () => {
    const mem = new FakeMemory();
    // pid 3: directory 0x1000; pid 4: directory 0x2000. Both map code frame 0x50000.
    mem.map(0x1000, 0x3000, 0x08048000, 0x50000, 0x1 | 0x4 | 0x20);
    mem.map(0x1000, 0x3000, 0x0804a000, 0x51000, 0x1 | 0x2 | 0x4 | 0x40);
    mem.map(0x1000, 0x4000, 0xbffff000, 0x52000, 0x7);
    mem.map(0x2000, 0x5000, 0x08048000, 0x50000, 0x5);
    mem.put32(0x1000 + 0x300 * 4, 0x6000 | 3); // a kernel PDE
    mem.put32(0x6000, 0x100000 | 0x103);
    const pages = userPages(mem, 0x1000);
    expect(pages.map((p) => p.vaddr)).toEqual([0x08048000, 0x0804a000, 0xbffff000]);
    const owners = frameOwners(mem, [proc(3, 0x1000), proc(4, 0x2000)]);
    expect(owners.get(0x50000)).toEqual([3, 4]);
    const view = addressSpaceView(mem, proc(3, 0x1000), { dataEnd: 0x0804b000 }, owners);
    const code = view.ptes[0];
    expect(code).toMatchObject({ region: 'code', rw: false, us: true, accessed: true, dirty: false, sharedWith: [4] });
    expect(view.ptes[1]).toMatchObject({ region: 'data', rw: true, dirty: true, sharedWith: [] });
    expect(view.ptes[2].region).toBe('stack');
    expect(view.regions.find((r) => r.kind === 'code')).toMatchObject({ pages: 1, shared: 1 });
    expect(view.kernelPages).toBe(1);
  });

  it('says why a process without a page directory has no map', () => {
    const v = addressSpaceView(new FakeMemory(), proc(9, 0), undefined, new Map());
    expect(translateMessage('en', v.note!)).toMatch(/no page directory/);
    expect(v.ptes).toEqual([]);
  });
});
