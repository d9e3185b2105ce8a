// ELF32 executable format: the headers exec() reads.
#ifndef GLASSBOX_ELF_H
#define GLASSBOX_ELF_H

#include "types.h"

#define ELF_MAGIC 0x464C457F      // "\x7FELF" little-endian
#define ELF_CLASS32 1
#define ELF_DATA2LSB 1
#define ET_EXEC 2

struct elfhdr {
  uint magic;
  uchar ident[12];
  ushort type;
  ushort machine;
  uint version;
  uint entry;
  uint phoff;
  uint shoff;
  uint flags;
  ushort ehsize;
  ushort phentsize;
  ushort phnum;
  ushort shentsize;
  ushort shnum;
  ushort shstrndx;
};

struct proghdr {
  uint type;
  uint off;
  uint vaddr;
  uint paddr;
  uint filesz;
  uint memsz;
  uint flags;
  uint align;
};

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

#endif
