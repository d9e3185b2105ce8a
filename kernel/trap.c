// Traps: the interrupt descriptor table, the task state segment and the C
// half of every trap, interrupt and system call.
//
// The assembly entry (trapasm.s) saves the registers into a struct trapframe
// on the kernel stack and calls trap(). A fault in user mode kills only that
// process, with the signal Unix uses (SIGSEGV for page faults and #GP,
// SIGILL for #UD, SIGFPE for #DE); a page fault just below the stack grows
// the stack instead, and one in the guard page under the stack limit is a
// stack overflow; a write to a copy-on-write page (after fork) copies it.
// A fault in kernel mode is a kernel bug: panic.

#include "types.h"
#include "defs.h"
#include "mmu.h"
#include "x86.h"
#include "param.h"
#include "errno.h"
#include "proc.h"
#include "syscall.h"

struct gatedesc {
  ushort off_lo;
  ushort selector;
  uchar zero;
  uchar type_attr;           // P (bit 7), DPL (bits 5-6), type (0xE interrupt gate)
  ushort off_hi;
};

// The x86 32-bit task state segment; only esp0 (the ring-0 stack for traps
// from user mode) is used.
struct taskstate {
  uint link;
  uint esp0;
  uint ss0;
  uint unused[23];
};

static struct gatedesc idt[256];
static struct taskstate tss;
static ushort idt_desc[3];
extern uint vectors[];       // trapasm.s: entry address per vector, 0 = none

static void set_gate(int n, uint handler, int dpl) {
  idt[n].off_lo = (ushort)(handler & 0xFFFF);
  idt[n].selector = SEL_KCODE;
  idt[n].zero = 0;
  idt[n].type_attr = (uchar)(0x80 | (dpl << 5) | GATE_INT);
  idt[n].off_hi = (ushort)(handler >> 16);
}

// Every vector with an entry gets an interrupt gate (IF cleared: the kernel
// runs with interrupts off); only int 0x80 may be used from ring 3.
void idt_init(void) {
  int i;
  uint base = (uint)idt;
  for (i = 0; i < 256; i++) {
    if (vectors[i]) set_gate(i, vectors[i], i == T_SYSCALL ? 3 : 0);
  }
  idt_desc[0] = (ushort)(sizeof(idt) - 1);
  idt_desc[1] = (ushort)(base & 0xFFFF);
  idt_desc[2] = (ushort)(base >> 16);
  lidt(idt_desc);
}

void tss_init(void) {
  memset(&tss, 0, sizeof(tss));
  tss.ss0 = 0x10;
  ltr((uint)&tss);
}

void tss_set_esp0(uint esp0) {
  tss.esp0 = esp0;
}

// How far below the stack pointer an access may still grow the stack (as
// Linux allows): a big local array is touched from its low end first.
#define STACK_REACH (64 * 1024 + 256)

// A user-mode page fault at addr with the stack pointer at esp: grow the
// stack if addr is in its range and near esp (a wild pointer below the
// stack is a segmentation fault, not growth). Returns 1 when handled.
static int grow_stack(uint addr, uint esp) {
  uint low;
  if (addr < STACK_LOW || addr >= curproc->stack_low) return 0;
  if (esp > STACK_REACH && addr < esp - STACK_REACH) return 0;
  low = PGROUNDDOWN(addr);
  if (uvm_alloc(curproc->pgdir, low, curproc->stack_low) < 0) {
    kprintf("pid %d (%s): out of memory growing the stack\n", curproc->pid, curproc->name);
    return 0;
  }
  curproc->stack_low = low;
  return 1;
}

static void user_fault(struct trapframe *tf) {
  int sig;
  int r;
  uint addr = tf->eip;
  switch (tf->trapno) {
  case T_DIVIDE:
    sig = SIGFPE;
    break;
  case T_ILLOP:
    sig = SIGILL;
    break;
  case T_BRKPT:
    sig = SIGTRAP;
    break;
  case T_PGFLT:
    addr = rcr2();
    if (!(tf->err & PF_P) && grow_stack(addr, tf->esp)) return;
    if ((tf->err & (PF_P | PF_W)) == (PF_P | PF_W)) {
      r = uvm_cow(curproc->pgdir, addr);     // a write to a copy-on-write page?
      if (r == 0) return;
      if (r == -ENOMEM) kprintf("pid %d (%s): out of memory copying a page on write\n", curproc->pid, curproc->name);
    }
    sig = SIGSEGV;
    if (addr >= GUARD_LOW && addr < STACK_LOW) {
      kprintf("pid %d (%s): stack overflow: the stack reached its %d KiB limit (fault at 0x%x in the guard page)\n",
              curproc->pid, curproc->name, STACK_MAX / 1024, addr);
    }
    break;
  default:
    sig = SIGSEGV;
    break;
  }
  trace(TR_FAULT, curproc->pid, tf->trapno, addr);
  fault_signal(curproc, sig);
}

// Every trap comes here with interrupts off.
void trap(struct trapframe *tf) {
  int user = (tf->cs & 3) == 3;
  if (user) curthread->tf = tf;
  switch (tf->trapno) {
  case T_SYSCALL:
    syscall(tf);
    break;
  case T_TIMER:
    timer_tick();
    if (user) yield();
    break;
  case T_CONSOLE:
    console_intr();
    break;
  case T_HOSTFILE:
    install_intr();
    break;
  default:
    if (!user) panic_tf("unexpected trap in kernel mode", tf);
    user_fault(tf);
    break;
  }
  if (user) signal_deliver(tf);
}
