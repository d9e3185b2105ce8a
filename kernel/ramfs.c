// The ramfs: inodes, their pages, directories and path names (see fs.h).
//
// Inodes live in a fixed table; inode 1 is the root directory. An inode is
// freed when no directory names it (nlink == 0) and nothing holds it
// (ref == 0). Path lookup walks from the root for "/..." and from the
// process's current directory otherwise, one component at a time, as xv6 does.

#include "types.h"
#include "defs.h"
#include "mmu.h"
#include "param.h"
#include "errno.h"
#include "fs.h"
#include "proc.h"
#include "x86.h"

static struct inode inodes[NINODE];
struct inode *rootdir;

// The ramfs's share of RAM. Files and directories hold ramfs_pages pages
// (data pages and page maps) and may hold at most ramfs_limit: half of what
// was free when the ramfs began, as tmpfs's default is half of RAM. The
// other half stays the kernel's and the processes', so a full ramfs gives
// ENOSPC to the writer instead of making fork or exec run out of memory.
uint ramfs_pages;
uint ramfs_limit;

// One more page for the ramfs (zeroed unless `raw`), or 0 when the ramfs is
// at its limit or RAM is full.
static char *ramfs_alloc(int raw) {
  char *page;
  if (ramfs_pages >= ramfs_limit) return 0;
  page = raw ? kalloc_raw() : kalloc();
  if (page) ramfs_pages++;
  return page;
}

static void ramfs_free(char *page) {
  if (ramfs_pages == 0) panic("ramfs_free: no pages held");
  ramfs_pages--;
  kfree(page);
}

// A free inode of the given type with ref 1 and nlink 0; 0 if the table is full.
struct inode *ialloc(int type) {
  uint i;
  for (i = 1; i < NINODE; i++) {
    if (inodes[i].type == T_FREE) {
      memset(&inodes[i], 0, sizeof(struct inode));
      inodes[i].type = type;
      inodes[i].ino = i;
      inodes[i].ref = 1;
      rdtsc(inodes[i].mtime);
      return &inodes[i];
    }
  }
  return 0;
}

// The inode with number ino, if it is in use.
struct inode *inode_by_number(uint ino) {
  if (ino == 0 || ino >= NINODE || inodes[ino].type == T_FREE) return 0;
  return &inodes[ino];
}

struct inode *idup(struct inode *ip) {
  ip->ref++;
  return ip;
}

// Release all data pages and the page map.
void itrunc(struct inode *ip) {
  uint i;
  if (ip->map) {
    for (i = 0; i < MAXFILEPAGES; i++) {
      if (ip->map[i]) ramfs_free((char *)ip->map[i]);
    }
    ramfs_free((char *)ip->map);
    ip->map = 0;
  }
  if (ip->size != 0) rdtsc(ip->mtime);
  ip->size = 0;
}

// Drop a reference; free the inode once it is neither named nor held.
void iput(struct inode *ip) {
  if (ip->ref <= 0) panic("iput: no reference");
  ip->ref--;
  if (ip->ref == 0 && ip->nlink == 0) {
    itrunc(ip);
    ip->type = T_FREE;
  }
}

// The kernel address of data page `index` of ip; with alloc, a missing page
// (or the map) is created zero-filled — or, with alloc == PAGE_OVERWRITE,
// left as it is because the caller fills all of it. 0 if missing (or out of memory).
char *inode_page(struct inode *ip, uint index, int alloc) {
  char *page;
  if (index >= MAXFILEPAGES) return 0;
  if (!ip->map) {
    if (!alloc) return 0;
    ip->map = (uint *)ramfs_alloc(0);
    if (!ip->map) return 0;
  }
  if (!ip->map[index] && alloc) {
    page = ramfs_alloc(alloc == PAGE_OVERWRITE);
    if (!page) return 0;
    ip->map[index] = (uint)page;
  }
  return (char *)ip->map[index];
}

// Copy to the user's or the kernel's memory.
static int either_copyout(int user, uint dst, const char *src, uint n) {
  if (user) return copyout(curproc->pgdir, dst, src, n);
  memmove((void *)dst, src, n);
  return 0;
}

static int either_copyin(int user, char *dst, uint src, uint n) {
  if (user) return copyin(curproc->pgdir, dst, src, n);
  memmove(dst, (void *)src, n);
  return 0;
}

// Read up to n bytes at off into dst (a user address when `user`). Returns
// the bytes read, or -EFAULT.
int readi(struct inode *ip, int user, uint dst, uint off, uint n) {
  uint done = 0;
  uint chunk;
  char *page;
  static char zeros[256];
  if (off >= ip->size) return 0;
  if (n > ip->size - off) n = ip->size - off;
  while (done < n) {
    chunk = PGSIZE - (off % PGSIZE);
    if (chunk > n - done) chunk = n - done;
    page = inode_page(ip, off / PGSIZE, 0);
    if (page) {
      if (either_copyout(user, dst, page + off % PGSIZE, chunk) < 0) return -EFAULT;
    } else {
      if (chunk > sizeof(zeros)) chunk = sizeof(zeros);
      if (either_copyout(user, dst, zeros, chunk) < 0) return -EFAULT;
    }
    done += chunk;
    off += chunk;
    dst += chunk;
  }
  return done;
}

// Write n bytes from src (a user address when `user`) at off, growing the
// file. A page shared with running programs (mapped as their code) is
// copied first, so they keep running the old bytes. Returns bytes written,
// -EFAULT, -EFBIG or -ENOSPC.
int writei(struct inode *ip, int user, uint src, uint off, uint n) {
  uint done = 0;
  uint chunk;
  char *page;
  char *copy;
  if (off > MAXFILESIZE || n > MAXFILESIZE - off) return -EFBIG;
  while (done < n) {
    chunk = PGSIZE - (off % PGSIZE);
    if (chunk > n - done) chunk = n - done;
    page = inode_page(ip, off / PGSIZE, chunk == PGSIZE ? PAGE_OVERWRITE : 1);
    if (!page) return done > 0 ? (int)done : -ENOSPC;
    if (krefcount(page) > 1) {
      copy = kalloc_raw();
      if (!copy) return done > 0 ? (int)done : -ENOSPC;
      memmove(copy, page, PGSIZE);
      kfree(page);
      ip->map[off / PGSIZE] = (uint)copy;
      page = copy;
    }
    if (either_copyin(user, page + off % PGSIZE, src, chunk) < 0) {
      // Bytes past the end of the file must read as zeros later (a fresh
      // page was not cleared: it was to be overwritten whole).
      if (off + chunk > ip->size) memset(page + off % PGSIZE, 0, chunk);
      return done > 0 ? (int)done : -EFAULT;
    }
    done += chunk;
    off += chunk;
    src += chunk;
    if (off > ip->size) ip->size = off;
  }
  if (done > 0) rdtsc(ip->mtime);
  return done;
}

// ---------------------------------------------------------------------------
// Directories

// The inode named `name` in directory dp (a new reference), or 0. If poff
// is given, the entry's byte offset is stored there.
struct inode *dirlookup(struct inode *dp, const char *name, uint *poff) {
  uint off;
  struct dirent de;
  for (off = 0; off < dp->size; off += sizeof(de)) {
    readi(dp, 0, (uint)&de, off, sizeof(de));
    if (de.ino == 0) continue;
    if (strncmp(name, de.name, DIRSIZ) == 0) {
      if (poff) *poff = off;
      return idup(&inodes[de.ino]);
    }
  }
  return 0;
}

// Add the entry name -> ip in dp (ip->nlink++). 0, -EEXIST, -ENAMETOOLONG or -ENOSPC.
int dirlink(struct inode *dp, const char *name, struct inode *ip) {
  uint off;
  struct dirent de;
  struct inode *old;
  int r;
  if (strlen(name) >= DIRSIZ) return -ENAMETOOLONG;
  old = dirlookup(dp, name, 0);
  if (old) {
    iput(old);
    return -EEXIST;
  }
  for (off = 0; off < dp->size; off += sizeof(de)) {
    readi(dp, 0, (uint)&de, off, sizeof(de));
    if (de.ino == 0) break;
  }
  memset(&de, 0, sizeof(de));
  safestrcpy(de.name, name, DIRSIZ);
  de.ino = ip->ino;
  r = writei(dp, 0, (uint)&de, off, sizeof(de));
  if (r != sizeof(de)) return -ENOSPC;
  ip->nlink++;
  return 0;
}

// True when dp holds nothing but "." and "..".
int dir_is_empty(struct inode *dp) {
  uint off;
  struct dirent de;
  for (off = 2 * sizeof(de); off < dp->size; off += sizeof(de)) {
    readi(dp, 0, (uint)&de, off, sizeof(de));
    if (de.ino != 0) return 0;
  }
  return 1;
}

// A removed directory is one no entry names any more (nlink == 0) while
// someone still holds it, typically as a current directory.
int dir_is_removed(struct inode *dp) {
  return dp->type == T_DIR && dp->nlink == 0;
}

// rmdir's last step on dp, an empty directory just unnamed from parent: as
// POSIX says, its "." and ".." go before rmdir returns. Whoever still holds
// dp (a process sitting in it) then finds nothing there, not even "..", so
// no lookup can reach parent through dp after parent itself is freed, and
// create() refuses new entries in it (they could never be freed).
void dir_remove_dots(struct inode *dp, struct inode *parent) {
  if (!dir_is_empty(dp)) panic("dir_remove_dots: not empty");
  itrunc(dp);
  dp->nlink--;                              // its "." named it
  parent->nlink--;                          // its ".." named parent
  if (dp->nlink != 0) panic("dir_remove_dots: still linked");
}

// Clear the directory entry at off.
void dirclear(struct inode *dp, uint off) {
  struct dirent de;
  memset(&de, 0, sizeof(de));
  writei(dp, 0, (uint)&de, off, sizeof(de));
}

// A new directory inside parent (parent may be 0 for the root, which is its
// own parent). As on Unix, a directory's link count includes its own "."
// and the ".." of each subdirectory.
struct inode *mkdir_in(struct inode *parent, const char *name, int *err) {
  struct inode *dp = ialloc(T_DIR);
  int r;
  if (!dp) {
    *err = -ENOSPC;
    return 0;
  }
  if (!parent) parent = dp;
  if (dirlink(dp, ".", dp) < 0 || dirlink(dp, "..", parent) < 0) {
    *err = -ENOSPC;
    dp->nlink = 0;
    iput(dp);
    return 0;
  }
  if (parent != dp) {
    r = dirlink(parent, name, dp);
    if (r < 0) {
      *err = r;
      dp->nlink = 0;
      parent->nlink--;   // undo ".." (parent's count)
      iput(dp);
      return 0;
    }
  }
  return dp;
}

// Is directory dp the directory ip, or inside it? Walks ".." up to the root.
static int is_inside(struct inode *dp, struct inode *ip) {
  struct inode *cur = idup(dp);
  struct inode *up;
  int inside = 0;
  for (;;) {
    if (cur == ip) {
      inside = 1;
      break;
    }
    if (cur == rootdir) break;
    up = dirlookup(cur, "..", 0);
    iput(cur);
    if (!up) return 0;                      // a removed directory is in no tree
    cur = up;
  }
  iput(cur);
  return inside;
}

// Point directory dp's ".." at parent (dp moved there).
static void set_dotdot(struct inode *dp, struct inode *parent) {
  struct dirent de;
  uint off;
  struct inode *old = dirlookup(dp, "..", &off);
  if (!old) panic("set_dotdot: no ..");
  memset(&de, 0, sizeof(de));
  safestrcpy(de.name, "..", DIRSIZ);
  de.ino = parent->ino;
  writei(dp, 0, (uint)&de, off, sizeof(de));
  old->nlink--;
  parent->nlink++;
  iput(old);
}

// Take away the entry `name` (at off in dp) of old, which rename replaces.
static int replace_target(struct inode *dp, uint off, struct inode *old, struct inode *ip) {
  if (ip->type == T_DIR && old->type != T_DIR) return -ENOTDIR;
  if (ip->type != T_DIR && old->type == T_DIR) return -EISDIR;
  if (old->type == T_DIR && !dir_is_empty(old)) return -ENOTEMPTY;
  if (old->type == T_DIR && old == curproc->cwd) return -EBUSY;
  dirclear(dp, off);
  old->nlink--;
  if (old->type == T_DIR) dir_remove_dots(old, dp);
  return 0;
}

// rename's work: the entry name1 of dp1 becomes name2 of dp2, replacing
// what name2 named (a file by a file, a directory by an empty directory).
// The new name is linked before the old one goes, so a failure leaves the
// old name. 0, or -errno.
int rename_in(struct inode *dp1, const char *name1, struct inode *dp2, const char *name2) {
  struct inode *ip;
  struct inode *old;
  uint off1;
  uint off2;
  int r = 0;
  if (strcmp(name1, ".") == 0 || strcmp(name1, "..") == 0 || strcmp(name2, ".") == 0 || strcmp(name2, "..") == 0)
    return -EINVAL;
  if (dir_is_removed(dp2)) return -ENOENT;
  ip = dirlookup(dp1, name1, &off1);
  if (!ip) return -ENOENT;
  if (ip->type == T_DIR && is_inside(dp2, ip)) r = -EINVAL;     // under itself
  old = r == 0 ? dirlookup(dp2, name2, &off2) : 0;
  if (old && old != ip) r = replace_target(dp2, off2, old, ip);
  if (r == 0 && old != ip) r = dirlink(dp2, name2, ip);
  if (r == 0 && old != ip) {
    dirclear(dp1, off1);
    ip->nlink--;
    if (ip->type == T_DIR && dp1 != dp2) set_dotdot(ip, dp2);
  }
  if (old) iput(old);
  iput(ip);
  return r;
}

// ---------------------------------------------------------------------------
// Path names

// Copy the next path element of path into name and return what follows it
// (with leading slashes skipped), or 0 if there is no element. An element
// too long for a directory entry yields *toolong = 1.
static const char *skipelem(const char *path, char *name, int *toolong) {
  const char *s;
  uint len;
  while (*path == '/') path++;
  if (*path == 0) return 0;
  s = path;
  while (*path != '/' && *path != 0) path++;
  len = path - s;
  if (len >= DIRSIZ) {
    *toolong = 1;
    len = DIRSIZ - 1;
  }
  memmove(name, s, len);
  name[len] = 0;
  while (*path == '/') path++;
  return path;
}

// Look up path; with `parent`, stop one level early and copy the final
// element into name. Returns a new reference, or 0 with *err set.
static struct inode *namex(const char *path, int parent, char *name, int *err) {
  struct inode *ip;
  struct inode *next;
  int toolong = 0;
  if (*path == 0) {
    *err = -ENOENT;
    return 0;
  }
  if (*path == '/' || !curproc || !curproc->cwd) ip = idup(rootdir);
  else ip = idup(curproc->cwd);
  while ((path = skipelem(path, name, &toolong)) != 0) {
    if (toolong) {
      iput(ip);
      *err = -ENAMETOOLONG;
      return 0;
    }
    if (ip->type != T_DIR) {
      iput(ip);
      *err = -ENOTDIR;
      return 0;
    }
    if (parent && *path == 0) return ip;
    next = dirlookup(ip, name, 0);
    iput(ip);
    if (!next) {
      *err = -ENOENT;
      return 0;
    }
    ip = next;
  }
  if (parent) {
    // The path had no final element ("/" or ""): no parent to give.
    iput(ip);
    *err = -EEXIST;
    return 0;
  }
  return ip;
}

struct inode *namei(const char *path, int *err) {
  char name[DIRSIZ];
  return namex(path, 0, name, err);
}

struct inode *nameiparent(const char *path, char *name, int *err) {
  return namex(path, 1, name, err);
}

// Create a file (or device) at path; an existing file is returned as is
// when type is T_FILE and it is a regular file or a device (open with
// O_CREAT on /dev/null opens the device, as on Unix). New reference, or 0 + *err.
struct inode *create(const char *path, int type, int major, int *err) {
  char name[DIRSIZ];
  struct inode *dp = nameiparent(path, name, err);
  struct inode *ip;
  int r;
  if (!dp) return 0;
  if (dir_is_removed(dp)) {
    iput(dp);
    *err = -ENOENT;
    return 0;
  }
  ip = dirlookup(dp, name, 0);
  if (ip) {
    iput(dp);
    if (type == T_FILE && (ip->type == T_FILE || ip->type == T_DEV)) return ip;
    iput(ip);
    *err = -EEXIST;
    return 0;
  }
  if (type == T_DIR) {
    ip = mkdir_in(dp, name, err);
    iput(dp);
    return ip;
  }
  ip = ialloc(type);
  if (!ip) {
    iput(dp);
    *err = -ENOSPC;
    return 0;
  }
  ip->major = major;
  r = dirlink(dp, name, ip);
  iput(dp);
  if (r < 0) {
    iput(ip);
    *err = r;
    return 0;
  }
  return ip;
}

// Find the name of directory `child` inside `parent`; 0 on success.
static int name_in_parent(struct inode *parent, struct inode *child, char *name) {
  uint off;
  struct dirent de;
  for (off = 2 * sizeof(de); off < parent->size; off += sizeof(de)) {
    readi(parent, 0, (uint)&de, off, sizeof(de));
    if (de.ino == child->ino) {
      safestrcpy(name, de.name, DIRSIZ);
      return 0;
    }
  }
  return -ENOENT;
}

// Write the absolute path of directory dp into buf (size n). 0, or -ERANGE.
int dir_path(struct inode *dp, char *buf, uint n) {
  char tmp[MAXPATH];
  char name[DIRSIZ];
  uint len = 0;     // tmp holds the path built right to left at tmp[MAXPATH - len]
  uint l;
  struct inode *cur = idup(dp);
  struct inode *parent;
  while (cur != rootdir) {
    parent = dirlookup(cur, "..", 0);
    if (!parent || name_in_parent(parent, cur, name) < 0) {
      if (parent) iput(parent);
      iput(cur);
      return -ENOENT;
    }
    l = strlen(name);
    if (len + l + 1 >= MAXPATH) {
      iput(parent);
      iput(cur);
      return -ERANGE;
    }
    len += l;
    memmove(tmp + MAXPATH - len, name, l);
    len++;
    tmp[MAXPATH - len] = '/';
    iput(cur);
    cur = parent;
  }
  iput(cur);
  if (len == 0) {
    len = 1;
    tmp[MAXPATH - 1] = '/';
  }
  if (len + 1 > n) return -ERANGE;
  memmove(buf, tmp + MAXPATH - len, len);
  buf[len] = 0;
  return 0;
}

void ramfs_init(void) {
  int err = 0;
  ramfs_limit = free_pages / 2;
  rootdir = mkdir_in(0, "/", &err);
  if (!rootdir) panic("ramfs_init: no root");
}

