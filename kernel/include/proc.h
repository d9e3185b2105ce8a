// Processes and threads.
//
// A process is an address space plus resources: page directory, regions
// (code, data, heap, stack), open files, current directory, parent, exit
// status. A thread is a flow of execution inside it: a kernel stack, a trap
// frame (the user registers saved on kernel entry) and a context (the kernel
// registers saved by swtch). The scheduler runs threads. A process starts
// with one thread (its tid is the pid); clone() adds threads that share
// everything but their registers and stacks. A fault or a fatal signal in
// any thread ends the whole process.
//
// States follow the article: New (being built by fork/exec), Ready (on the
// ready queue), Running (on the CPU), Waiting (blocked: console input, wait,
// sleep), Terminated (a zombie: only the exit status is left, until the
// parent collects it with waitpid). For job control a process can also be
// Stopped (SIGTSTP from Ctrl-Z, SIGSTOP, SIGTTIN) until SIGCONT. A thread
// has the same states (a zombie thread waits for a join); a process's state
// sums up its threads'.

#ifndef GLASSBOX_PROC_H
#define GLASSBOX_PROC_H

#include "types.h"
#include "param.h"
#include "trace.h"
#include "abi.h"

// Registers saved on the kernel stack on every trap, in the order the entry
// code (trapasm.s) pushes them: the CPU pushes ss, esp (from ring 3 only),
// eflags, cs, eip; the stub an error code (or 0) and the vector; alltraps
// the general registers.
struct trapframe {
  uint edi;
  uint esi;
  uint ebp;
  uint ebx;
  uint edx;
  uint ecx;
  uint eax;
  uint trapno;
  uint err;
  uint eip;
  uint cs;
  uint eflags;
  uint esp;                  // only when the trap came from ring 3
  uint ss;
};

// Kernel registers saved by swtch: callee-saved registers and the return
// address, lowest address first. The saved stack pointer is the context's address.
struct context {
  uint edi;
  uint esi;
  uint ebx;
  uint ebp;
  uint eip;
};

struct proc;

struct thread {
  struct proc *proc;         // first field
  int tid;                   // thread id (the pid for a process's first thread); MUST stay at offset 4 (trapasm.s)
  int state;                 // PSTATE_*
  struct thread *next_in_proc; // the process's thread list
  int exit_value;            // what it passed to exit(), for the join
  int joining;               // another thread is waiting in join for it
  char *kstack;              // bottom of its kernel stack (KSTACKSIZE bytes)
  struct context *context;   // saved by swtch while not running
  struct trapframe *tf;      // the user registers (top of the kernel stack)
  struct thread *next_ready; // ready-queue link
  void *chan;                // what it waits for while Waiting (0 = nothing)
  uint wake_tick;            // for nanosleep: wake when ticks reaches this (0 = none)
  int interrupted;           // a signal woke it before its event happened
  uint syscall_num;          // the system call it is making (SA_RESTART makes it again)
  int tracing;               // its process is traced and `trace_rec` is the call in progress
  struct gb_trace_record trace_rec;
};

// One region of the user address space (see abi.h struct gb_region).
struct region {
  uint start;
  uint end;
};

struct file;
struct inode;

struct proc {
  int pid;
  int state;                 // PSTATE_*: the process's state (its thread's, or Zombie)
  struct proc *parent;
  int pgid;                  // process group (Ctrl-C goes to the console's foreground group)
  char name[GB_NAME_LEN];    // the program's base name
  char exe_path[64];         // the path it was started from (for traces)
  pde_t *pgdir;              // kernel virtual address of its page directory
  struct region code;        // read-only, from the executable (shared between processes)
  struct region data;        // .data + .bss
  uint heap_start;           // end of .bss: the initial break
  uint brk;                  // current break (heap = [heap_start, brk))
  uint stack_low;            // lowest mapped stack address (the stack is [stack_low, USER_TOP))
  uint sighandler[NSIG];     // per signal: SIG_DFL_VALUE, SIG_IGN_VALUE or a user handler's address
  uint sigrestorer;          // user code that calls sigreturn when a handler returns
  uint sigpending;           // bit n: signal n waits for its handler to run (or to be unblocked)
  uint sigblocked;           // bit n: signal n is blocked (sigprocmask, and while handlers run)
  uint sigactmask[NSIG];     // per signal: sa_mask, blocked while its handler runs
  uint sigrestart;           // bit n: signal n's action has SA_RESTART
  uint sigresethand;         // ... SA_RESETHAND
  uint signodefer;           // ... SA_NODEFER
  int killed;                // a signal number to die of at the next return to user mode (0 = none)
  int exit_status;           // wait status once a zombie (WIFEXITED/WIFSIGNALED encoding)
  uint cycles_lo;            // CPU time in cycles, 64-bit
  uint cycles_hi;
  uint sys_cycles[2];        // the part of it spent in the kernel (lo, hi); the rest ran in user mode
  uint child_cycles[2];      // CPU time of its reaped children (and theirs), for wait4's rusage
  uint child_sys_cycles[2];  // ... of which in the kernel
  uint start_cycles[2];      // the cycle counter when it was created (fork), for ps's START
  char cmdline[GB_CMDLINE_LEN]; // its arguments, joined by spaces (cut short), for ps's COMMAND
  struct file *ofile[NOFILE];
  struct inode *cwd;
  struct thread *threads;    // its threads, first thread first
  int nthreads;              // threads that have not exited
  int traced;                // its system calls go to the tracer (systrace.c); inherited by fork
  int stop_sig;              // a stop signal to act on at the next return to user mode (0 = none)
  int stopped;               // stopped (its threads Stopped as they reach user mode) until SIGCONT
  int wait_report;           // a stop or continue for waitpid's WUNTRACED / WCONTINUED (0 = none)
};

extern struct proc proc_table[NPROC];
extern int proc_top;         // proc_table[proc_top..NPROC) has always been Unused (proc.c)
extern struct thread *curthread;
extern struct proc *curproc;
extern uint ticks;

#endif
