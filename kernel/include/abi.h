// The kernel's user-visible ABI besides system-call numbers: flags, modes,
// signal numbers, wait statuses and the structures system calls fill in.
// Values are Linux i386's wherever Linux has one. The kernel includes this
// file; so do the libc POSIX headers (programs/libc/include/fcntl.h,
// sys/stat.h, signal.h, sys/wait.h, dirent.h, glassbox.h), so the two sides
// cannot drift.

#ifndef GLASSBOX_ABI_H
#define GLASSBOX_ABI_H

// open() flags.
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_ACCMODE 3
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_DIRECTORY 0200000

// lseek() whence.
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

// File types in st_mode.
#define S_IFMT 0170000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFREG 0100000
#define S_IFIFO 0010000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

// d_type in a directory entry.
#define DT_UNKNOWN 0
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8

// Signals. Default actions: terminate (SIGCHLD: ignore).
#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18     // default: continue a stopped process (then ignore)
#define SIGSTOP 19     // stop; cannot be caught, blocked or ignored
#define SIGTSTP 20     // Ctrl-Z; default: stop
#define SIGTTIN 21     // a background process read the terminal; default: stop
#define SIGTTOU 22     // default: stop (never sent by the console here)
#define NSIG 32

// signal(): the default action, ignoring, or a handler's address.
#define SIG_DFL_VALUE 0
#define SIG_IGN_VALUE 1

// The machine's clock: the cycle model's nominal 3 GHz, in cycles per
// microsecond. Every time the kernel gives (clock_gettime, stat, rusage)
// is the cycle counter divided by it; ps, top and time divide too.
#define CYCLES_PER_US 3000

// clock_gettime() clocks (Linux's numbers). REALTIME and MONOTONIC are the
// same clock here: time since boot (kernel/time.c says why).
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2

// futex() operations (Linux's; kernel/futex.c).
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128

// sigaction() flags (Linux's). SA_SIGINFO handlers are not supported.
#define SA_SIGINFO 0x00000004
#define SA_RESTORER 0x04000000     // sa_restorer is set (libc always sets it)
#define SA_RESTART 0x10000000      // an interrupted system call is made again, not failed with EINTR
#define SA_NODEFER 0x40000000      // the signal is not blocked while its handler runs
#define SA_RESETHAND 0x80000000    // the action goes back to SIG_DFL when the handler starts

// sigprocmask() how.
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

// clone() flags: only a thread in the same process is supported, i.e.
// CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD.
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_THREAD 0x00010000
#define CLONE_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)

// Wait statuses, as Linux encodes them: exit code in bits 8..15, or the
// terminating signal in bits 0..6; a stop is 0x7f with the signal in bits
// 8..15, a continue 0xffff.
#define WNOHANG 1
#define WUNTRACED 2                // also report children that stopped
#define WCONTINUED 8               // also report stopped children that were continued
#define WIFEXITED(s) (((s) & 0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WTERMSIG(s) ((s) & 0x7f)
#define WIFSTOPPED(s) (((s) & 0xff) == 0x7f)
#define WSTOPSIG(s) (((s) >> 8) & 0xff)
#define WIFCONTINUED(s) ((s) == 0xffff)
#define W_STOPCODE(sig) (((sig) << 8) | 0x7f)
#define W_CONTINUED 0xffff

// ioctl requests on the console (Linux's numbers).
#define TCGETS 0x5401              // struct termios *: the terminal's modes
#define TCSETS 0x5402              // set them now
#define TCSETSW 0x5403             // ... after output drains (output never waits here: the same)
#define TCSETSF 0x5404             // ... and throw away input not yet read
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define FIONREAD 0x541B            // int *: bytes a read() would get now

// struct termios (below): the modes the console's line discipline honours
// (kernel/console.c). Values are Linux's.
#define ICRNL 0000400              // c_iflag: a typed '\r' arrives as '\n'
#define OPOST 0000001              // c_oflag (kept, not acted on: output is never translated)
#define ONLCR 0000004
#define CS8 0000060                // c_cflag (kept, not acted on)
#define CREAD 0000200
#define ISIG 0000001               // c_lflag: VINTR VQUIT VSUSP send signals to the foreground group
#define ICANON 0000002             // a line at a time, edited by the console (erase, kill, word erase)
#define ECHO 0000010               // typed characters are shown
#define ECHOE 0000020              // erasing is shown as backspace-space-backspace
#define ECHOK 0000040
#define ECHOCTL 0001000            // a signal character is shown as ^C
#define IEXTEN 0100000
// c_cc indices.
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSUSP 10
#define VWERASE 14
#define NCCS 19
// tcsetattr() when.
#define TCSANOW 0
#define TCSADRAIN 1
#define TCSAFLUSH 2

// The structures system calls fill in are C only (assembly includes this
// header for the flags and numbers above).
#ifndef __ASSEMBLER__

// Filled in by stat()/fstat(): Linux i386's `struct stat` (syscalls 106/108).
struct stat {
  unsigned int st_dev;
  unsigned int st_ino;
  unsigned short st_mode;
  unsigned short st_nlink;
  unsigned short st_uid;
  unsigned short st_gid;
  unsigned int st_rdev;
  unsigned int st_size;
  unsigned int st_blksize;
  unsigned int st_blocks;
  unsigned int st_atime;
  unsigned int st_atime_nsec;
  unsigned int st_mtime;
  unsigned int st_mtime_nsec;
  unsigned int st_ctime;
  unsigned int st_ctime_nsec;
  unsigned int __unused4;
  unsigned int __unused5;
};

// One record of getdents() (Linux's `struct linux_dirent`): d_reclen bytes,
// the name NUL-terminated, and the entry's DT_* type in the record's last byte.
struct linux_dirent {
  unsigned int d_ino;
  unsigned int d_off;
  unsigned short d_reclen;
  char d_name[2];
};

// sigaction(): Linux i386's `struct old_sigaction` (syscall 67); bit n of
// a mask is signal n.
typedef unsigned int sigset_t;
struct sigaction {
  void (*sa_handler)(int);   // SIG_DFL, SIG_IGN or a function
  sigset_t sa_mask;          // blocked, besides the signal itself, while the handler runs
  unsigned int sa_flags;     // SA_*
  void (*sa_restorer)(void); // calls sigreturn when the handler returns
};

// The terminal's modes (TCGETS/TCSETS): Linux i386's kernel struct termios.
// Raw mode for a line editor is c_lflag without ICANON and ECHO: every byte
// reaches read() as it is typed, VMIN 1 and VTIME 0 (the only values the
// console honours: a read waits for one byte at least).
typedef unsigned int tcflag_t;
typedef unsigned char cc_t;
struct termios {
  tcflag_t c_iflag;
  tcflag_t c_oflag;
  tcflag_t c_cflag;
  tcflag_t c_lflag;
  cc_t c_line;
  cc_t c_cc[NCCS];
};

struct timespec {
  int tv_sec;
  int tv_nsec;
};

// utime(): Linux's struct utimbuf, in seconds since boot (the machine's clock).
struct utimbuf {
  int actime;                // access time (the ramfs does not keep it)
  int modtime;               // modification time
};

// Glassbox: one process-table entry, for ps (SYS_gb_procinfo).
#define GB_NAME_LEN 16
#define GB_CMDLINE_LEN 64
struct gb_procinfo {
  int pid;
  int ppid;
  int pgid;
  int state;                 // PSTATE_* from trace.h
  unsigned int cycles_lo;    // CPU time in cycles (64-bit, lo/hi)
  unsigned int cycles_hi;
  unsigned int mem_pages;    // user pages mapped
  int nthreads;
  char name[GB_NAME_LEN];
  unsigned int sys_lo;       // the part of the CPU time spent in the kernel (64-bit, lo/hi)
  unsigned int sys_hi;
  unsigned int start_lo;     // the cycle counter when the process was created (64-bit, lo/hi)
  unsigned int start_hi;
  int on_console;            // 1 if one of its descriptors is the console (ps's TTY)
  char cmdline[GB_CMDLINE_LEN]; // its arguments joined by spaces, cut short
};

// sysinfo() (116): Linux i386's struct sysinfo. Glassbox counts memory in
// pages: mem_unit is the page size. sharedram is the pages mapped more
// than once (copy-on-write after fork, program code shared with its
// file), bufferram the pages the ramfs holds. No load average is kept
// (loads are 0) and there is no swap or high memory.
struct sysinfo {
  int uptime;                // seconds since boot
  unsigned int loads[3];
  unsigned int totalram;     // pages the allocator manages
  unsigned int freeram;      // of which free
  unsigned int sharedram;
  unsigned int bufferram;
  unsigned int totalswap;
  unsigned int freeswap;
  unsigned short procs;      // processes in the table (zombies too)
  unsigned short pad;
  unsigned int totalhigh;
  unsigned int freehigh;
  unsigned int mem_unit;     // bytes per unit: 4096
  char _f[8];
};

// wait4()'s resource usage: Linux i386's struct rusage. Only the CPU times
// are kept: the child's and those of the children it waited for.
struct timeval {
  int tv_sec;
  int tv_usec;
};
struct rusage {
  struct timeval ru_utime;   // in user mode
  struct timeval ru_stime;   // in the kernel
  int ru_other[14];          // maxrss … nivcsw: not kept, 0
};

// Glassbox: one region of a process's address space, for pmap (SYS_gb_regions).
#define GB_REGION_READ 1
#define GB_REGION_WRITE 2
#define GB_REGION_EXEC 4
#define GB_REGION_USER 8
struct gb_region {
  unsigned int start;        // first byte
  unsigned int end;          // one past the last byte
  unsigned int flags;        // GB_REGION_*
  unsigned int resident;     // pages actually mapped in it
  char name[16];             // "code", "data", "heap", "stack", "guard", "kernel"
};

// Glassbox: one flush timed in ring 0, for flushcost (SYS_gb_flushcost).
#define GB_FLUSH_CR3 1             // reload cr3: drops every non-global entry (without PCIDs)
#define GB_FLUSH_INVLPG 2          // invlpg the buffer's first page
#define GB_FLUSH_MAX_PAGES 256
struct gb_flushcost {
  unsigned int op_cycles;    // the flushing instruction alone
  unsigned int touch_warm;   // touching the pages with nothing flushed
  unsigned int touch_after;  // touching them right after the flush (the refills)
};

// Glassbox: one record of a traced process's system calls, for trace
// (SYS_gb_trace_start, SYS_gb_trace_read; kernel/systrace.c).
#define GB_TRACE_CALL 1            // a system call returned: number, args, result
#define GB_TRACE_UNFINISHED 2      // the process ended inside it (exit, a fatal signal)
#define GB_TRACE_EXIT 3            // the process ended: result is its wait status
#define GB_TRACE_TEXT 40           // bytes of an argument's text kept, NUL included
struct gb_trace_record {
  int kind;                  // GB_TRACE_*
  int pid;
  int number;                // the system call (SYS_*)
  int args[5];               // ebx, ecx, edx, esi, edi as the call found them
  int result;                // eax after it, or the wait status
  int text_arg[2];           // which argument each text is (-1: none)
  int text_len[2];           // its full length (more than was kept if it was cut)
  char text[2][GB_TRACE_TEXT]; // a path the kernel read, or the bytes read or written
};

#endif // __ASSEMBLER__

#endif
