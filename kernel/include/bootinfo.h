// The boot hand-off between the host's boot image builder (vm/host/boot.ts)
// and the kernel, in the spirit of multiboot: the host loads the kernel ELF at
// its physical addresses, writes a boot-info block and a ramfs archive (cpio
// "newc", as Linux's initramfs) into guest RAM, then starts the CPU at the
// kernel's physical entry with paging off, ring 0,
//   eax = BOOT_MAGIC, ebx = physical address of the boot-info block.
//
// This header is the ONLY description of that block. boot.ts reads the
// BI_* offsets below from this file's text, so every field must have an
// offset #define of the form `#define BI_NAME <decimal offset>`; the struct
// must match those offsets (the kernel checks that at compile time through
// bootinfo_layout_check below).

#ifndef GLASSBOX_BOOTINFO_H
#define GLASSBOX_BOOTINFO_H

#define BOOT_MAGIC 0x474C4258       // "GLBX": eax at kernel entry

#define BI_MAGIC 0                  // u32: BOOT_MAGIC again, to catch a stray ebx
#define BI_MEM_BYTES 4              // u32: bytes of guest RAM (physical 0 .. mem_bytes)
#define BI_RAMFS_ADDR 8             // u32: physical address of the cpio archive
#define BI_RAMFS_SIZE 12            // u32: its size in bytes
#define BI_QUANTUM 16               // u32: timer period in cycles (scheduling quantum)
#define BI_CMDLINE_ADDR 20          // u32: physical address of the NUL-terminated command line (0 = none)
#define BI_CMDLINE_LEN 24           // u32: its length without the NUL
#define BI_RESERVED_END 28          // u32: first physical byte the host did not use (page aligned)
#define BI_SIZE 32                  // bytes in the block

struct bootinfo {
  unsigned int magic;
  unsigned int mem_bytes;
  unsigned int ramfs_addr;
  unsigned int ramfs_size;
  unsigned int quantum;
  unsigned int cmdline_addr;
  unsigned int cmdline_len;
  unsigned int reserved_end;
};

#endif
