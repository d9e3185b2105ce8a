// A process's address space, read from its real page tables.
//
// Two-level x86 paging: the page directory (at the process's cr3) has 1024
// entries each covering 4 MiB; a present entry points at a page table of 1024
// entries each mapping one 4 KiB page. Walking them yields every mapped user
// page with its flags (P RW US A D G). The kernel's regions in struct proc
// (code, data, heap, stack) name the ranges, and the program's ELF splits
// .data from .bss — the article's diagram, 32-bit and live. A frame mapped by
// two live processes is shared (code pages of the same program are).

import type { AddressSpaceView, PteRow, Region, RegionKind } from '../shared/protocol.js';
import type { PhysMemory, ProcRecord } from './kernel-view.js';
import { PTE, PTE_FRAME_MASK } from '../../../vm/isa/machine.js';

export const PAGE = 0x1000;
export const USER_TOP = 0xc000_0000;
/** At most this many PTE rows go to the page (a runaway heap would flood it). */
export const MAX_PTE_ROWS = 1024;

export interface MappedPage {
  vaddr: number;
  pte: number;
}

/** Every present user page (below USER_TOP) of the page directory at `cr3`, ascending. */
export function userPages(mem: PhysMemory, cr3: number): MappedPage[] {
  const out: MappedPage[] = [];
  const dir = cr3 & PTE_FRAME_MASK;
  const pdes = mem.readPhys(dir, 4096);
  const pdv = new DataView(pdes.buffer, pdes.byteOffset, 4096);
  for (let i = 0; i < USER_TOP >>> 22; i++) {
    const pde = pdv.getUint32(i * 4, true);
    if ((pde & PTE.P) === 0) continue;
    const table = mem.readPhys(pde & PTE_FRAME_MASK, 4096);
    const tv = new DataView(table.buffer, table.byteOffset, 4096);
    for (let j = 0; j < 1024; j++) {
      const pte = tv.getUint32(j * 4, true);
      if ((pte & PTE.P) === 0) continue;
      // Permissions are the AND of both levels; keep A/D/G from the PTE.
      const combined = (pte & ~(PTE.RW | PTE.US)) | (pte & pde & (PTE.RW | PTE.US));
      out.push({ vaddr: ((i << 22) | (j << 12)) >>> 0, pte: combined >>> 0 });
    }
  }
  return out;
}

/** Present pages above USER_TOP (the kernel's half, the same in every process). */
export function kernelPageCount(mem: PhysMemory, cr3: number): number {
  const dir = mem.readPhys((cr3 & PTE_FRAME_MASK) + (USER_TOP >>> 22) * 4, 4096 - (USER_TOP >>> 22) * 4);
  const dv = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
  let n = 0;
  for (let i = 0; i < dir.byteLength / 4; i++) {
    const pde = dv.getUint32(i * 4, true);
    if ((pde & PTE.P) === 0) continue;
    if (pde & 0x80) {
      n += 1024; // a 4 MiB page
      continue;
    }
    const table = mem.readPhys(pde & PTE_FRAME_MASK, 4096);
    const tv = new DataView(table.buffer, table.byteOffset, 4096);
    for (let j = 0; j < 1024; j++) if (tv.getUint32(j * 4, true) & PTE.P) n++;
  }
  return n;
}

export interface DataSplit {
  /** End of initialised .data (start of .bss), from the program's ELF. */
  dataEnd: number;
}

/** The article's regions of a process, low to high, from its struct proc (and the ELF's .data/.bss split). */
export function regionsOf(p: ProcRecord, split: DataSplit | undefined): Omit<Region, 'pages' | 'shared'>[] {
  const out: Omit<Region, 'pages' | 'shared'>[] = [];
  const add = (kind: RegionKind, start: number, end: number): void => {
    if (end > start) out.push({ kind, start, end });
  };
  const codeStart = p.code.start || p.code.end;
  add('null', 0, Math.min(PAGE, codeStart || PAGE));
  add('free', PAGE, codeStart);
  add('code', p.code.start, p.code.end);
  add('free', p.code.end, p.data.start);
  const dataEnd = split && split.dataEnd >= p.data.start && split.dataEnd <= p.data.end ? split.dataEnd : p.data.end;
  add('data', p.data.start, dataEnd);
  add('bss', dataEnd, p.data.end);
  add('free', p.data.end, p.heapStart);
  add('heap', p.heapStart, p.brk);
  const guard = p.stackLow - PAGE;
  add('free', Math.max(p.brk, p.data.end), guard);
  add('guard', guard, p.stackLow);
  add('stack', p.stackLow, USER_TOP);
  add('kernel', USER_TOP, 2 ** 32);
  return out;
}

function regionAt(regions: Omit<Region, 'pages' | 'shared'>[], vaddr: number): RegionKind {
  for (const r of regions) if (vaddr >= r.start && vaddr < r.end) return r.kind;
  return 'free';
}

/** frame -> pids mapping it, over every live process with a page directory. */
export function frameOwners(mem: PhysMemory, procs: ProcRecord[]): Map<number, number[]> {
  const owners = new Map<number, number[]>();
  for (const p of procs) {
    if (!p.cr3) continue;
    for (const pg of userPages(mem, p.cr3)) {
      const frame = pg.pte & PTE_FRAME_MASK;
      const list = owners.get(frame);
      if (list) {
        if (!list.includes(p.pid)) list.push(p.pid);
      } else owners.set(frame, [p.pid]);
    }
  }
  return owners;
}

/** The Address-space view of process `p`. */
export function addressSpaceView(
  mem: PhysMemory,
  p: ProcRecord,
  split: DataSplit | undefined,
  owners: Map<number, number[]>,
): AddressSpaceView {
  if (!p.cr3) {
    return { pid: p.pid, name: p.name, cr3: 0, regions: [], ptes: [], kernelPages: 0, threadStacks: [], note: { key: 'space.note.zombie' } };
  }
  const shape = regionsOf(p, split);
  const regions: Region[] = shape.map((r) => ({ ...r, pages: 0, shared: 0 }));
  const ptes: PteRow[] = [];
  for (const pg of userPages(mem, p.cr3)) {
    const frame = (pg.pte & PTE_FRAME_MASK) >>> 0;
    const kind = regionAt(shape, pg.vaddr);
    const sharedWith = (owners.get(frame) ?? []).filter((pid) => pid !== p.pid);
    const region = regions.find((r) => pg.vaddr >= r.start && pg.vaddr < r.end);
    if (region) {
      region.pages++;
      if (sharedWith.length) region.shared++;
    }
    if (ptes.length < MAX_PTE_ROWS) {
      ptes.push({
        vaddr: pg.vaddr,
        frame,
        present: true,
        rw: (pg.pte & PTE.RW) !== 0,
        us: (pg.pte & PTE.US) !== 0,
        accessed: (pg.pte & PTE.A) !== 0,
        dirty: (pg.pte & PTE.D) !== 0,
        global: (pg.pte & PTE.G) !== 0,
        region: kind,
        sharedWith,
      });
    }
  }
  const kernelPages = kernelPageCount(mem, p.cr3);
  const kernel = regions.find((r) => r.kind === 'kernel');
  if (kernel) kernel.pages = kernelPages;
  return { pid: p.pid, name: p.name, cr3: p.cr3, regions, ptes, kernelPages, threadStacks: [] };
}
