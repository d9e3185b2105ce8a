// Looking at virtual memory from outside the machine, without disturbing it.
//
// The core translates through its TLB model, which counts hits and misses,
// evicts entries and sets accessed/dirty bits. A debugger or a view that did
// the same would change the very numbers it shows. So the host walks the
// two-level page tables itself, here, reading guest physical memory only:
// the page directory at cr3 holds 1024 entries of 4 MiB each; a present one
// points at a page table of 1024 entries of 4 KiB pages. No TLB lookup, no
// A/D bits written, no counters. The bits are vm/isa/machine.ts's PTE, the
// same the core and the kernel use.

import { PTE, PTE_FRAME_MASK } from '../isa/machine.js';

/** What a walk reads: guest physical memory (bytes outside RAM read as 0xFF). */
export interface PhysicalMemory {
  readonly ramSize: number;
  readPhys(addr: number, length: number): Uint8Array;
  readPhys32(addr: number): number;
}

/**
 * Which address space to look at: the page directory's physical address (a
 * cr3 value), or null for paging off, where virtual equals physical.
 */
export type PageRoot = number | null;

export type Translation =
  | { ok: true; phys: number; writable: boolean; user: boolean; global: boolean; accessed: boolean; dirty: boolean; pde: number; pte: number }
  | { ok: false; reason: 'pde-not-present' | 'pte-not-present' | 'outside-ram'; pde?: number; pte?: number };

const PAGE_SIZE = 0x1000;
const PAGE_OFFSET = PAGE_SIZE - 1;

/** Translate one virtual address. Writable and user are the AND of both levels, as the CPU checks them. */
export function translate(mem: PhysicalMemory, root: PageRoot, vaddr: number): Translation {
  vaddr >>>= 0;
  if (root === null) return identity(mem, vaddr);
  const pde = mem.readPhys32(((root & PTE_FRAME_MASK) + ((vaddr >>> 22) << 2)) >>> 0);
  if ((pde & PTE.P) === 0) return { ok: false, reason: 'pde-not-present', pde };
  const pte = mem.readPhys32(((pde & PTE_FRAME_MASK) + (((vaddr >>> 12) & 0x3ff) << 2)) >>> 0);
  if ((pte & PTE.P) === 0) return { ok: false, reason: 'pte-not-present', pde, pte };
  return {
    ok: true,
    phys: ((pte & PTE_FRAME_MASK) | (vaddr & PAGE_OFFSET)) >>> 0,
    writable: (pde & pte & PTE.RW) !== 0,
    user: (pde & pte & PTE.US) !== 0,
    global: (pte & PTE.G) !== 0,
    accessed: (pte & PTE.A) !== 0,
    dirty: (pte & PTE.D) !== 0,
    pde,
    pte,
  };
}

/** With paging off every address in RAM maps to itself with every permission. */
function identity(mem: PhysicalMemory, vaddr: number): Translation {
  return vaddr < mem.ramSize
    ? { ok: true, phys: vaddr, writable: true, user: true, global: false, accessed: false, dirty: false, pde: 0, pte: 0 }
    : { ok: false, reason: 'outside-ram' };
}

/** Read virtual memory a page at a time; bytes of unmapped pages read as 0 with mapped[i] false. */
export function readVirt(mem: PhysicalMemory, root: PageRoot, vaddr: number, length: number): { bytes: Uint8Array; mapped: boolean[] } {
  const bytes = new Uint8Array(length);
  const mapped: boolean[] = new Array(length).fill(false);
  let i = 0;
  while (i < length) {
    const va = (vaddr + i) >>> 0;
    const inPage = Math.min(length - i, PAGE_SIZE - (va & PAGE_OFFSET));
    const t = translate(mem, root, va);
    if (t.ok) {
      bytes.set(mem.readPhys(t.phys, inPage), i);
      for (let k = 0; k < inPage; k++) mapped[i + k] = true;
    }
    i += inPage;
  }
  return { bytes, mapped };
}

/** A NUL-terminated string from virtual memory (at most `max` bytes; it also ends where the mapping does). */
export function readCString(mem: PhysicalMemory, root: PageRoot, vaddr: number, max: number): string {
  const { bytes, mapped } = readVirt(mem, root, vaddr, max);
  let end = 0;
  while (end < max && mapped[end] && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(0, end));
}
