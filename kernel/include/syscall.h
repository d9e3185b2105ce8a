// System-call numbers: the ONE table shared by the kernel (syscall.c), the
// libc kernel back-end (programs/libc/kernel) and the host (which reads the
// `#define SYS_name number` lines to name calls in traces).
//
// The convention is Linux i386's: `int 0x80` with the number in eax and the
// arguments in ebx, ecx, edx, esi, edi; the result comes back in eax, a
// negative value being -errno. Numbers below 1000 are Linux's own; the
// Glassbox-specific calls live at 1000 and up, outside Linux's range.

#ifndef GLASSBOX_SYSCALL_H
#define GLASSBOX_SYSCALL_H

#define SYS_exit 1
#define SYS_fork 2
#define SYS_read 3
#define SYS_write 4
#define SYS_open 5
#define SYS_close 6
#define SYS_waitpid 7
#define SYS_unlink 10
#define SYS_execve 11
#define SYS_chdir 12
#define SYS_time 13
#define SYS_utime 30
#define SYS_lseek 19
#define SYS_getpid 20
#define SYS_kill 37
#define SYS_rename 38
#define SYS_mkdir 39
#define SYS_rmdir 40
#define SYS_dup 41
#define SYS_pipe 42
#define SYS_brk 45
#define SYS_signal 48
#define SYS_ioctl 54
#define SYS_setpgid 57
#define SYS_sigaction 67
#define SYS_dup2 63
#define SYS_getppid 64
#define SYS_getpgrp 65
#define SYS_stat 106
#define SYS_fstat 108
#define SYS_wait4 114
#define SYS_sysinfo 116
#define SYS_sigreturn 119
#define SYS_clone 120
#define SYS_sigprocmask 126
#define SYS_getdents 141
#define SYS_sched_yield 158
#define SYS_nanosleep 162
#define SYS_getcwd 183
#define SYS_gettid 224
#define SYS_futex 240
#define SYS_exit_group 252
#define SYS_clock_gettime 265

// Glassbox-specific (not in Linux).
#define SYS_gb_procinfo 1000        // (int index, struct gb_procinfo *out) -> next index, 0 at the end
#define SYS_gb_regions 1001         // (int pid, struct gb_region *out, int max) -> number of regions
#define SYS_gb_cycles 1002          // (unsigned int *out2) -> writes the 64-bit cycle counter as lo, hi
#define SYS_gb_thread_join 1003     // (int tid, int *value) -> 0: waits for a thread of the caller's process to exit
#define SYS_gb_counters 1004        // (unsigned int *out, int max) -> how many of the machine's counters (COUNTER_*) were stored, low words
#define SYS_gb_flushcost 1005       // (int kind, void *pages, int n, struct gb_flushcost *out) -> 0: one flush timed in ring 0
#define SYS_gb_trace_start 1006     // () -> 0: the caller's children from now on are traced (systrace.c)
#define SYS_gb_trace_read 1007      // (struct gb_trace_record *out, int max) -> records read, 0 when no traced process is left

#define NSYSCALL_LINUX 1000

#endif
