// File system calls: descriptors, reading and writing, directories, the
// current directory, stat and the console's ioctl. Every user pointer is
// checked (copyin/copyout/fetchstr), so a bad one gives -EFAULT.

#include "types.h"
#include "defs.h"
#include "mmu.h"
#include "param.h"
#include "errno.h"
#include "abi.h"
#include "fs.h"
#include "proc.h"
#include "x86.h"

int sys_read(void) {
  struct file *f = fd_file(argint(0));
  int n = argint(2);
  if (!f) return -EBADF;
  if (n < 0) return -EINVAL;
  if (!uaccess_ok(curproc->pgdir, arguint(1), n, 1)) return -EFAULT;
  n = fileread(f, arguint(1), n);
  systrace_buffer(1, arguint(1), n);        // what was read, for trace
  return n;
}

int sys_write(void) {
  struct file *f = fd_file(argint(0));
  int n = argint(2);
  if (!f) return -EBADF;
  if (n < 0) return -EINVAL;
  if (!uaccess_ok(curproc->pgdir, arguint(1), n, 0)) return -EFAULT;
  systrace_buffer(1, arguint(1), n);        // what is written, for trace
  return filewrite(f, arguint(1), n);
}

int sys_open(void) {
  char path[MAXPATH];
  int flags = argint(1);
  int acc = flags & O_ACCMODE;
  struct inode *ip;
  struct file *f;
  int err = 0;
  int fd;
  int r = argstr(0, path, MAXPATH);
  if (r < 0) return r;
  if (acc == 3) return -EINVAL;
  if (flags & O_CREAT) {
    if (flags & O_EXCL) {
      ip = namei(path, &err);
      if (ip) {
        iput(ip);
        return -EEXIST;
      }
    }
    ip = create(path, T_FILE, 0, &err);
  } else {
    ip = namei(path, &err);
  }
  if (!ip) return err;
  if (ip->type == T_DIR && acc != O_RDONLY) {
    iput(ip);
    return -EISDIR;
  }
  if ((flags & O_DIRECTORY) && ip->type != T_DIR) {
    iput(ip);
    return -ENOTDIR;
  }
  f = filealloc();
  if (!f) {
    iput(ip);
    return -ENFILE;
  }
  fd = fd_alloc(f);
  if (fd < 0) {
    fileclose(f);      // not yet attached to the inode
    iput(ip);
    return fd;
  }
  f->type = FD_INODE;
  f->ip = ip;
  f->readable = acc != O_WRONLY;
  f->writable = acc != O_RDONLY;
  f->append = (flags & O_APPEND) != 0;
  if ((flags & O_TRUNC) && ip->type == T_FILE && f->writable) itrunc(ip);
  return fd;
}

int sys_close(void) {
  int fd = argint(0);
  struct file *f = fd_file(fd);
  if (!f) return -EBADF;
  curproc->ofile[fd] = 0;
  fileclose(f);
  return 0;
}

int sys_dup(void) {
  struct file *f = fd_file(argint(0));
  int fd;
  if (!f) return -EBADF;
  fd = fd_alloc(f);
  if (fd >= 0) filedup(f);
  return fd;
}

// pipe(fds): fds[0] reads what is written to fds[1].
int sys_pipe(void) {
  struct file *rf;
  struct file *wf;
  int fds[2];
  int r;
  if (!uaccess_ok(curproc->pgdir, arguint(0), sizeof(fds), 1)) return -EFAULT;
  r = pipe_alloc(&rf, &wf);
  if (r < 0) return r;
  fds[0] = fd_alloc(rf);
  fds[1] = fds[0] < 0 ? -EMFILE : fd_alloc(wf);
  if (fds[0] < 0 || fds[1] < 0) {
    if (fds[0] >= 0) curproc->ofile[fds[0]] = 0;
    fileclose(rf);
    fileclose(wf);
    return -EMFILE;
  }
  if (copyout(curproc->pgdir, arguint(0), fds, sizeof(fds)) < 0) {
    curproc->ofile[fds[0]] = 0;
    curproc->ofile[fds[1]] = 0;
    fileclose(rf);
    fileclose(wf);
    return -EFAULT;
  }
  return 0;
}

int sys_dup2(void) {
  int oldfd = argint(0);
  int newfd = argint(1);
  struct file *f = fd_file(oldfd);
  if (!f) return -EBADF;
  if (newfd < 0 || newfd >= NOFILE) return -EBADF;
  if (newfd == oldfd) return newfd;
  if (curproc->ofile[newfd]) fileclose(curproc->ofile[newfd]);
  curproc->ofile[newfd] = filedup(f);
  return newfd;
}

int sys_lseek(void) {
  struct file *f = fd_file(argint(0));
  int off = argint(1);
  int whence = argint(2);
  int base;
  if (!f) return -EBADF;
  if (f->type == FD_PIPE || f->ip->type == T_DEV) return -ESPIPE;
  if (whence == SEEK_SET) base = 0;
  else if (whence == SEEK_CUR) base = (int)f->off;
  else if (whence == SEEK_END) base = (int)f->ip->size;
  else return -EINVAL;
  if (base + off < 0) return -EINVAL;
  // A directory's offsets name its entries: anything between two entries
  // would make getdents read half of one.
  if (f->ip->type == T_DIR && (uint)(base + off) % sizeof(struct dirent) != 0) return -EINVAL;
  f->off = (uint)(base + off);
  return (int)f->off;
}

int sys_fstat(void) {
  struct file *f = fd_file(argint(0));
  struct stat st;
  if (!f) return -EBADF;
  if (f->type == FD_PIPE) stat_pipe(&st);
  else stati(f->ip, &st);
  if (copyout(curproc->pgdir, arguint(1), &st, sizeof(st)) < 0) return -EFAULT;
  return 0;
}

int sys_stat(void) {
  char path[MAXPATH];
  struct inode *ip;
  struct stat st;
  int err = 0;
  int r = argstr(0, path, MAXPATH);
  if (r < 0) return r;
  if (!uaccess_ok(curproc->pgdir, arguint(1), sizeof(st), 1)) return -EFAULT;
  ip = namei(path, &err);
  if (!ip) return err;
  stati(ip, &st);
  iput(ip);
  if (copyout(curproc->pgdir, arguint(1), &st, sizeof(st)) < 0) return -EFAULT;
  return 0;
}

// getdents(fd, buf, size): as many directory records as fit, from the
// descriptor's offset (in directory-entry bytes). 0 at the end.
int sys_getdents(void) {
  struct file *f = fd_file(argint(0));
  uint buf = arguint(1);
  uint size = arguint(2);
  struct dirent de;
  char rec[DIRSIZ + 16];
  struct linux_dirent *ld = (struct linux_dirent *)rec;
  struct inode *ip;
  uint done = 0;
  uint namelen;
  uint reclen;
  int type;
  if (!f) return -EBADF;
  if (f->type != FD_INODE || f->ip->type != T_DIR) return -ENOTDIR;
  if (!uaccess_ok(curproc->pgdir, buf, size, 1)) return -EFAULT;
  while (f->off + sizeof(de) <= f->ip->size) {
    if (readi(f->ip, 0, (uint)&de, f->off, sizeof(de)) != sizeof(de)) break;
    if (de.ino == 0) {
      f->off += sizeof(de);
      continue;
    }
    namelen = strlen(de.name);
    reclen = (10 + namelen + 2 + 3) & ~3;       // header, name, NUL, type byte; 4-aligned
    if (done + reclen > size) {
      if (done == 0) return -EINVAL;            // buffer too small for one record
      break;
    }
    memset(rec, 0, sizeof(rec));
    ld->d_ino = de.ino;
    ld->d_off = f->off + sizeof(de);
    ld->d_reclen = (ushort)reclen;
    memmove(ld->d_name, de.name, namelen + 1);
    ip = inode_by_number(de.ino);
    type = DT_UNKNOWN;
    if (ip && ip->type == T_DIR) type = DT_DIR;
    else if (ip && ip->type == T_FILE) type = DT_REG;
    else if (ip && ip->type == T_DEV) type = DT_CHR;
    rec[reclen - 1] = (char)type;
    if (copyout(curproc->pgdir, buf + done, rec, reclen) < 0) return -EFAULT;
    done += reclen;
    f->off += sizeof(de);
  }
  return (int)done;
}

int sys_mkdir(void) {
  char path[MAXPATH];
  struct inode *ip;
  int err = 0;
  int r = argstr(0, path, MAXPATH);
  if (r < 0) return r;
  ip = create(path, T_DIR, 0, &err);
  if (!ip) return err;
  iput(ip);
  return 0;
}

// Remove the name path; with dir set it must be an empty directory (rmdir),
// otherwise it must not be a directory (unlink).
static int remove_name(int dir) {
  char path[MAXPATH];
  char name[DIRSIZ];
  struct inode *dp;
  struct inode *ip;
  uint off;
  int err = 0;
  int r = argstr(0, path, MAXPATH);
  if (r < 0) return r;
  dp = nameiparent(path, name, &err);
  if (!dp) return err == -EEXIST ? -EBUSY : err;
  if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
    iput(dp);
    return -EINVAL;
  }
  ip = dirlookup(dp, name, &off);
  if (!ip) {
    iput(dp);
    return -ENOENT;
  }
  if (dir && ip->type != T_DIR) r = -ENOTDIR;
  else if (!dir && ip->type == T_DIR) r = -EISDIR;
  else if (dir && !dir_is_empty(ip)) r = -ENOTEMPTY;
  else if (dir && ip == curproc->cwd) r = -EBUSY;
  if (r < 0) {
    iput(ip);
    iput(dp);
    return r;
  }
  dirclear(dp, off);
  ip->nlink--;
  if (ip->type == T_DIR) dir_remove_dots(ip, dp);
  iput(ip);
  iput(dp);
  return 0;
}

int sys_unlink(void) {
  return remove_name(0);
}

int sys_rmdir(void) {
  return remove_name(1);
}

// rename(from, to): see rename_in (ramfs.c).
int sys_rename(void) {
  char from[MAXPATH];
  char to[MAXPATH];
  char name1[DIRSIZ];
  char name2[DIRSIZ];
  struct inode *dp1;
  struct inode *dp2;
  int err = 0;
  int r = argstr(0, from, MAXPATH);
  if (r < 0) return r;
  r = argstr(1, to, MAXPATH);
  if (r < 0) return r;
  dp1 = nameiparent(from, name1, &err);
  if (!dp1) return err == -EEXIST ? -EBUSY : err;    // "/": no name to move
  dp2 = nameiparent(to, name2, &err);
  if (!dp2) {
    iput(dp1);
    return err == -EEXIST ? -EBUSY : err;
  }
  r = rename_in(dp1, name1, dp2, name2);
  iput(dp2);
  iput(dp1);
  return r;
}

// utime(path, times): set path's modification time to times->modtime
// (seconds since boot: the machine's clock), or to now when times is null.
// The ramfs keeps no access time, so actime is not kept.
int sys_utime(void) {
  char path[MAXPATH];
  struct utimbuf times;
  struct inode *ip;
  int err = 0;
  uint utimes = arguint(1);
  int r = argstr(0, path, MAXPATH);
  if (r < 0) return r;
  if (utimes && copyin(curproc->pgdir, &times, utimes, sizeof(times)) < 0) return -EFAULT;
  if (utimes && times.modtime < 0) return -EINVAL;
  ip = namei(path, &err);
  if (!ip) return err;
  if (utimes) seconds_to_cycles((uint)times.modtime, ip->mtime);
  else rdtsc(ip->mtime);
  iput(ip);
  return 0;
}

int sys_chdir(void) {
  char path[MAXPATH];
  struct inode *ip;
  int err = 0;
  int r = argstr(0, path, MAXPATH);
  if (r < 0) return r;
  ip = namei(path, &err);
  if (!ip) return err;
  if (ip->type != T_DIR) {
    iput(ip);
    return -ENOTDIR;
  }
  iput(curproc->cwd);
  curproc->cwd = ip;
  return 0;
}

// getcwd(buf, size): Linux returns the length including the NUL.
int sys_getcwd(void) {
  char path[MAXPATH];
  uint size = arguint(1);
  int r = dir_path(curproc->cwd, path, MAXPATH);
  uint len;
  if (r < 0) return r;
  len = strlen(path) + 1;
  if (len > size) return -ERANGE;
  if (copyout(curproc->pgdir, arguint(0), path, len) < 0) return -EFAULT;
  return (int)len;
}

// ioctl on the console: TIOCGPGRP / TIOCSPGRP (the foreground group, which
// gets the signals the terminal sends), TCGETS (the modes; isatty asks it)
// TCSETS / TCSETSW / TCSETSF (new modes; F also drops unread input) and
// FIONREAD (how much input is waiting).
int sys_ioctl(void) {
  struct file *f = fd_file(argint(0));
  uint req = arguint(1);
  uint arg = arguint(2);
  struct termios t;
  int pgid;
  if (!f) return -EBADF;
  if (f->type != FD_INODE || f->ip->type != T_DEV || f->ip->major != DEV_CONSOLE) return -ENOTTY;
  switch (req) {
  case TIOCGPGRP:
    pgid = console_get_fg();
    if (copyout(curproc->pgdir, arg, &pgid, 4) < 0) return -EFAULT;
    return 0;
  case TIOCSPGRP:
    if (copyin(curproc->pgdir, &pgid, arg, 4) < 0) return -EFAULT;
    if (pgid <= 0) return -EINVAL;
    console_set_fg(pgid);
    return 0;
  case FIONREAD:
    pgid = console_pending();
    if (copyout(curproc->pgdir, arg, &pgid, 4) < 0) return -EFAULT;
    return 0;
  case TCGETS:
    console_get_modes(&t);
    if (copyout(curproc->pgdir, arg, &t, sizeof(t)) < 0) return -EFAULT;
    return 0;
  case TCSETS:
  case TCSETSW:
  case TCSETSF:
    if (copyin(curproc->pgdir, &t, arg, sizeof(t)) < 0) return -EFAULT;
    console_set_modes(&t, req == TCSETSF);
    return 0;
  default:
    return -EINVAL;
  }
}
