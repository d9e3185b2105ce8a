// Processes, threads and the scheduler.
//
// The process table holds NPROC slots, the thread table NTHREAD, each
// thread with its kernel stack. The scheduler is preemptive round-robin over
// a FIFO ready queue of threads: the timer interrupt (every quantum) moves the running thread to
// the back of the queue; blocking (console input, waitpid, nanosleep) takes
// it off the CPU until wakeup() makes it ready again.
//
// The kernel itself is never preempted: traps and interrupts enter through
// interrupt gates (IF = 0) and the kernel keeps interrupts off, except while
// idle (nothing ready), when it waits for an interrupt with sti; hlt.
//
// The context switch follows the article's seven steps, each a global symbol
// a debugger can stop at and a trace event (trace.h):
//   1 ctxsw_1_interrupt     timer interrupt taken               trapasm.s
//   2 ctxsw_2_save          current state saved (trap frame)    trapasm.s
//   3 ctxsw_3_enqueue       current put on the ready queue      here
//   4 ctxsw_4_pick_next     scheduler picks the next            here
//   5 ctxsw_5_restore       its state restored (stack, regs)    swtch.s
//   6 ctxsw_6_page_table    page table switched: CR3 write      swtch.s
//   7 ctxsw_7_resume        execution resumed: iret             trapasm.s

#include "types.h"
#include "defs.h"
#include "mmu.h"
#include "x86.h"
#include "param.h"
#include "errno.h"
#include "proc.h"
#include "fs.h"

struct proc proc_table[NPROC] __attribute__((aligned(4096)));
static struct thread threads[NTHREAD] __attribute__((aligned(4096)));
static char kstacks[NTHREAD][KSTACKSIZE] __attribute__((aligned(4096)));

// Slots are taken lowest first, so a search for used slots need not look
// past the highest one ever taken: proc_table[proc_top..NPROC) and
// threads[thread_top..NTHREAD) have always been Unused. With a handful of
// processes, wakeup() (once per byte typed, per pipe transfer) and wait()
// look at a handful of slots instead of 256 and 128.
int proc_top;
static int thread_top;

struct thread *curthread;        // the thread on the CPU (or the one whose stack the idle loop borrows)
struct proc *curproc;            // curthread->proc
struct proc *initproc;
uint ticks;                      // timer interrupts since boot
int ctxsw_resume_pending;        // set by swtch; trapret then resumes through ctxsw_7_resume
uint timer_quantum;              // cycles per tick

static struct thread *ready_head;
static struct thread *ready_tail;
static int ready_len;
static int next_pid = 1;
static uint run_start[2];        // cycle counter when curthread got the CPU
static int timer_running;
static int nsleepers;            // threads in nanosleep

extern void trapret(void);

// ---------------------------------------------------------------------------
// States and the ready queue

// A process's state from its threads': Running if one runs, else Ready if
// one is ready, else New, Stopped or Waiting; Zombie when none is left alive.
static int summary_state(struct proc *p) {
  struct thread *t;
  int best = PSTATE_ZOMBIE;
  for (t = p->threads; t; t = t->next_in_proc) {
    if (t->state == PSTATE_RUNNING) return PSTATE_RUNNING;
    if (t->state == PSTATE_READY) best = PSTATE_READY;
    else if (t->state == PSTATE_NEW && best != PSTATE_READY) best = PSTATE_NEW;
    else if (t->state == PSTATE_STOPPED && (best == PSTATE_WAITING || best == PSTATE_ZOMBIE)) best = PSTATE_STOPPED;
    else if (t->state == PSTATE_WAITING && best == PSTATE_ZOMBIE) best = PSTATE_WAITING;
  }
  return best;
}

// Record a state change of thread t (and so of its process).
void set_state(struct thread *t, int state) {
  trace(TR_STATE, t->tid, t->state, state);
  t->state = state;
  t->proc->state = summary_state(t->proc);
}

// Step 3: put t at the back of the ready queue.
void ctxsw_3_enqueue(struct thread *t) {
  t->next_ready = 0;
  if (ready_tail) ready_tail->next_ready = t;
  else ready_head = t;
  ready_tail = t;
  ready_len++;
  trace(TR_CS_ENQUEUE, t->tid, ready_len, 0);
}

// Step 4: take the thread at the front of the ready queue (0 if none).
struct thread *ctxsw_4_pick_next(void) {
  struct thread *t = ready_head;
  if (!t) return 0;
  ready_head = t->next_ready;
  if (!ready_head) ready_tail = 0;
  ready_len--;
  t->next_ready = 0;
  trace(TR_CS_PICK, t->tid, curthread ? curthread->tid : 0, 0);
  return t;
}

// Mark t Ready and queue it. A thread is on the queue at most once: queued
// twice, the list would loop.
void make_ready(struct thread *t) {
  if (t->state == PSTATE_READY) panic("make_ready: the thread is already on the ready queue");
  set_state(t, PSTATE_READY);
  ctxsw_3_enqueue(t);
}

// Take t off the ready queue if it is there.
static void ready_remove(struct thread *t) {
  struct thread *prev = 0;
  struct thread *cur = ready_head;
  while (cur && cur != t) {
    prev = cur;
    cur = cur->next_ready;
  }
  if (!cur) return;
  if (prev) prev->next_ready = t->next_ready;
  else ready_head = t->next_ready;
  if (ready_tail == t) ready_tail = prev;
  t->next_ready = 0;
  ready_len--;
}

// ---------------------------------------------------------------------------
// CPU time
//
// The cycles since run_start are charged to the running process at each
// switch (and when ps or clock_gettime asks). The part of them spent in
// the kernel is its system time; the rest ran its own code in user mode,
// as Unix splits it. kernel_since marks where the kernel's part began: the
// last trap from user mode, or the last charge. The trap entry and exit
// (trapasm.s) keep it: a trap from user mode stamps it, and the return to
// user mode adds the cycles since to the process's sys_cycles, so a
// system call pays two rdtsc and one 64-bit add (a dozen cycles) for the split.

uint kernel_since;               // low word of the cycle counter when kernel time began

static void add64(uint *lohi, uint delta) {
  uint lo = lohi[0] + delta;
  if (lo < lohi[0]) lohi[1]++;
  lohi[0] = lo;
}

// Charge the cycles since run_start to p (0: nobody, the idle loop), those
// since kernel_since as system time too, and restart both counts. Called
// in the kernel only: run_start <= kernel_since <= now.
static void account(struct proc *p) {
  uint now[2];
  uint total[2];
  rdtsc(now);
  if (p) {
    total[0] = p->cycles_lo;
    total[1] = p->cycles_hi;
    add64(total, now[0] - run_start[0]);     // a quantum is far below 2^32 cycles
    p->cycles_lo = total[0];
    p->cycles_hi = total[1];
    add64(p->sys_cycles, now[0] - kernel_since);
  }
  run_start[0] = now[0];
  run_start[1] = now[1];
  kernel_since = now[0];
}

// ---------------------------------------------------------------------------
// The timer

static void timer_start(void) {
  if (!timer_running) {
    outl(PORT_TIMER_PERIOD, timer_quantum);
    timer_running = 1;
  }
}

static void timer_stop(void) {
  if (timer_running) {
    outl(PORT_TIMER_PERIOD, 0);
    timer_running = 0;
  }
}

// Timer interrupt: count the tick and wake sleepers whose time has come.
void timer_tick(void) {
  int i;
  ticks++;
  if (nsleepers == 0) return;
  for (i = 0; i < thread_top; i++) {
    if (threads[i].wake_tick != 0 && threads[i].state == PSTATE_WAITING &&
        (int)(ticks - threads[i].wake_tick) >= 0) {
      threads[i].chan = 0;
      make_ready(&threads[i]);
    }
  }
}

// Nothing is ready: wait for an interrupt. With no sleepers the timer is
// stopped, so the machine reports "idle" to the host until input arrives.
static void idle(void) {
  if (nsleepers == 0) timer_stop();
  else timer_start();
  sti_hlt_cli();
  timer_start();
}

// ---------------------------------------------------------------------------
// Switching

// Give the CPU to the next ready thread. The caller has already moved the
// current thread out of Running (to Ready and the queue, Waiting or Zombie).
// Returns when the current thread is picked again. Interrupts are off: a
// timer interrupt in the middle would switch again with the queue half-done.
void sched(void) {
  struct thread *prev = curthread;
  struct thread *next;
  uint cr3;
  if (readeflags() & FL_IF) panic("sched: interrupts enabled");
  if (prev->state == PSTATE_RUNNING) panic("sched: the current thread is still Running");
  account(curproc);
  while ((next = ctxsw_4_pick_next()) == 0) idle();
  account(0);                    // idle time is nobody's CPU time
  if (next->state != PSTATE_READY) panic("sched: picked a thread that is not Ready");
  if (next->context == 0) panic("sched: the picked thread has no saved context");
  set_state(next, PSTATE_RUNNING);
  if (next == prev) return;
  tss_set_esp0((uint)next->kstack + KSTACKSIZE);
  cr3 = next->proc->pgdir == prev->proc->pgdir ? 0 : proc_cr3(next->proc);
  curthread = next;
  curproc = next->proc;
  swtch(&prev->context, next->context, cr3, next->tid);
}

// The timer preempted the running thread: back of the queue, run the next.
void yield(void) {
  make_ready(curthread);
  sched();
}

// Block the current thread until wakeup(chan). Returns 0, or -EINTR when a
// signal ended the wait.
int sleep_on(void *chan) {
  struct thread *t = curthread;
  if (signal_pending(t->proc)) return -EINTR;
  t->chan = chan;
  set_state(t, PSTATE_WAITING);
  sched();
  t->chan = 0;
  if (t->interrupted) {
    t->interrupted = 0;
    return -EINTR;
  }
  return 0;
}

// Make every thread waiting on chan ready.
void wakeup(void *chan) {
  int i;
  for (i = 0; i < thread_top; i++) {
    if (threads[i].state == PSTATE_WAITING && threads[i].chan == chan) {
      threads[i].chan = 0;
      make_ready(&threads[i]);
    }
  }
}

// Sleep for n ticks (n >= 1). 0, or -EINTR.
int sleep_ticks(uint n) {
  struct thread *t = curthread;
  int r;
  t->wake_tick = ticks + n;
  if (t->wake_tick == 0) t->wake_tick = 1;
  nsleepers++;
  r = sleep_on(&ticks);
  nsleepers--;
  t->wake_tick = 0;
  return r;
}

// ---------------------------------------------------------------------------
// Process slots

// A free thread slot for p, in state New, with its kernel stack laid out to
// start in trapret with the (still empty) trap frame; 0 if the table is full.
static struct thread *alloc_thread(struct proc *p, int tid) {
  int i;
  struct thread *t;
  struct thread **tail;
  char *sp;
  for (i = 0; i < NTHREAD; i++) {
    if (threads[i].state == PSTATE_UNUSED) break;
  }
  if (i == NTHREAD) return 0;
  if (i >= thread_top) thread_top = i + 1;
  t = &threads[i];
  memset(t, 0, sizeof(struct thread));
  t->proc = p;
  t->tid = tid;
  t->kstack = kstacks[i];
  sp = t->kstack + KSTACKSIZE;
  sp -= sizeof(struct trapframe);
  t->tf = (struct trapframe *)sp;
  memset(t->tf, 0, sizeof(struct trapframe));
  sp -= sizeof(struct context);
  t->context = (struct context *)sp;
  memset(t->context, 0, sizeof(struct context));
  t->context->eip = (uint)trapret;
  for (tail = &p->threads; *tail; tail = &(*tail)->next_in_proc)
    ;
  *tail = t;
  p->nthreads++;
  set_state(t, PSTATE_NEW);
  return t;
}

// Return a thread slot that is not running (it may be queued or waiting:
// it is simply never resumed; it holds no locks, and nothing but a sleep
// counter to give back).
static void free_thread(struct thread *t) {
  struct thread **link;
  if (t->state == PSTATE_READY) ready_remove(t);
  if (t->wake_tick != 0) nsleepers--;
  for (link = &t->proc->threads; *link; link = &(*link)->next_in_proc) {
    if (*link == t) {
      *link = t->next_in_proc;
      break;
    }
  }
  t->state = PSTATE_UNUSED;
  t->proc = 0;
}

// End every thread of p but `keep` (exit, exec, a fatal signal).
void kill_other_threads(struct proc *p, struct thread *keep) {
  struct thread *t = p->threads;
  struct thread *next;
  while (t) {
    next = t->next_in_proc;
    if (t != keep) free_thread(t);
    t = next;
  }
  p->nthreads = 1;
}

// A free slot in state New with a fresh pid and its first thread (tid =
// pid). 0 if the process or thread table is full.
struct proc *alloc_proc(void) {
  int i;
  struct proc *p;
  for (i = 0; i < NPROC; i++) {
    if (proc_table[i].state == PSTATE_UNUSED) break;
  }
  if (i == NPROC) return 0;
  if (i >= proc_top) proc_top = i + 1;
  p = &proc_table[i];
  memset(p, 0, sizeof(struct proc));
  p->pid = next_pid++;
  p->state = PSTATE_NEW;
  rdtsc(p->start_cycles);
  if (!alloc_thread(p, p->pid)) {
    p->state = PSTATE_UNUSED;
    p->pid = 0;
    return 0;
  }
  tlb_flush_pcid(proc_pcid(p));  // the slot's last process may have left entries under its PCID
  return p;
}

// A process's PCID: its slot's number, 1 up (PCID 0 is the boot directory's).
uint proc_pcid(struct proc *p) {
  return (uint)(p - proc_table) + 1;
}

// The cr3 value that switches to p's address space.
uint proc_cr3(struct proc *p) {
  return cr3_for(p->pgdir, proc_pcid(p));
}

// Return a slot to the table (its memory must be released already).
static void free_proc(struct proc *p) {
  while (p->threads) free_thread(p->threads);
  p->state = PSTATE_UNUSED;
  p->pid = 0;
  p->parent = 0;
  p->pgdir = 0;
}

struct proc *find_proc(int pid) {
  int i;
  if (pid <= 0) return 0;
  for (i = 0; i < proc_top; i++) {
    if (proc_table[i].state != PSTATE_UNUSED && proc_table[i].pid == pid) return &proc_table[i];
  }
  return 0;
}

// The base name of path, for the process's name.
void set_proc_name(struct proc *p, const char *path) {
  const char *base = path;
  const char *s;
  for (s = path; *s; s++) {
    if (*s == '/' && s[1] != 0) base = s + 1;
  }
  safestrcpy(p->name, base, GB_NAME_LEN);
}

// The arguments of the program p now runs, joined by spaces, as much as fits.
void set_proc_cmdline(struct proc *p, int argc, char **argv) {
  uint used = 0;
  uint len;
  int i;
  for (i = 0; i < argc && used + 1 < GB_CMDLINE_LEN; i++) {
    if (i > 0) p->cmdline[used++] = ' ';
    len = strlen(argv[i]);
    if (len > GB_CMDLINE_LEN - 1 - used) len = GB_CMDLINE_LEN - 1 - used;
    memmove(p->cmdline + used, argv[i], len);
    used += len;
  }
  p->cmdline[used] = 0;
}

// ---------------------------------------------------------------------------
// The first process

// Create pid 1 from the program at path and switch to it. Never returns.
void start_init(const char *path) {
  struct proc *p = alloc_proc();
  struct context *boot_context;
  char *argv[2];
  int r;
  if (!p) panic("start_init: no slot");
  initproc = p;
  p->pgdir = uvm_create();
  if (!p->pgdir) panic("start_init: out of memory");
  p->cwd = idup(rootdir);
  p->pgid = p->pid;
  curthread = p->threads;
  curproc = p;
  argv[0] = (char *)path;
  argv[1] = 0;
  r = exec_image(path, 1, argv, 0, 0);
  if (r < 0) {
    kprintf("start_init: cannot run %s (error %d)\n", path, -r);
    panic("no init");
  }
  set_state(p->threads, PSTATE_RUNNING);
  tss_set_esp0((uint)p->threads->kstack + KSTACKSIZE);
  account(0);
  timer_start();
  swtch(&boot_context, p->threads->context, 0, p->pid);
  panic("start_init: returned");
}

// ---------------------------------------------------------------------------
// fork, exit, wait, kill

// Duplicate the calling process: a copy of its address space (code pages
// shared, read-only), its open files and current directory. The child
// returns 0 from the system call; the parent gets the child's pid.
int fork(void) {
  struct proc *np;
  struct proc *p = curproc;
  int i;
  np = alloc_proc();
  if (!np) return -EAGAIN;
  np->pgdir = uvm_copy(p->pgdir);
  if (!np->pgdir) {
    free_proc(np);
    return -ENOMEM;
  }
  np->parent = p;
  np->pgid = p->pgid;
  np->traced = systrace_inherit(p);
  memmove(np->sighandler, p->sighandler, sizeof(p->sighandler));
  np->sigrestorer = p->sigrestorer;
  np->sigblocked = p->sigblocked;
  memmove(np->sigactmask, p->sigactmask, sizeof(p->sigactmask));
  np->sigrestart = p->sigrestart;
  np->sigresethand = p->sigresethand;
  np->signodefer = p->signodefer;
  memmove(np->name, p->name, GB_NAME_LEN);
  memmove(np->cmdline, p->cmdline, GB_CMDLINE_LEN);
  np->code = p->code;
  np->data = p->data;
  np->heap_start = p->heap_start;
  np->brk = p->brk;
  np->stack_low = p->stack_low;
  for (i = 0; i < NOFILE; i++) {
    if (p->ofile[i]) np->ofile[i] = filedup(p->ofile[i]);
  }
  np->cwd = idup(p->cwd);
  memmove(np->threads->tf, curthread->tf, sizeof(struct trapframe));
  np->threads->tf->eax = 0;
  trace(TR_FORK, p->pid, np->pid, 0);
  make_ready(np->threads);
  return np->pid;
}

// Terminate the current process with a wait status (see abi.h): release its
// memory and files, hand its children to init, and stay a zombie until the
// parent waits. Never returns.
void exit_proc(int wstatus) {
  struct proc *p = curproc;
  int i;
  int wake_init = 0;
  if (p == initproc) {
    kprintf("init exited with status 0x%x\n", wstatus);
    panic("init exited");
  }
  systrace_exit(p, wstatus);
  kill_other_threads(p, curthread);
  for (i = 0; i < NOFILE; i++) {
    if (p->ofile[i]) {
      fileclose(p->ofile[i]);
      p->ofile[i] = 0;
    }
  }
  if (p->cwd) iput(p->cwd);
  p->cwd = 0;
  uvm_clear(p->pgdir);
  for (i = 0; i < proc_top; i++) {
    if (proc_table[i].state != PSTATE_UNUSED && proc_table[i].parent == p) {
      proc_table[i].parent = initproc;
      trace(TR_REPARENT, proc_table[i].pid, p->pid, initproc->pid);
      if (proc_table[i].state == PSTATE_ZOMBIE) wake_init = 1;
      // Nobody is left to continue a stopped orphan: hang it up, as Unix
      // does an orphaned process group with stopped members.
      if (proc_table[i].stopped || proc_table[i].stop_sig) {
        send_signal(&proc_table[i], SIGHUP, p->pid);
        send_signal(&proc_table[i], SIGCONT, p->pid);
      }
    }
  }
  p->exit_status = wstatus;
  p->nthreads = 0;
  trace(TR_EXIT, p->pid, wstatus, 0);
  set_state(curthread, PSTATE_ZOMBIE);
  if (p->parent) wakeup(p->parent);
  if (wake_init) wakeup(initproc);
  sched();
  panic("exit_proc: zombie ran");
}

// A reaped child's CPU time (its own and its reaped descendants') goes to
// its parent's children's total; *ru gets it, user and kernel apart.
static void collect_times(struct proc *parent, struct proc *child, struct rusage *ru) {
  uint total[2];
  uint sys[2];
  uint user[2];
  struct timespec t;
  total[0] = child->cycles_lo + child->child_cycles[0];
  total[1] = child->cycles_hi + child->child_cycles[1] + (total[0] < child->cycles_lo);
  sys[0] = child->sys_cycles[0] + child->child_sys_cycles[0];
  sys[1] = child->sys_cycles[1] + child->child_sys_cycles[1] + (sys[0] < child->sys_cycles[0]);
  user[0] = total[0] - sys[0];
  user[1] = total[1] - sys[1] - (total[0] < sys[0]);
  add64(parent->child_cycles, total[0]);
  parent->child_cycles[1] += total[1];
  add64(parent->child_sys_cycles, sys[0]);
  parent->child_sys_cycles[1] += sys[1];
  memset(ru, 0, sizeof(struct rusage));
  cycles_to_timespec(user, &t);
  ru->ru_utime.tv_sec = t.tv_sec;
  ru->ru_utime.tv_usec = t.tv_nsec / 1000;
  cycles_to_timespec(sys, &t);
  ru->ru_stime.tv_sec = t.tv_sec;
  ru->ru_stime.tv_usec = t.tv_nsec / 1000;
}

// Wait for a child to terminate: pid > 0 that child, -1 any child, 0 any in
// the caller's group, < -1 any in group -pid. Stores the wait status at the
// user address ustatus and the child's resource usage at urusage (each if
// nonzero). With WUNTRACED a child that stopped is reported too (once per
// stop), with WCONTINUED one that was continued; such a child stays.
// Returns the child's pid, 0 with WNOHANG when none has terminated yet,
// -ECHILD, -EFAULT or -EINTR.
// Has p a stop or continue to report that options ask for?
static int wants_report(struct proc *p, int options) {
  if (p->wait_report == 0) return 0;
  if (WIFCONTINUED(p->wait_report)) return (options & WCONTINUED) != 0;
  return (options & WUNTRACED) != 0;
}

int wait_child(int pid, uint ustatus, int options, uint urusage) {
  struct proc *p;
  int i;
  int havekids;
  int cpid;
  int status;
  struct rusage ru;
  if (ustatus && !uaccess_ok(curproc->pgdir, ustatus, 4, 1)) return -EFAULT;
  if (urusage && !uaccess_ok(curproc->pgdir, urusage, sizeof(ru), 1)) return -EFAULT;
  trace(TR_WAIT, curproc->pid, pid, 0);
  for (;;) {
    havekids = 0;
    for (i = 0; i < proc_top; i++) {
      p = &proc_table[i];
      if (p->state == PSTATE_UNUSED || p->parent != curproc) continue;
      if (pid > 0 && p->pid != pid) continue;
      if (pid == 0 && p->pgid != curproc->pgid) continue;
      if (pid < -1 && p->pgid != -pid) continue;
      havekids = 1;
      if (p->state != PSTATE_ZOMBIE) {
        if (!wants_report(p, options)) continue;
        status = p->wait_report;
        if (ustatus && copyout(curproc->pgdir, ustatus, &status, 4) < 0) return -EFAULT;
        memset(&ru, 0, sizeof(ru));      // nothing was collected
        if (urusage && copyout(curproc->pgdir, urusage, &ru, sizeof(ru)) < 0) return -EFAULT;
        p->wait_report = 0;
        return p->pid;
      }
      status = p->exit_status;
      cpid = p->pid;
      if (ustatus && copyout(curproc->pgdir, ustatus, &status, 4) < 0) return -EFAULT;
      collect_times(curproc, p, &ru);
      if (urusage && copyout(curproc->pgdir, urusage, &ru, sizeof(ru)) < 0) return -EFAULT;
      trace(TR_REAP, curproc->pid, cpid, status);
      uvm_free(p->pgdir);
      free_proc(p);
      return cpid;
    }
    if (!havekids) return -ECHILD;
    if (options & WNOHANG) return 0;
    if (sleep_on(curproc) < 0) return -EINTR;
  }
}

// ---------------------------------------------------------------------------
// Information for ps

// The current process's CPU time in cycles so far, this quantum included.
void proc_cputime(uint *lohi) {
  account(curproc);
  lohi[0] = curproc->cycles_lo;
  lohi[1] = curproc->cycles_hi;
}

// Does p hold the console open (as ps's TTY column asks)?
static int on_console(struct proc *p) {
  int i;
  struct file *f;
  for (i = 0; i < NOFILE; i++) {
    f = p->ofile[i];
    if (f && f->type == FD_INODE && f->ip->type == T_DEV && f->ip->major == DEV_CONSOLE) return 1;
  }
  return 0;
}

// Processes in the table, zombies included (sysinfo's procs).
int proc_count(void) {
  int i;
  int n = 0;
  for (i = 0; i < proc_top; i++) {
    if (proc_table[i].state != PSTATE_UNUSED) n++;
  }
  return n;
}

// Fill *out with the first used slot at or after index; returns the index
// after it, or 0 when there are no more.
int proc_info(int index, struct gb_procinfo *out) {
  struct proc *p;
  if (index < 0) return -EINVAL;
  for (; index < proc_top; index++) {
    p = &proc_table[index];
    if (p->state == PSTATE_UNUSED) continue;
    if (p == curproc) account(curproc);
    memset(out, 0, sizeof(struct gb_procinfo));
    out->pid = p->pid;
    out->ppid = p->parent ? p->parent->pid : 0;
    out->pgid = p->pgid;
    out->state = p->state;
    out->cycles_lo = p->cycles_lo;
    out->cycles_hi = p->cycles_hi;
    out->mem_pages = p->state == PSTATE_ZOMBIE ? 0 : uvm_resident(p->pgdir, USER_BASE, USER_TOP);
    out->nthreads = p->nthreads;
    memmove(out->name, p->name, GB_NAME_LEN);
    out->sys_lo = p->sys_cycles[0];
    out->sys_hi = p->sys_cycles[1];
    out->start_lo = p->start_cycles[0];
    out->start_hi = p->start_cycles[1];
    out->on_console = on_console(p);
    memmove(out->cmdline, p->cmdline, GB_CMDLINE_LEN);
    return index + 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Threads

// clone(): a new thread in the calling process, starting where the caller
// returns from the system call but on the user stack `stack`, with eax = 0.
// Returns its tid, or -EAGAIN when the thread table is full.
int thread_create(uint stack) {
  struct thread *t = alloc_thread(curproc, next_pid);
  if (!t) return -EAGAIN;
  next_pid++;
  memmove(t->tf, curthread->tf, sizeof(struct trapframe));
  t->tf->esp = stack;
  t->tf->eax = 0;
  trace(TR_THREAD, curproc->pid, t->tid, 0);
  make_ready(t);
  return t->tid;
}

// exit() of one thread: the last one ends the process; any other waits as a
// zombie thread until another thread joins it. Never returns.
void thread_exit(int value) {
  struct thread *t = curthread;
  if (curproc->nthreads <= 1) exit_proc((value & 0xFF) << 8);
  t->exit_value = value;
  curproc->nthreads--;
  trace(TR_THREAD_EXIT, curproc->pid, t->tid, (uint)value);
  set_state(t, PSTATE_ZOMBIE);
  wakeup(t);
  sched();
  panic("thread_exit: exited thread ran");
}

// Wait for thread tid of the caller's process to exit, free it, and store
// its exit value at the user address uvalue (if nonzero). 0, or -ESRCH,
// -EDEADLK (itself), -EINVAL (already being joined), -EFAULT, -EINTR.
int thread_join(int tid, uint uvalue) {
  struct thread *t;
  int value;
  int r;
  for (t = curproc->threads; t; t = t->next_in_proc) {
    if (t->tid == tid) break;
  }
  if (!t) return -ESRCH;
  if (t == curthread) return -EDEADLK;
  if (t->joining) return -EINVAL;
  if (uvalue && !uaccess_ok(curproc->pgdir, uvalue, 4, 1)) return -EFAULT;
  t->joining = 1;
  while (t->state != PSTATE_ZOMBIE) {
    r = sleep_on(t);
    if (r < 0) {
      t->joining = 0;
      return r;
    }
  }
  value = t->exit_value;
  free_thread(t);
  if (uvalue && copyout(curproc->pgdir, uvalue, &value, 4) < 0) return -EFAULT;
  return 0;
}
