// System-call dispatch: `int 0x80` with the number in eax and arguments in
// ebx, ecx, edx, esi, edi (Linux i386). The handler's return value goes back
// in eax; errors are -errno. Numbers come from include/syscall.h.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "errno.h"
#include "proc.h"
#include "syscall.h"
#include "x86.h"

typedef int (*syscall_fn)(void);

struct syscall_entry {
  int num;
  syscall_fn fn;
};

// The calls, by number; the table below is built from it at boot.
static struct syscall_entry syscall_list[] = {
  {SYS_exit, sys_exit},
  {SYS_exit_group, sys_exit_group},
  {SYS_clone, sys_clone},
  {SYS_gettid, sys_gettid},
  {SYS_gb_thread_join, sys_gb_thread_join},
  {SYS_fork, sys_fork},
  {SYS_read, sys_read},
  {SYS_write, sys_write},
  {SYS_open, sys_open},
  {SYS_close, sys_close},
  {SYS_waitpid, sys_waitpid},
  {SYS_unlink, sys_unlink},
  {SYS_execve, sys_execve},
  {SYS_chdir, sys_chdir},
  {SYS_lseek, sys_lseek},
  {SYS_getpid, sys_getpid},
  {SYS_kill, sys_kill},
  {SYS_mkdir, sys_mkdir},
  {SYS_rmdir, sys_rmdir},
  {SYS_dup, sys_dup},
  {SYS_pipe, sys_pipe},
  {SYS_brk, sys_brk},
  {SYS_signal, sys_signal},
  {SYS_sigreturn, sys_sigreturn},
  {SYS_sigaction, sys_sigaction},
  {SYS_sigprocmask, sys_sigprocmask},
  {SYS_ioctl, sys_ioctl},
  {SYS_setpgid, sys_setpgid},
  {SYS_dup2, sys_dup2},
  {SYS_getppid, sys_getppid},
  {SYS_getpgrp, sys_getpgrp},
  {SYS_stat, sys_stat},
  {SYS_fstat, sys_fstat},
  {SYS_wait4, sys_wait4},
  {SYS_getdents, sys_getdents},
  {SYS_sched_yield, sys_sched_yield},
  {SYS_nanosleep, sys_nanosleep},
  {SYS_time, sys_time},
  {SYS_clock_gettime, sys_clock_gettime},
  {SYS_futex, sys_futex},
  {SYS_getcwd, sys_getcwd},
  {SYS_rename, sys_rename},
  {SYS_utime, sys_utime},
  {SYS_sysinfo, sys_sysinfo},
  {SYS_gb_procinfo, sys_gb_procinfo},
  {SYS_gb_regions, sys_gb_regions},
  {SYS_gb_cycles, sys_gb_cycles},
  {SYS_gb_counters, sys_gb_counters},
  {SYS_gb_flushcost, sys_gb_flushcost},
  {SYS_gb_trace_start, sys_gb_trace_start},
  {SYS_gb_trace_read, sys_gb_trace_read},
  {0, 0},
};

#define NLINUX_TABLE 512
#define NGB_TABLE 8
static syscall_fn linux_table[NLINUX_TABLE];
static syscall_fn gb_table[NGB_TABLE];
int syscall_trace;           // emit TR_SYSCALL for every call when set

void syscall_init(void) {
  int i;
  int n;
  for (i = 0; syscall_list[i].fn; i++) {
    n = syscall_list[i].num;
    if (n >= 0 && n < NLINUX_TABLE) linux_table[n] = syscall_list[i].fn;
    else if (n >= NSYSCALL_LINUX && n < NSYSCALL_LINUX + NGB_TABLE) gb_table[n - NSYSCALL_LINUX] = syscall_list[i].fn;
    else panic("syscall_init: number out of range");
  }
}

// Argument n (0..4) of the current system call.
int argint(int n) {
  struct trapframe *tf = curthread->tf;
  switch (n) {
  case 0:
    return (int)tf->ebx;
  case 1:
    return (int)tf->ecx;
  case 2:
    return (int)tf->edx;
  case 3:
    return (int)tf->esi;
  default:
    return (int)tf->edi;
  }
}

uint arguint(int n) {
  return (uint)argint(n);
}

// Copy the user string in argument n into buf (size max). Length, or -errno.
int argstr(int n, char *buf, int max) {
  int r = fetchstr(curproc->pgdir, arguint(n), buf, max);
  if (r >= 0) systrace_string(n, buf);
  return r;
}

void syscall(struct trapframe *tf) {
  uint num = tf->eax;
  syscall_fn fn = 0;
  if (syscall_trace) trace(TR_SYSCALL, curproc->pid, num, tf->ebx);
  if (num < NLINUX_TABLE) fn = linux_table[num];
  else if (num >= NSYSCALL_LINUX && num < NSYSCALL_LINUX + NGB_TABLE) fn = gb_table[num - NSYSCALL_LINUX];
  curthread->syscall_num = num;
  if (curproc->traced) systrace_enter(num, tf);
  if (fn) tf->eax = (uint)fn();
  else tf->eax = (uint)-ENOSYS;
  if (curproc->traced) systrace_leave((int)tf->eax);
}
