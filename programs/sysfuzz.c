// sysfuzz [N] [SEED]: call system calls with random arguments, N times
// (default 2000), to show that bad arguments get error returns and never
// bring the kernel down. Calls that would end this process, replace it,
// block it for good (reading or writing the console or a pipe, a futex
// wait, blocking signals) or signal others are left out; everything else
// gets random numbers and pointers (null, kernel, unmapped, code, and valid
// ones with random lengths). It works inside /tmp/fuzz, where the
// files and directories it happens to create end up, and reopens the
// console at the end in case it closed its output.

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);
int main(int argc, char **argv);

static unsigned int state = 12345;

static unsigned int next_random(void) {
  state = state * 1103515245 + 12345;
  return state >> 8;
}

static char buffer[8192];

// A random argument: small numbers, -1, huge values, or interesting pointers.
static int random_arg(void) {
  switch (next_random() % 10) {
  case 0:
    return 0;
  case 1:
    return -1;
  case 2:
    return (int)(next_random() % 64);
  case 3:
    return (int)0xC0100000;                        // the kernel
  case 4:
    return (int)0x50000000;                        // unmapped
  case 5:
    return (int)(unsigned int)main;                // read-only code
  case 6:
    return (int)(buffer + next_random() % sizeof(buffer));
  case 7:
    return (int)(next_random() << 8);
  case 8:
    return (int)0xBFFFFFF0;                        // the top of the stack
  default:
    return (int)(next_random() % 100000);
  }
}

int main(int argc, char **argv) {
  static const int calls[] = {
    SYS_write, SYS_open, SYS_close, SYS_waitpid, SYS_unlink, SYS_chdir, SYS_lseek, SYS_getpid, SYS_mkdir,
    SYS_rmdir, SYS_dup, SYS_brk, SYS_signal, SYS_dup2, SYS_getppid, SYS_getpgrp, SYS_stat, SYS_fstat,
    SYS_wait4, SYS_getdents, SYS_sched_yield, SYS_getcwd, SYS_gb_procinfo, SYS_gb_regions, SYS_gb_cycles,
    SYS_read, SYS_pipe, SYS_time, SYS_clock_gettime, SYS_futex, SYS_sigaction, SYS_sigprocmask,
    9999, -5, 1003,
  };
  int n = argc > 1 ? atoi(argv[1]) : 2000;
  int i;
  int number;
  int a[5];
  int k;
  int errors = 0;
  int fd;
  struct stat st;
  if (argc > 2) state = (unsigned int)atoi(argv[2]);
  mkdir("/tmp/fuzz", 0755);
  chdir("/tmp/fuzz");
  for (i = 0; i < n; i++) {
    number = calls[next_random() % (sizeof(calls) / sizeof(calls[0]))];
    for (k = 0; k < 5; k++) a[k] = random_arg();
    if (number == SYS_read || number == SYS_write) {
      a[0] = 3 + (int)(next_random() % 8);
      // Never the console or a pipe: those may rightly wait forever.
      if (fstat(a[0], &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) continue;
    }
    if (number == SYS_brk) a[0] = 0;                                                     // keep the heap
    if ((number == SYS_signal || number == SYS_sigaction) && a[0] == 2) a[0] = 3;         // keep Ctrl-C working
    if (number == SYS_sigprocmask) a[0] = SIG_UNBLOCK;                                    // block nothing
    if (number == SYS_futex && (a[1] & ~FUTEX_PRIVATE_FLAG) == FUTEX_WAIT) a[1] = FUTEX_WAKE;  // a wait may be forever
    if (number == SYS_chdir) a[0] = (int)"/tmp/fuzz";
    if (__syscall(number, a[0], a[1], a[2], a[3], a[4]) < 0) errors++;
  }
  fd = open("/dev/console", O_WRONLY, 0);
  if (fd >= 0) dup2(fd, 1);
  printf("sysfuzz: %d calls, %d returned errors; the kernel survived\n", n, errors);
  return 0;
}
