// The ramfs: an in-memory file system filled at boot from the cpio archive.
//
// An inode is a file, a directory or a device. Its bytes live in whole pages
// reached through one map page of 1024 page pointers (so a file holds up to
// 4 MiB); a missing page reads as zeros. A directory's bytes are an array of
// struct dirent; "." and ".." are real entries. Pages are reference-counted
// (kalloc.c), so exec can map a program file's pages straight into a
// process as its read-only code: every process running the program shares
// those physical pages, and a later write to the file copies a shared page first.

#ifndef GLASSBOX_FS_H
#define GLASSBOX_FS_H

#include "types.h"

#define T_FREE 0
#define T_DIR 1
#define T_FILE 2
#define T_DEV 3

#define MAXFILEPAGES 1024
#define MAXFILESIZE (MAXFILEPAGES * 4096)
#define DIRSIZ 28                 // name bytes in a directory entry, NUL included

#define PAGE_OVERWRITE 2          // inode_page(): the caller overwrites the whole new page

#define DEV_CONSOLE 1
#define DEV_NULL 2
#define DEV_ZERO 3

struct inode {
  int type;                  // T_*
  uint ino;                  // its index in the inode table, >= 1
  int nlink;                 // directory entries naming it
  int ref;                   // open files, current directories and lookups holding it
  uint size;                 // bytes
  uint *map;                 // page of MAXFILEPAGES kernel addresses of data pages (0 = none yet)
  int major;                 // device number for T_DEV
  uint mtime[2];             // when its bytes last changed: the cycle counter (lo, hi), as stat's st_mtime
};

struct dirent {
  uint ino;                  // 0 = free slot
  char name[DIRSIZ];
};

#define FD_NONE 0
#define FD_INODE 1
#define FD_PIPE 2

struct pipe;

struct file {
  int type;                  // FD_*
  int ref;
  int readable;
  int writable;
  int append;
  struct inode *ip;          // FD_INODE
  struct pipe *pipe;         // FD_PIPE
  uint off;
};

#endif
