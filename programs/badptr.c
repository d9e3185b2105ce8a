// badptr: hand every system call that takes a pointer some bad ones — null,
// a kernel address, an unmapped user address, and (for calls that write)
// our own read-only code — and check that each returns -EFAULT instead of
// crashing the kernel or this process.

#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include "../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);

#define EFAULT_RESULT (-14)

static int passed;
static int failed;

static void expect_efault(const char *what, int result) {
  if (result == EFAULT_RESULT) {
    passed++;
  } else {
    failed++;
    printf("FAIL %s: got %d, expected -14 (EFAULT)\n", what, result);
  }
}

int main(void) {
  unsigned int bad[4];
  const char *names[4];
  char label[64];
  int i;
  int fd;
  int dirfd;
  unsigned int argv_bad[2];
  bad[0] = 0;
  names[0] = "null";
  bad[1] = 0xC0100000;
  names[1] = "kernel";
  bad[2] = 0x50000000;
  names[2] = "unmapped";
  bad[3] = (unsigned int)main;
  names[3] = "read-only code";
  fd = open("/etc/motd", O_RDONLY, 0);
  dirfd = open("/", O_RDONLY, 0);
  for (i = 0; i < 4; i++) {
    // Calls that write to user memory: every bad pointer, read-only code included.
    snprintf(label, sizeof(label), "read(%s)", names[i]);
    expect_efault(label, __syscall(SYS_read, fd, (int)bad[i], 16, 0, 0));
    if (i != 0) {
      // (A null status pointer means "don't store it".)
      snprintf(label, sizeof(label), "waitpid(status=%s)", names[i]);
      expect_efault(label, __syscall(SYS_waitpid, -1, (int)bad[i], 0, 0, 0));
    }
    snprintf(label, sizeof(label), "stat(buf=%s)", names[i]);
    expect_efault(label, __syscall(SYS_stat, (int)"/etc/motd", (int)bad[i], 0, 0, 0));
    snprintf(label, sizeof(label), "fstat(%s)", names[i]);
    expect_efault(label, __syscall(SYS_fstat, fd, (int)bad[i], 0, 0, 0));
    snprintf(label, sizeof(label), "getdents(%s)", names[i]);
    expect_efault(label, __syscall(SYS_getdents, dirfd, (int)bad[i], 512, 0, 0));
    snprintf(label, sizeof(label), "getcwd(%s)", names[i]);
    expect_efault(label, __syscall(SYS_getcwd, (int)bad[i], 64, 0, 0, 0));
    snprintf(label, sizeof(label), "ioctl(TIOCGPGRP, %s)", names[i]);
    expect_efault(label, __syscall(SYS_ioctl, 1, 0x540F, (int)bad[i], 0, 0));
    snprintf(label, sizeof(label), "gb_procinfo(%s)", names[i]);
    expect_efault(label, __syscall(SYS_gb_procinfo, 0, (int)bad[i], 0, 0, 0));
    snprintf(label, sizeof(label), "gb_regions(%s)", names[i]);
    expect_efault(label, __syscall(SYS_gb_regions, getpid(), (int)bad[i], 8, 0, 0));
    snprintf(label, sizeof(label), "pipe(%s)", names[i]);
    expect_efault(label, __syscall(SYS_pipe, (int)bad[i], 0, 0, 0, 0));
    snprintf(label, sizeof(label), "gb_cycles(%s)", names[i]);
    expect_efault(label, __syscall(SYS_gb_cycles, (int)bad[i], 0, 0, 0, 0));
    if (i == 3) continue;
    // Calls that only read user memory: code is readable, so skip it.
    snprintf(label, sizeof(label), "write(%s)", names[i]);
    expect_efault(label, __syscall(SYS_write, 1, (int)bad[i], 16, 0, 0));
    snprintf(label, sizeof(label), "open(%s)", names[i]);
    expect_efault(label, __syscall(SYS_open, (int)bad[i], O_RDONLY, 0, 0, 0));
    snprintf(label, sizeof(label), "stat(path=%s)", names[i]);
    expect_efault(label, __syscall(SYS_stat, (int)bad[i], (int)label, 0, 0, 0));
    snprintf(label, sizeof(label), "unlink(%s)", names[i]);
    expect_efault(label, __syscall(SYS_unlink, (int)bad[i], 0, 0, 0, 0));
    snprintf(label, sizeof(label), "mkdir(%s)", names[i]);
    expect_efault(label, __syscall(SYS_mkdir, (int)bad[i], 0755, 0, 0, 0));
    snprintf(label, sizeof(label), "rmdir(%s)", names[i]);
    expect_efault(label, __syscall(SYS_rmdir, (int)bad[i], 0, 0, 0, 0));
    snprintf(label, sizeof(label), "chdir(%s)", names[i]);
    expect_efault(label, __syscall(SYS_chdir, (int)bad[i], 0, 0, 0, 0));
    snprintf(label, sizeof(label), "execve(path=%s)", names[i]);
    expect_efault(label, __syscall(SYS_execve, (int)bad[i], 0, 0, 0, 0));
    if (i != 0) {
      // (A null argv or envp means "empty" to Linux's execve: that would succeed.)
      snprintf(label, sizeof(label), "execve(argv=%s)", names[i]);
      expect_efault(label, __syscall(SYS_execve, (int)"/bin/true", (int)bad[i], 0, 0, 0));
      argv_bad[0] = bad[i];
      argv_bad[1] = 0;
      snprintf(label, sizeof(label), "execve(argv[0]=%s)", names[i]);
      expect_efault(label, __syscall(SYS_execve, (int)"/bin/true", (int)argv_bad, 0, 0, 0));
      snprintf(label, sizeof(label), "execve(envp=%s)", names[i]);
      expect_efault(label, __syscall(SYS_execve, (int)"/bin/true", 0, (int)bad[i], 0, 0));
    }
    snprintf(label, sizeof(label), "nanosleep(%s)", names[i]);
    expect_efault(label, __syscall(SYS_nanosleep, (int)bad[i], 0, 0, 0, 0));
    snprintf(label, sizeof(label), "ioctl(TIOCSPGRP, %s)", names[i]);
    expect_efault(label, __syscall(SYS_ioctl, 1, 0x5410, (int)bad[i], 0, 0));
  }
  printf("badptr: %d bad pointers rejected, %d accepted by mistake\n", passed, failed);
  return failed != 0;
}
