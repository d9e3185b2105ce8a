// System-call tracing for user programs: what `trace CMD` prints.
//
// A process becomes the tracer with gb_trace_start(); every process it
// forks from then on, and their descendants, is traced. Each system call
// of a traced process leaves a record (abi.h struct gb_trace_record): the
// number, the five argument registers, the result, and the text of up to
// two arguments as the kernel itself saw it (a path it read with argstr,
// the bytes of a read or a write). The tracer collects the records with
// gb_trace_read(), which blocks until there are some and returns 0 once
// no traced process is left. A process that ends says so in a record of
// its own (with the call it died in, if any).
//
// Records wait in a ring of TRACE_RING. When the ring is full a traced
// process waits at the end of its system call until the tracer has read,
// so nothing is lost (as strace stops its tracee); only a signal that ends
// that wait (or the tracer going away) drops the record, and the ring
// counts what it dropped. One tracer at a time.

#include "types.h"
#include "defs.h"
#include "param.h"
#include "errno.h"
#include "proc.h"

#define TRACE_RING 64

static struct gb_trace_record ring[TRACE_RING];
static uint ring_head;           // next record to read
static uint ring_count;
static struct proc *tracer;      // 0 when nobody traces
uint trace_dropped;              // records lost to signals or a departed tracer

// Append r to the ring, waiting while it is full. Wakes the tracer.
static void push(struct gb_trace_record *r) {
  while (tracer && ring_count == TRACE_RING) {
    if (sleep_on(ring) < 0) break;
  }
  if (!tracer || ring_count == TRACE_RING) {
    trace_dropped++;
    return;
  }
  ring[(ring_head + ring_count) % TRACE_RING] = *r;
  ring_count++;
  wakeup(&tracer);
}

// A traced process starts system call num.
void systrace_enter(uint num, struct trapframe *tf) {
  struct gb_trace_record *r = &curthread->trace_rec;
  memset(r, 0, sizeof(*r));
  r->kind = GB_TRACE_CALL;
  r->pid = curproc->pid;
  r->number = (int)num;
  r->args[0] = (int)tf->ebx;
  r->args[1] = (int)tf->ecx;
  r->args[2] = (int)tf->edx;
  r->args[3] = (int)tf->esi;
  r->args[4] = (int)tf->edi;
  r->text_arg[0] = r->text_arg[1] = -1;
  curthread->tracing = 1;
}

// It returns result.
void systrace_leave(int result) {
  if (!curthread->tracing) return;
  curthread->tracing = 0;
  curthread->trace_rec.result = result;
  push(&curthread->trace_rec);
}

// Keep the first bytes of argument arg's text, `len` bytes long in all,
// at src (kernel memory), in the call in progress's next free slot.
static void keep_text(int arg, const char *src, uint len) {
  struct gb_trace_record *r = &curthread->trace_rec;
  int slot = r->text_arg[0] < 0 ? 0 : r->text_arg[1] < 0 ? 1 : -1;
  uint kept = len < GB_TRACE_TEXT - 1 ? len : GB_TRACE_TEXT - 1;
  if (slot < 0) return;
  r->text_arg[slot] = arg;
  r->text_len[slot] = (int)len;
  memmove(r->text[slot], src, kept);
  r->text[slot][kept] = 0;
}

// argstr read argument arg's string s.
void systrace_string(int arg, const char *s) {
  if (curthread->tracing) keep_text(arg, s, strlen(s));
}

// The call read or wrote n bytes at user address va (argument arg).
void systrace_buffer(int arg, uint va, int n) {
  char buf[GB_TRACE_TEXT];
  uint kept;
  if (!curthread->tracing || n <= 0) return;
  kept = (uint)n < sizeof(buf) - 1 ? (uint)n : sizeof(buf) - 1;
  if (copyin(curproc->pgdir, buf, va, kept) < 0) return;
  keep_text(arg, buf, (uint)n);              // only `kept` of them are in buf: keep_text copies no more
}

// Traced or not, p is ending with wait status wstatus (exit_proc).
void systrace_exit(struct proc *p, int wstatus) {
  struct gb_trace_record r;
  if (p == tracer) {
    systrace_stop();
    return;
  }
  if (!p->traced) return;
  if (curthread->tracing) {
    curthread->tracing = 0;
    curthread->trace_rec.kind = GB_TRACE_UNFINISHED;
    push(&curthread->trace_rec);
  }
  memset(&r, 0, sizeof(r));
  r.kind = GB_TRACE_EXIT;
  r.pid = p->pid;
  r.result = wstatus;
  r.text_arg[0] = r.text_arg[1] = -1;
  push(&r);
}

// Tracing ends: nobody is traced any more, and whoever waits on the ring goes on.
void systrace_stop(void) {
  int i;
  for (i = 0; i < proc_top; i++) proc_table[i].traced = 0;
  tracer = 0;
  ring_count = 0;
  wakeup(ring);
}

// Is a traced process still running (not yet a zombie)?
static int traced_alive(void) {
  int i;
  for (i = 0; i < proc_top; i++) {
    if (proc_table[i].traced && proc_table[i].state != PSTATE_UNUSED && proc_table[i].state != PSTATE_ZOMBIE) return 1;
  }
  return 0;
}

// gb_trace_start(): the caller traces its children from now on. -EBUSY if
// another process traces (or traces the caller).
int sys_gb_trace_start(void) {
  if ((tracer && tracer != curproc) || curproc->traced) return -EBUSY;
  tracer = curproc;
  ring_head = 0;
  ring_count = 0;
  return 0;
}

// gb_trace_read(out, max): up to max records, waiting for at least one;
// 0 when no traced process is left and the ring is empty.
int sys_gb_trace_read(void) {
  uint out = arguint(0);
  int max = argint(1);
  int n = 0;
  if (tracer != curproc) return -EINVAL;
  if (max <= 0) return -EINVAL;
  if (!uaccess_ok(curproc->pgdir, out, max * sizeof(struct gb_trace_record), 1)) return -EFAULT;
  while (ring_count == 0) {
    if (!traced_alive()) return 0;
    if (sleep_on(&tracer) < 0) return -EINTR;
  }
  while (n < max && ring_count > 0) {
    if (copyout(curproc->pgdir, out + n * sizeof(struct gb_trace_record), &ring[ring_head], sizeof(ring[0])) < 0)
      return n > 0 ? n : -EFAULT;
    ring_head = (ring_head + 1) % TRACE_RING;
    ring_count--;
    n++;
  }
  wakeup(ring);
  return n;
}

// fork: is the child traced? When its parent is, or is the tracer.
int systrace_inherit(struct proc *parent) {
  return parent->traced || (tracer && parent == tracer);
}
