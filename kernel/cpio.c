// Unpacking the boot archive into the ramfs.
//
// The host hands the kernel a cpio archive in the "newc" format (what Linux
// uses for initramfs): for each member a 110-byte ASCII header ("070701"
// followed by 13 eight-digit hex fields), the path name (NUL-terminated,
// header + name padded to a multiple of 4), then the file data (padded to a
// multiple of 4). The member named "TRAILER!!!" ends the archive. Directory
// members create directories, regular members files, character-device
// members device nodes (the major number is the device).

#include "types.h"
#include "defs.h"
#include "param.h"
#include "abi.h"
#include "fs.h"
#include "errno.h"

#define CPIO_HEADER 110

// Field k (0..12) of the header at h: ino mode uid gid nlink mtime filesize
// devmajor devminor rdevmajor rdevminor namesize check. -1 on a bad digit.
static int hexfield(const char *h, int k, uint *out) {
  uint v = 0;
  int i;
  char c;
  const char *p = h + 6 + 8 * k;
  for (i = 0; i < 8; i++) {
    c = p[i];
    if (c >= '0' && c <= '9') v = v * 16 + (c - '0');
    else if (c >= 'a' && c <= 'f') v = v * 16 + (c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v = v * 16 + (c - 'A' + 10);
    else return -1;
  }
  *out = v;
  return 0;
}

// Make one member. path is relative to the root ("bin/sh", "./etc/motd").
static int unpack_member(char *path, uint mode, uint rdevmajor, const char *data, uint size) {
  char full[MAXPATH];
  struct inode *ip;
  int err = 0;
  uint len;
  while (path[0] == '.' && path[1] == '/') path += 2;
  while (path[0] == '/') path++;
  if (path[0] == 0 || (path[0] == '.' && path[1] == 0)) return 0;   // the root itself
  len = strlen(path);
  if (len + 2 > MAXPATH) return -1;
  full[0] = '/';
  memmove(full + 1, path, len + 1);
  if ((mode & S_IFMT) == S_IFDIR) {
    ip = create(full, T_DIR, 0, &err);
    if (!ip) return err == -EEXIST ? 0 : -1;   // an existing directory is fine
  } else if ((mode & S_IFMT) == S_IFCHR) {
    ip = create(full, T_DEV, rdevmajor, &err);
  } else {
    ip = create(full, T_FILE, 0, &err);
    if (ip && size > 0 && writei(ip, 0, (uint)data, 0, size) != (int)size) {
      iput(ip);
      return -1;
    }
  }
  if (!ip) return -1;
  iput(ip);
  return 0;
}

// Unpack the archive at [start, start+size). Returns the number of members
// made; panics on a malformed archive (the host built it, so that is a bug).
int cpio_unpack(const char *start, uint size) {
  uint off = 0;
  uint mode;
  uint filesize;
  uint namesize;
  uint rdevmajor;
  char *name;
  int count = 0;
  while (off + CPIO_HEADER <= size) {
    const char *h = start + off;
    if (memcmp(h, "070701", 6) != 0) panic("ramfs archive: bad cpio magic");
    if (hexfield(h, 1, &mode) < 0 || hexfield(h, 6, &filesize) < 0 || hexfield(h, 9, &rdevmajor) < 0 ||
        hexfield(h, 11, &namesize) < 0)
      panic("ramfs archive: bad cpio header");
    if (namesize == 0 || namesize > MAXPATH || off + CPIO_HEADER + namesize > size)
      panic("ramfs archive: bad name size");
    name = (char *)h + CPIO_HEADER;
    if (name[namesize - 1] != 0) panic("ramfs archive: name not terminated");
    if (strcmp(name, "TRAILER!!!") == 0) return count;
    off = (off + CPIO_HEADER + namesize + 3) & ~3;
    if (off + filesize > size) panic("ramfs archive: truncated member");
    if (unpack_member(name, mode, rdevmajor, start + off, filesize) < 0) {
      kprintf("ramfs: cannot create /%s\n", name);
    } else {
      count++;
    }
    off = (off + filesize + 3) & ~3;
  }
  panic("ramfs archive: no trailer");
  return count;
}
