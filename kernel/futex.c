// futex: the one blocking primitive user-space locks need.
//
// A futex is an int in the process's memory. futex(addr, FUTEX_WAIT, val)
// sleeps only if *addr still holds val: the kernel reads it and goes to
// sleep with interrupts off, so no wake between the program's last look at
// the word and the sleep can be lost. futex(addr, FUTEX_WAKE, n) wakes up
// to n of the process's threads sleeping on addr. Everything else (who
// owns a lock, how many wait) is the program's business: libc's mutexes
// and condition variables (programs/libc/kernel/pthread.c) are built on
// these two operations, as Linux's are.
//
// A waiter sleeps on the channel addr itself. Kernel channels are kernel
// addresses (0xC0000000 and up), user addresses are below, so the two
// never meet; threads of other processes using the same address are told
// apart by their process. Only private futexes (one process's threads)
// exist here; FUTEX_PRIVATE_FLAG is accepted and changes nothing.

#include "types.h"
#include "defs.h"
#include "errno.h"
#include "mmu.h"
#include "param.h"
#include "proc.h"

// Sleep on addr while *addr == val. 0 when woken (callers check the word
// again: a wake may be for someone else), -EAGAIN if the word had changed.
static int futex_wait(uint addr, int val) {
  int now;
  if (copyin(curproc->pgdir, &now, addr, sizeof(now)) < 0) return -EFAULT;
  if (now != val) return -EAGAIN;
  return sleep_on((void *)addr);
}

// Wake up to n of this process's threads sleeping on addr; how many woke.
static int futex_wake(uint addr, int n) {
  struct thread *t;
  int woken = 0;
  for (t = curproc->threads; t && woken < n; t = t->next_in_proc) {
    if (t->state == PSTATE_WAITING && t->chan == (void *)addr) {
      t->chan = 0;
      make_ready(t);
      woken++;
    }
  }
  return woken;
}

// futex(addr, op, val, timeout): FUTEX_WAIT (timeout must be null) or
// FUTEX_WAKE. addr must be a 4-aligned user address.
int sys_futex(void) {
  uint addr = arguint(0);
  int op = argint(1) & ~FUTEX_PRIVATE_FLAG;
  int val = argint(2);
  if (addr & 3) return -EINVAL;
  if (addr < USER_BASE || addr >= USER_TOP) return -EFAULT;
  if (op == FUTEX_WAIT) {
    if (arguint(3) != 0) return -EINVAL;
    return futex_wait(addr, val);
  }
  if (op == FUTEX_WAKE) return val > 0 ? futex_wake(addr, val) : 0;
  return -ENOSYS;
}
