// The bare machine has no file system: the back-end's file calls fail with
// ENOSYS, so fopen returns NULL with errno ENOSYS and fseek/ftell on the
// console return -1.

#include <errno.h>

int __sys_open(const char *path, int flags, int mode) {
  (void)path;
  (void)flags;
  (void)mode;
  return -ENOSYS;
}

int __sys_close(int fd) {
  (void)fd;
  return -ENOSYS;
}

int __sys_lseek(int fd, int offset, int whence) {
  (void)fd;
  (void)offset;
  (void)whence;
  return -ENOSYS;
}
