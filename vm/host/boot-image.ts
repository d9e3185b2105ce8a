// The boot image: everything between "a kernel ELF and some files" and "a
// machine whose CPU is at the kernel's first instruction".
//
// Guest physical memory after loadBootImage() (addresses grow downwards here):
//
//   reserved_end  ─┐ page aligned; the kernel's page allocator starts above
//   ramfs archive  │ cpio "newc" (as Linux's initramfs), page aligned
//   command line   │ NUL-terminated, right after the boot-info block
//   boot info      │ one page, page aligned, just past the kernel image
//   kernel image   │ PT_LOADs at p_paddr (0x100000 up), .bss zero-filled
//   0             ─┘
//
// The hand-off is multiboot-like: eax = BOOT_MAGIC, ebx = physical address
// of the boot-info block, eip = e_entry - KERNBASE, paging off, ring 0.
// kernel/include/bootinfo.h is the only description of the block: its
// `#define BI_*` offsets are read from the header text, so host and kernel
// cannot drift apart.

import type { Machine } from './machine.js';
import { readElfSegments } from '../asm/elf.js';
import { stripElf } from '../asm/elf-strip.js';
import { makeCpio, RamfsEntry } from './cpio.js';
import { parseDefines, requireDefine } from './header-defines.js';
import { baseFileTree, DEFAULT_MOTD } from './manifest.js';
import { KERNBASE } from './kernel-view.js';

export const PAGE = 0x1000;

export class BootError extends Error {}

/** The boot-info block's layout, read from kernel/include/bootinfo.h. */
export interface BootInfoLayout {
  magic: number;
  size: number;
  /** Byte offsets of the fields, by name without the BI_ prefix (MEM_BYTES, RAMFS_ADDR, ...). */
  offsets: Record<string, number>;
}

export const BOOTINFO_FIELDS = [
  'MAGIC', 'MEM_BYTES', 'RAMFS_ADDR', 'RAMFS_SIZE', 'QUANTUM', 'CMDLINE_ADDR', 'CMDLINE_LEN', 'RESERVED_END',
] as const;

export function bootInfoLayout(headerText: string): BootInfoLayout {
  const defs = parseDefines(headerText);
  const offsets: Record<string, number> = {};
  for (const f of BOOTINFO_FIELDS) offsets[f] = requireDefine(defs, `BI_${f}`, 'bootinfo.h');
  return { magic: requireDefine(defs, 'BOOT_MAGIC', 'bootinfo.h'), size: requireDefine(defs, 'BI_SIZE', 'bootinfo.h'), offsets };
}

/** The guest's files: the base tree (manifest.ts) and /bin with the programs, stripped, in name order. */
export function standardRamfs(programs: Map<string, Uint8Array>, motd = DEFAULT_MOTD): RamfsEntry[] {
  const entries = baseFileTree(motd);
  for (const [name, elf] of [...programs].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    entries.push({ path: `/bin/${name}`, kind: 'file', data: stripElf(elf) });
  }
  return entries;
}

export interface BootImage {
  /** The kernel ELF (linked at 0xC0100000, loaded at 0x100000). */
  kernel: Uint8Array;
  /** Text of kernel/include/bootinfo.h. */
  bootInfoHeader: string;
  /** The ramfs contents. */
  ramfs: RamfsEntry[];
  /** Kernel command line ("init=/bin/sh quiet ..."). */
  cmdline?: string;
  /** Timer period in cycles (the scheduling quantum); 0 = the kernel's default. */
  quantum?: number;
}

export interface BootLayout {
  entry: number;
  kernelEnd: number;
  bootInfo: number;
  cmdline: number;
  ramfs: number;
  ramfsSize: number;
  reservedEnd: number;
}

const alignPage = (n: number): number => Math.ceil(n / PAGE) * PAGE;

/** Where the kernel's loaded segments end in physical memory. */
function kernelEnd(kernel: Uint8Array): number {
  const parsed = readElfSegments(kernel);
  if (!parsed.ok) throw new BootError(`kernel: ${parsed.error}`);
  let end = 0;
  for (const seg of parsed.elf.segments) end = Math.max(end, seg.paddr + seg.memsz);
  return end;
}

/**
 * Put the image into the machine's RAM and set the CPU to the kernel's
 * entry as the boot protocol says. The machine should be fresh (or reset).
 */
export function loadBootImage(m: Machine, image: BootImage): BootLayout {
  const layout = bootInfoLayout(image.bootInfoHeader);
  // Loading needs only the segments: a stripped copy parses much faster.
  const { entry } = m.loadElf(stripElf(image.kernel));
  const end = kernelEnd(image.kernel);
  const bootInfo = alignPage(end);
  const cmdText = new TextEncoder().encode((image.cmdline ?? '') + '\0');
  if (layout.size + cmdText.length > PAGE) throw new BootError('kernel command line longer than a page');
  const cmdline = bootInfo + layout.size;
  const archive = makeCpio(image.ramfs);
  const ramfs = bootInfo + PAGE;
  const reservedEnd = alignPage(ramfs + archive.length);
  if (reservedEnd + 64 * PAGE > m.ramSize) throw new BootError(`the boot image (${reservedEnd} bytes) does not fit in RAM`);

  const block = new Uint8Array(layout.size);
  const view = new DataView(block.buffer);
  const put = (field: (typeof BOOTINFO_FIELDS)[number], value: number): void =>
    view.setUint32(layout.offsets[field], value >>> 0, true);
  put('MAGIC', layout.magic);
  put('MEM_BYTES', m.ramSize);
  put('RAMFS_ADDR', ramfs);
  put('RAMFS_SIZE', archive.length);
  put('QUANTUM', image.quantum ?? 0);
  put('CMDLINE_ADDR', cmdline);
  put('CMDLINE_LEN', cmdText.length - 1);
  put('RESERVED_END', reservedEnd);
  m.writePhys(bootInfo, block);
  m.writePhys(cmdline, cmdText);
  m.writePhys(ramfs, archive);

  m.setReg('eax', layout.magic);
  m.setReg('ebx', bootInfo);
  m.eip = (entry - KERNBASE) >>> 0;
  return { entry, kernelEnd: end, bootInfo, cmdline, ramfs, ramfsSize: archive.length, reservedEnd };
}
