// Signals: kill, and what happens when one arrives.
//
// A signal's action is the default (terminate the process; SIGCHLD is
// ignored), ignore (SIG_IGN), or a handler function in the program. A
// terminating signal marks the process `killed`; it dies at its next return
// to user mode (a waiting thread is woken for that). A handled signal is
// marked pending and, on the way back to user mode, delivered: the kernel
// saves the thread's user registers in a frame on its user stack and starts
// the handler there, with the signal number as argument and a return
// address pointing at libc's restorer, which calls sigreturn to put the
// saved registers back. A system call a signal interrupts returns -EINTR,
// or, if the action has SA_RESTART, is made again after the handler.
// Faults (SIGSEGV, SIGILL, SIGFPE from the CPU) always terminate: a handler
// returning to the faulting instruction would only fault again.
//
// Job control: the default action of SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU
// is to stop the process. The stop is taken on the way back to user mode,
// as a fatal signal is: each thread that gets there becomes Stopped and
// leaves the CPU until SIGCONT (which continues the process whatever its
// action is) or a fatal signal. The parent hears of it through waitpid
// with WUNTRACED (and of the continue with WCONTINUED). A system call the
// stop interrupted is made again when the process continues, as Linux
// restarts one that no handler saw. SIGSTOP, like SIGKILL, can be neither
// caught, nor ignored, nor blocked.
//
// sigaction sets an action with its flags and its mask. A blocked signal
// (sigprocmask, or the mask while a handler runs: the signal itself and
// sa_mask) stays pending, interrupting nothing, until it is unblocked; its
// action is taken then, whatever it is. SIGKILL cannot be blocked. The mask
// is the process's (Linux keeps one per thread).

#include "types.h"
#include "defs.h"
#include "mmu.h"
#include "param.h"
#include "errno.h"
#include "proc.h"
#include "x86.h"

// What the kernel pushes on the user stack to run a handler (lowest address
// first): the handler's return address and argument, then the registers to
// restore. The restorer runs with esp just past `ret`, i.e. at `sig`.
struct sigframe {
  uint ret;                  // libc's restorer
  int sig;                   // the handler's argument
  uint edi;
  uint esi;
  uint ebp;
  uint ebx;
  uint edx;
  uint ecx;
  uint eax;
  uint eip;
  uint eflags;
  uint esp;
  uint blocked;              // the mask to restore
};

#define SIGBIT(sig) (1u << (sig))

// `int 0x80` is one 4-byte header word on this machine (the vector in its
// I8 field: vm/isa/isa.ts), so SA_RESTART backs eip up by 4.
#define SYSCALL_INSN_LEN 4
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define STOP_SIGNALS (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))

// A signal's sa_flags, kept as one bit per signal in three words.
static uint get_flags(struct proc *p, int sig) {
  uint flags = 0;
  if (p->sigrestart & SIGBIT(sig)) flags |= SA_RESTART;
  if (p->sigresethand & SIGBIT(sig)) flags |= SA_RESETHAND;
  if (p->signodefer & SIGBIT(sig)) flags |= SA_NODEFER;
  if (p->sighandler[sig] > SIG_IGN_VALUE) flags |= SA_RESTORER;
  return flags;
}

static void set_flags(struct proc *p, int sig, uint flags) {
  p->sigrestart = (p->sigrestart & ~SIGBIT(sig)) | ((flags & SA_RESTART) ? SIGBIT(sig) : 0);
  p->sigresethand = (p->sigresethand & ~SIGBIT(sig)) | ((flags & SA_RESETHAND) ? SIGBIT(sig) : 0);
  p->signodefer = (p->signodefer & ~SIGBIT(sig)) | ((flags & SA_NODEFER) ? SIGBIT(sig) : 0);
}

// eflags bits user code may change: CF PF AF ZF SF DF OF.
#define FL_USER 0x00000CD5

extern struct proc *initproc;

// A handled signal or a stop is waiting to be delivered.
int signal_pending(struct proc *p) {
  return p->killed != 0 || p->stop_sig != 0 || p->stopped || (p->sigpending & ~p->sigblocked) != 0;
}

static void wake_waiting(struct proc *p) {
  struct thread *t;
  for (t = p->threads; t; t = t->next_in_proc) {
    if (t->state == PSTATE_WAITING) {
      t->interrupted = 1;
      t->chan = 0;
      make_ready(t);
    }
  }
}

// Would sig, sent now, stop p? (Its action is the default and it is not blocked.)
int signal_would_stop(struct proc *p, int sig) {
  if (!(STOP_SIGNALS & SIGBIT(sig))) return 0;
  if (sig == SIGSTOP) return 1;
  return p->sighandler[sig] == SIG_DFL_VALUE && !(p->sigblocked & SIGBIT(sig));
}

// Tell p's parent that p stopped or continued (wait status report).
static void report_to_parent(struct proc *p, int report) {
  p->wait_report = report;
  if (!p->parent) return;
  wakeup(p->parent);
  send_signal(p->parent, SIGCHLD, p->pid);
}

// p goes on: its Stopped threads are Ready again (SIGCONT, or a fatal signal).
void proc_continue(struct proc *p) {
  struct thread *t;
  p->stopped = 0;
  for (t = p->threads; t; t = t->next_in_proc) {
    if (t->state == PSTATE_STOPPED) make_ready(t);
  }
}

// SIGCONT, whatever its action: a pending stop is dropped and a stopped
// process continues.
static void continue_signal(struct proc *p) {
  p->stop_sig = 0;
  p->sigpending &= ~STOP_SIGNALS;
  if (!p->stopped) return;
  proc_continue(p);
  report_to_parent(p, W_CONTINUED);
}

// Deliver sig to p as its action says (init ignores everything, as on Unix).
void send_signal(struct proc *p, int sig, int sender) {
  uint action;
  if (sig <= 0 || sig >= NSIG || p == initproc || p->state == PSTATE_ZOMBIE) return;
  if (sig == SIGCONT) continue_signal(p);
  action = (sig == SIGKILL || sig == SIGSTOP) ? SIG_DFL_VALUE : p->sighandler[sig];
  if (action == SIG_IGN_VALUE || (action == SIG_DFL_VALUE && (sig == SIGCHLD || sig == SIGCONT))) return;
  trace(TR_SIGNAL, p->pid, sig, sender);
  if (STOP_SIGNALS & SIGBIT(sig)) p->sigpending &= ~SIGBIT(SIGCONT);
  if (p->sigblocked & SIGBIT(sig)) {
    p->sigpending |= SIGBIT(sig);      // taken when unblocked; wakes nobody now
    return;
  }
  if (action == SIG_DFL_VALUE && (STOP_SIGNALS & SIGBIT(sig))) {
    if (!p->stopped) p->stop_sig = sig;
  } else if (action == SIG_DFL_VALUE) {
    if (p->killed == 0) p->killed = sig;
    if (p->stopped) proc_continue(p);  // it must run to die
  } else {
    p->sigpending |= 1u << sig;
  }
  wake_waiting(p);
}

// A fault the CPU reported: always fatal.
void fault_signal(struct proc *p, int sig) {
  if (p->killed == 0) p->killed = sig;
}

// Send sig to every process in group pgid. Returns how many there were.
int signal_group(int pgid, int sig) {
  int i;
  int n = 0;
  for (i = 0; i < proc_top; i++) {
    if (proc_table[i].state != PSTATE_UNUSED && proc_table[i].pgid == pgid) {
      send_signal(&proc_table[i], sig, curproc ? curproc->pid : 0);
      n++;
    }
  }
  return n;
}

// kill(2): pid > 0 one process, 0 the caller's group, -1 everyone but init
// and the caller, < -1 group -pid. Signal 0 only checks that the target exists.
int kill(int pid, int sig) {
  struct proc *p;
  int i;
  int n = 0;
  if (sig < 0 || sig >= NSIG) return -EINVAL;
  if (pid > 0) {
    p = find_proc(pid);
    if (!p) return -ESRCH;
    if (sig) send_signal(p, sig, curproc->pid);
    return 0;
  }
  if (pid == -1) {
    for (i = 0; i < proc_top; i++) {
      p = &proc_table[i];
      if (p->state == PSTATE_UNUSED || p == initproc || p == curproc) continue;
      if (sig) send_signal(p, sig, curproc->pid);
      n++;
    }
    return n > 0 ? 0 : -ESRCH;
  }
  n = signal_group(pid == 0 ? curproc->pgid : -pid, sig);
  return n > 0 ? 0 : -ESRCH;
}

// Start the handler for sig in the current thread: push a sigframe on its
// user stack. A stack that cannot take it kills the process (SIGSEGV).
// The handler's mask and flags take effect as it starts: SA_RESTART turns
// an interrupted call's -EINTR into the call made again (eip back over the
// int 0x80, eax its number).
static void run_handler(struct trapframe *tf, int sig) {
  struct sigframe f;
  struct proc *p = curproc;
  uint flags = get_flags(p, sig);
  uint sp = (tf->esp - sizeof(struct sigframe)) & ~15u;
  f.ret = curproc->sigrestorer;
  f.sig = sig;
  f.edi = tf->edi;
  f.esi = tf->esi;
  f.ebp = tf->ebp;
  f.ebx = tf->ebx;
  f.edx = tf->edx;
  f.ecx = tf->ecx;
  f.eax = tf->eax;
  f.eip = tf->eip;
  f.eflags = tf->eflags;
  f.esp = tf->esp;
  f.blocked = p->sigblocked;
  if ((flags & SA_RESTART) && tf->trapno == T_SYSCALL && (int)tf->eax == -EINTR) {
    f.eip = tf->eip - SYSCALL_INSN_LEN;
    f.eax = curthread->syscall_num;
  }
  if (sp < USER_BASE || copyout(p->pgdir, sp, &f, sizeof(f)) < 0) {
    fault_signal(p, SIGSEGV);
    return;
  }
  tf->esp = sp;
  tf->eip = p->sighandler[sig];
  p->sigblocked |= (p->sigactmask[sig] | ((flags & SA_NODEFER) ? 0 : SIGBIT(sig))) & ~UNBLOCKABLE;
  if (flags & SA_RESETHAND) {
    p->sighandler[sig] = SIG_DFL_VALUE;
    set_flags(p, sig, 0);
  }
}

// Stop the current thread here, on its way back to user mode, until the
// process is continued: the first thread to get here stops the process and
// tells the parent; the others are woken to come and stop too. A system
// call that only the stop interrupted is made again afterwards.
static void stop_here(struct trapframe *tf) {
  struct proc *p = curproc;
  int interrupted_call = tf->trapno == T_SYSCALL && (int)tf->eax == -EINTR;
  if (p->stop_sig) {
    p->stopped = 1;
    report_to_parent(p, W_STOPCODE(p->stop_sig));
    p->stop_sig = 0;
    wake_waiting(p);
  }
  while (p->stopped && !p->killed) {
    set_state(curthread, PSTATE_STOPPED);
    sched();
  }
  if (p->killed) exit_proc(p->killed & 0x7F);
  if (interrupted_call && (p->sigpending & ~p->sigblocked) == 0) {
    tf->eip -= SYSCALL_INSN_LEN;
    tf->eax = curthread->syscall_num;
  }
}

// On the way back to user mode: die of a fatal signal, stop, or take the
// action of one pending, unblocked signal (the lowest-numbered): its
// handler, or the default for one that was blocked when it came.
void signal_deliver(struct trapframe *tf) {
  int sig;
  uint ready;
  uint action;
  if (curproc->killed) exit_proc(curproc->killed & 0x7F);
  if (curproc->stop_sig || curproc->stopped) stop_here(tf);
  ready = curproc->sigpending & ~curproc->sigblocked;
  if (ready == 0) return;
  for (sig = 1; sig < NSIG; sig++) {
    if (ready & SIGBIT(sig)) break;
  }
  curproc->sigpending &= ~SIGBIT(sig);
  action = curproc->sighandler[sig];
  if (action > SIG_IGN_VALUE) {
    run_handler(tf, sig);
  } else if (action == SIG_DFL_VALUE && (STOP_SIGNALS & SIGBIT(sig))) {
    curproc->stop_sig = sig;
    stop_here(tf);
  } else if (action == SIG_DFL_VALUE && sig != SIGCHLD && sig != SIGCONT) {
    exit_proc(sig);
  }
}

// exec: handlers point into the old program, so they go back to the
// default; ignored signals stay ignored (POSIX).
void signal_exec_reset(struct proc *p) {
  int sig;
  for (sig = 0; sig < NSIG; sig++) {
    if (p->sighandler[sig] != SIG_IGN_VALUE) p->sighandler[sig] = SIG_DFL_VALUE;
  }
  p->sigrestorer = 0;
  p->sigpending = 0;
  memset(p->sigactmask, 0, sizeof(p->sigactmask));
  p->sigrestart = 0;
  p->sigresethand = 0;
  p->signodefer = 0;
}

// signal(sig, handler, restorer): handler is SIG_DFL (0), SIG_IGN (1) or a
// function; a function needs the restorer (libc passes its own). Returns
// the previous handler. SIGKILL cannot be caught or ignored.
int sys_signal(void) {
  int sig = argint(0);
  uint handler = arguint(1);
  uint restorer = arguint(2);
  uint old;
  if (sig <= 0 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP) return -EINVAL;
  if (handler > SIG_IGN_VALUE) {
    if (handler < USER_BASE || handler >= USER_TOP || restorer < USER_BASE || restorer >= USER_TOP) return -EFAULT;
    curproc->sigrestorer = restorer;
  }
  old = curproc->sighandler[sig];
  curproc->sighandler[sig] = handler;
  curproc->sigactmask[sig] = 0;
  set_flags(curproc, sig, 0);
  if (handler <= SIG_IGN_VALUE) curproc->sigpending &= ~(1u << sig);
  return (int)old;
}

// sigaction(sig, act, oldact): either may be null. act's handler is
// checked as signal()'s is, and needs its sa_restorer; SA_SIGINFO is
// refused. The old action comes back with the restorer in use.
int sys_sigaction(void) {
  int sig = argint(0);
  uint uact = arguint(1);
  uint uold = arguint(2);
  struct sigaction act;
  struct sigaction old;
  uint handler;
  if (sig <= 0 || sig >= NSIG) return -EINVAL;
  if (uact && copyin(curproc->pgdir, &act, uact, sizeof(act)) < 0) return -EFAULT;
  old.sa_handler = (void (*)(int))curproc->sighandler[sig];
  old.sa_mask = curproc->sigactmask[sig];
  old.sa_flags = get_flags(curproc, sig);
  old.sa_restorer = (void (*)(void))curproc->sigrestorer;
  if (uold && copyout(curproc->pgdir, uold, &old, sizeof(old)) < 0) return -EFAULT;
  if (!uact) return 0;
  handler = (uint)act.sa_handler;
  if (sig == SIGKILL || sig == SIGSTOP || (act.sa_flags & SA_SIGINFO)) return -EINVAL;
  if (handler > SIG_IGN_VALUE) {
    uint restorer = (uint)act.sa_restorer;
    if (handler < USER_BASE || handler >= USER_TOP || restorer < USER_BASE || restorer >= USER_TOP) return -EFAULT;
    curproc->sigrestorer = restorer;
  }
  curproc->sighandler[sig] = handler;
  curproc->sigactmask[sig] = act.sa_mask & ~UNBLOCKABLE;
  set_flags(curproc, sig, act.sa_flags);
  if (handler <= SIG_IGN_VALUE) curproc->sigpending &= ~SIGBIT(sig);
  return 0;
}

// sigprocmask(how, set, oldset): block (SIG_BLOCK), unblock (SIG_UNBLOCK)
// or replace (SIG_SETMASK) the blocked signals; either pointer may be null.
// Signals it unblocks are taken on the way back to user mode.
int sys_sigprocmask(void) {
  int how = argint(0);
  uint uset = arguint(1);
  uint uold = arguint(2);
  uint set;
  uint old = curproc->sigblocked;
  if (uset && copyin(curproc->pgdir, &set, uset, sizeof(set)) < 0) return -EFAULT;
  if (uset && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK) return -EINVAL;
  if (uold && copyout(curproc->pgdir, uold, &old, sizeof(old)) < 0) return -EFAULT;
  if (!uset) return 0;
  if (how == SIG_BLOCK) curproc->sigblocked |= set;
  else if (how == SIG_UNBLOCK) curproc->sigblocked &= ~set;
  else curproc->sigblocked = set;
  curproc->sigblocked &= ~UNBLOCKABLE;
  return 0;
}

// sigreturn(): the restorer's call when a handler returns; esp points at the
// frame's `sig` field. Puts back the saved registers (eflags only in the
// bits user code may change). A frame that cannot be read kills the process.
int sys_sigreturn(void) {
  struct trapframe *tf = curthread->tf;
  struct sigframe f;
  if (copyin(curproc->pgdir, &f, tf->esp - 4, sizeof(f)) < 0) {
    fault_signal(curproc, SIGSEGV);
    return -EFAULT;
  }
  tf->edi = f.edi;
  tf->esi = f.esi;
  tf->ebp = f.ebp;
  tf->ebx = f.ebx;
  tf->edx = f.edx;
  tf->ecx = f.ecx;
  tf->eip = f.eip;
  tf->eflags = (f.eflags & FL_USER) | FL_IF | 2;
  tf->esp = f.esp;
  curproc->sigblocked = f.blocked & ~UNBLOCKABLE;
  return (int)f.eax;          // syscall() stores this in tf->eax
}

int sys_kill(void) {
  return kill(argint(0), argint(1));
}
