// install: the host file channel's driver. How a program built in the page's
// editor ("Build and install") reaches /bin of the running machine.
//
// The device (vm/core/devices.ts, ports PORT_HOSTFILE_*) holds one request
// from the host: a path and a file's bytes. It raises IRQ 2 (vector 34);
// install_intr reads the path's length, the file's size and then every
// byte, four per `in` from the data port (programmed I/O, as an ATA drive's
// data port), and writes its answer to the status port: 0, or -errno. The
// host waits for that answer (vm/host/install.ts).
//
// Installing over an existing file replaces it atomically, as rename(2)
// does: the bytes go into a new inode, and only when all of them are there
// is the directory entry switched to it. So no process ever opens or execs
// a half-written program, and a failure (no memory: -ENOSPC) leaves the old
// file exactly as it was. A process already running the old program keeps
// running it: exec mapped the old file's pages into it with a reference of
// their own (kalloc.c), so freeing the old inode (when nothing else holds
// it) drops only the file's references and those pages live on until the
// process lets them go. The whole install runs in the interrupt handler
// with interrupts off, so no process runs in between.
//
// Only files directly in /bin can be installed (-EINVAL otherwise,
// -ENAMETOOLONG for a name that does not fit a directory entry, -EISDIR over
// a directory, -EFBIG above the ramfs's largest file). A success is
// reported on the console as "[installed /bin/NAME, N bytes]", on a line of
// its own (console_notice), and as the trace event TR_INSTALL.

#include "types.h"
#include "defs.h"
#include "x86.h"
#include "mmu.h"
#include "param.h"
#include "errno.h"
#include "fs.h"
#include "trace.h"

static char install_path[MAXPATH];    // the last install's path (TR_INSTALL names it)

static int has_slash(const char *s) {
  for (; *s; s++)
    if (*s == '/') return 1;
  return 0;
}

// Read the request's path (namelen bytes) into install_path; check it names
// a file directly in /bin and leave its last element in name.
static int read_path(uint namelen, char *name) {
  uint words = (namelen + 3) / 4;
  uint i;
  uint w;
  const char *base;
  if (namelen == 0) return -EINVAL;
  if (namelen >= MAXPATH) return -ENAMETOOLONG;
  for (i = 0; i < words; i++) {
    w = inl(PORT_HOSTFILE_DATA);
    memmove(install_path + i * 4, &w, 4);
  }
  install_path[namelen] = 0;
  if (strlen(install_path) != namelen) return -EINVAL;           // a NUL inside
  if (strncmp(install_path, "/bin/", 5) != 0) return -EINVAL;
  base = install_path + 5;
  if (*base == 0 || has_slash(base) || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) return -EINVAL;
  if (strlen(base) >= DIRSIZ) return -ENAMETOOLONG;
  safestrcpy(name, base, DIRSIZ);
  return 0;
}

// Fill the new inode ip with size bytes from the data port, page by page.
static int read_data(struct inode *ip, uint size) {
  uint off;
  uint n;
  uint i;
  uint *page;
  for (off = 0; off < size; off += PGSIZE) {
    n = size - off;
    if (n > PGSIZE) n = PGSIZE;
    // A whole page is overwritten; a partial last one starts zeroed.
    page = (uint *)inode_page(ip, off / PGSIZE, n == PGSIZE ? PAGE_OVERWRITE : 1);
    if (!page) return -ENOSPC;
    for (i = 0; i < (n + 3) / 4; i++) page[i] = inl(PORT_HOSTFILE_DATA);
    ip->size = off + n;
  }
  return 0;
}

// Make name in dp refer to ip (the new file), replacing the entry that is
// there, if any: a rename's last step. The old inode loses its name and is
// freed once nothing holds it.
static int switch_entry(struct inode *dp, const char *name, struct inode *ip) {
  struct dirent de;
  uint off;
  struct inode *old = dirlookup(dp, name, &off);
  if (!old) return dirlink(dp, name, ip);
  memset(&de, 0, sizeof(de));
  safestrcpy(de.name, name, DIRSIZ);
  de.ino = ip->ino;
  // The entry's bytes are already there: rewriting them needs no memory.
  if (writei(dp, 0, (uint)&de, off, sizeof(de)) != sizeof(de)) {
    iput(old);
    return -ENOSPC;
  }
  ip->nlink++;
  old->nlink--;
  iput(old);
  return 0;
}

// Carry out the request; 0 or -errno.
static int install(void) {
  char name[DIRSIZ];
  uint namelen = inl(PORT_HOSTFILE_NAME_LEN);
  uint size = inl(PORT_HOSTFILE_SIZE);
  struct inode *dp;
  struct inode *old;
  struct inode *ip;
  int err = 0;
  int r = read_path(namelen, name);
  if (r < 0) return r;
  if (size > MAXFILESIZE) return -EFBIG;
  dp = nameiparent(install_path, name, &err);
  if (!dp) return err;
  if (dir_is_removed(dp)) {
    iput(dp);
    return -ENOENT;
  }
  old = dirlookup(dp, name, 0);
  if (old) {
    r = old->type == T_DIR ? -EISDIR : old->type != T_FILE ? -EEXIST : 0;
    iput(old);
    if (r < 0) {
      iput(dp);
      return r;
    }
  }
  ip = ialloc(T_FILE);
  if (!ip) {
    iput(dp);
    return -ENOSPC;
  }
  r = read_data(ip, size);
  if (r == 0) r = switch_entry(dp, name, ip);
  iput(dp);
  iput(ip);   // a failure frees the new inode and its pages: nothing names it
  if (r < 0) return r;
  trace(TR_INSTALL, (uint)install_path, size, ip->ino);
  console_notice_begin();
  kprintf("[installed %s, %d bytes]", install_path, size);
  console_notice_end();
  return 0;
}

// IRQ 2: the host file channel has a request.
void install_intr(void) {
  if (inl(PORT_HOSTFILE_STATUS) != 1) return;   // none waits (a stray interrupt)
  outl(PORT_HOSTFILE_STATUS, (uint)install());
}
