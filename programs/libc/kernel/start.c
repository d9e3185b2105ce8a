// Program start-up and the back-end interface the common libc uses
// (__sys_write, __sys_read, __sys_open, __sys_close, __sys_lseek,
// __sys_exit, __sys_sbrk), for programs running under the Glassbox kernel.
// crt0.s calls __libc_start with the values execve put on the stack.

#include <stdlib.h>
#include <unistd.h>
#include "../../../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);
int main(int argc, char **argv, char **envp);

char **environ;

void __libc_start(int argc, char **argv, char **envp) {
  environ = envp;
  exit(main(argc, argv, envp));
}

int __sys_write(int fd, const void *buf, int n) {
  return __syscall(SYS_write, fd, (int)buf, n, 0, 0);
}

int __sys_read(int fd, void *buf, int n) {
  return __syscall(SYS_read, fd, (int)buf, n, 0, 0);
}

int __sys_open(const char *path, int flags, int mode) {
  return __syscall(SYS_open, (int)path, flags, mode, 0, 0);
}

int __sys_close(int fd) {
  return __syscall(SYS_close, fd, 0, 0, 0, 0);
}

int __sys_lseek(int fd, int offset, int whence) {
  return __syscall(SYS_lseek, fd, offset, whence, 0, 0);
}

void __sys_exit(int status) {
  for (;;) __syscall(SYS_exit_group, status, 0, 0, 0, 0);
}

// Move the break by increment; returns the old break, or (void *)-1.
void *__sys_sbrk(int increment) {
  unsigned int old = (unsigned int)__syscall(SYS_brk, 0, 0, 0, 0, 0);
  unsigned int want = old + increment;
  if (increment == 0) return (void *)old;
  if ((unsigned int)__syscall(SYS_brk, (int)want, 0, 0, 0, 0) != want) return (void *)-1;
  return (void *)old;
}
