// Open files: the system-wide table of open-file objects that file
// descriptors point to. An object is shared by descriptors copied with dup
// or fork (they share the offset), and freed when the last one closes.
// Reads and writes go to the ramfs inode, a device's driver, or a pipe.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "errno.h"
#include "abi.h"
#include "fs.h"
#include "proc.h"

static struct file ftable[NFILE];

struct file *filealloc(void) {
  int i;
  for (i = 0; i < NFILE; i++) {
    if (ftable[i].ref == 0) {
      memset(&ftable[i], 0, sizeof(struct file));
      ftable[i].ref = 1;
      return &ftable[i];
    }
  }
  return 0;
}

struct file *filedup(struct file *f) {
  if (f->ref < 1) panic("filedup");
  f->ref++;
  return f;
}

void fileclose(struct file *f) {
  if (f->ref < 1) panic("fileclose");
  f->ref--;
  if (f->ref > 0) return;
  if (f->type == FD_INODE) iput(f->ip);
  if (f->type == FD_PIPE) pipe_close(f->pipe, f->writable);
  f->type = FD_NONE;
  f->ip = 0;
  f->pipe = 0;
}

// /dev/zero: n zero bytes into user memory at dst.
static int zero_read(uint dst, uint n) {
  static const char zeros[128];
  uint done = 0;
  uint k;
  if (!uaccess_ok(curproc->pgdir, dst, n, 1)) return -EFAULT;
  while (done < n) {
    k = n - done < sizeof(zeros) ? n - done : sizeof(zeros);
    if (copyout(curproc->pgdir, dst + done, (void *)zeros, k) < 0) return -EFAULT;
    done += k;
  }
  return n;
}

// Read n bytes into user memory at dst. Bytes read, 0 at end of file, or -errno.
int fileread(struct file *f, uint dst, uint n) {
  int r;
  if (!f->readable) return -EBADF;
  if (f->type == FD_PIPE) return pipe_read(f->pipe, dst, n);
  if (f->ip->type == T_DIR) return -EISDIR;
  if (f->ip->type == T_DEV) {
    if (f->ip->major == DEV_CONSOLE) return console_read(dst, n);
    if (f->ip->major == DEV_ZERO) return zero_read(dst, n);
    return 0;
  }
  r = readi(f->ip, 1, dst, f->off, n);
  if (r > 0) f->off += r;
  return r;
}

// Write n bytes from user memory at src. Bytes written, or -errno.
int filewrite(struct file *f, uint src, uint n) {
  int r;
  if (!f->writable) return -EBADF;
  if (f->type == FD_PIPE) return pipe_write(f->pipe, src, n);
  if (f->ip->type == T_DEV) {
    if (f->ip->major == DEV_CONSOLE) return console_write(src, n);
    if (!uaccess_ok(curproc->pgdir, src, n, 0)) return -EFAULT;
    return n;
  }
  if (f->append) f->off = f->ip->size;
  r = writei(f->ip, 1, src, f->off, n);
  if (r > 0) f->off += r;
  return r;
}

// What fstat says about a pipe end.
void stat_pipe(struct stat *st) {
  memset(st, 0, sizeof(struct stat));
  st->st_mode = S_IFIFO | 0600;
  st->st_nlink = 1;
  st->st_blksize = 4096;
}

void stati(struct inode *ip, struct stat *st) {
  struct timespec t;
  memset(st, 0, sizeof(struct stat));
  st->st_dev = 1;
  st->st_ino = ip->ino;
  if (ip->type == T_DIR) st->st_mode = S_IFDIR | 0755;
  else if (ip->type == T_DEV) st->st_mode = S_IFCHR | 0666;
  else st->st_mode = S_IFREG | 0755;
  st->st_nlink = ip->nlink;
  st->st_rdev = ip->type == T_DEV ? (ip->major << 8) : 0;
  st->st_size = ip->size;
  st->st_blksize = 4096;
  st->st_blocks = (ip->size + 511) / 512;
  // The ramfs keeps one time, the last change of the bytes: no access
  // times, and a change of the inode alone (a link) is not one.
  cycles_to_timespec(ip->mtime, &t);
  st->st_mtime = st->st_atime = st->st_ctime = (uint)t.tv_sec;
  st->st_mtime_nsec = st->st_atime_nsec = st->st_ctime_nsec = (uint)t.tv_nsec;
}

// File descriptor n of the current process, or 0.
struct file *fd_file(int fd) {
  if (fd < 0 || fd >= NOFILE) return 0;
  return curproc->ofile[fd];
}

// The lowest free descriptor now holding f; -EMFILE if none.
int fd_alloc(struct file *f) {
  int fd;
  for (fd = 0; fd < NOFILE; fd++) {
    if (curproc->ofile[fd] == 0) {
      curproc->ofile[fd] = f;
      return fd;
    }
  }
  return -EMFILE;
}
