// The TLB lab's system calls: the machine's counters, and the cost of a
// flush timed where it happens.
//
// gb_counters copies the machine's event counters (TLB hits and misses,
// page walks, flushes, CR3 writes, …, in the order of COUNTER_* in
// machine.h) to the caller, read with rdpmc as a kernel reads performance
// counters; programs difference two readings around what they measure.
//
// gb_flushcost times one flush in ring 0, where its instruction may run:
// a CR3 write (reloading the current page directory) or an invlpg of the
// first page of the caller's buffer, then touching the buffer's pages again
// against touching them with nothing flushed. Interrupts are off in the
// kernel, so nothing else runs inside the timed windows.

#include "types.h"
#include "defs.h"
#include "x86.h"
#include "mmu.h"
#include "errno.h"
#include "abi.h"
#include "machine.h"
#include "proc.h"

// gb_counters(out, max): the first min(max, COUNTER_COUNT) counters' low
// words. Returns how many were stored.
int sys_gb_counters(void) {
  uint values[COUNTER_COUNT];
  uint out = arguint(0);
  int max = argint(1);
  int n = max < COUNTER_COUNT ? max : COUNTER_COUNT;
  int i;
  if (n < 0) return -EINVAL;
  for (i = 0; i < n; i++) values[i] = rdpmc_low(i);
  if (n > 0 && copyout(curproc->pgdir, out, values, n * sizeof(uint)) < 0) return -EFAULT;
  return n;
}

static uint cycles_now(void) {
  uint now[2];
  rdtsc(now);
  return now[0];
}

// Reads one byte of each of n pages from va: one TLB lookup per page.
static uint touch(uint va, int n) {
  volatile uchar *p = (volatile uchar *)va;
  uint sum = 0;
  int i;
  for (i = 0; i < n; i++) sum += p[i * PGSIZE];
  return sum;
}

static uint timed_touch(uint va, int n) {
  uint t0 = cycles_now();
  touch(va, n);
  return cycles_now() - t0;
}

// gb_flushcost(kind, buffer, pages, out): see above.
int sys_gb_flushcost(void) {
  struct gb_flushcost cost;
  int kind = argint(0);
  uint va = arguint(1);
  int pages = argint(2);
  uint t0;
  if (kind != GB_FLUSH_CR3 && kind != GB_FLUSH_INVLPG) return -EINVAL;
  if (pages < 1 || pages > GB_FLUSH_MAX_PAGES || (va & (PGSIZE - 1)) != 0) return -EINVAL;
  if (!uaccess_ok(curproc->pgdir, va, pages * PGSIZE, 0)) return -EFAULT;
  touch(va, pages);                       // every page present and in the TLB
  cost.touch_warm = timed_touch(va, pages);
  t0 = cycles_now();
  if (kind == GB_FLUSH_CR3) lcr3(rcr3());
  else invlpg(va);
  cost.op_cycles = cycles_now() - t0;
  cost.touch_after = timed_touch(va, pages);
  if (copyout(curproc->pgdir, arguint(3), &cost, sizeof(cost)) < 0) return -EFAULT;
  return 0;
}
