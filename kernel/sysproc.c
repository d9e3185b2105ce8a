// Process system calls: exit, fork, execve, waitpid, kill, brk, sleeping,
// identity, process groups, and the Glassbox calls ps and pmap use.

#include "types.h"
#include "defs.h"
#include "mmu.h"
#include "param.h"
#include "errno.h"
#include "x86.h"
#include "proc.h"

// exit(status) ends the calling thread (Linux's meaning); the process ends
// with its last thread. exit_group(status) ends the whole process at once.
int sys_exit(void) {
  thread_exit(argint(0));
  return 0;
}

int sys_exit_group(void) {
  exit_proc((argint(0) & 0xFF) << 8);
  return 0;
}

// clone(flags, stack, ...): only a new thread of the calling process
// (CLONE_THREAD_FLAGS, a stack for it); Linux's other uses are refused.
int sys_clone(void) {
  uint flags = arguint(0);
  uint stack = arguint(1);
  if ((flags & ~0xFFu) != CLONE_THREAD_FLAGS) return -EINVAL;
  if (stack < USER_BASE || stack > USER_TOP) return -EINVAL;
  return thread_create(stack);
}

int sys_gettid(void) {
  return curthread->tid;
}

int sys_gb_thread_join(void) {
  return thread_join(argint(0), arguint(1));
}

int sys_fork(void) {
  return fork();
}

// execve(path, argv, envp): copy the strings into the kernel, then build
// the new image (exec.c). On failure the caller is untouched.
int sys_execve(void) {
  char path[MAXPATH];
  char *strings;
  char *ptrs[2 * MAXARG + 2];
  uint uvec[2];
  uint uptr;
  int count[2];
  int k;
  int i;
  int used = 0;
  int len;
  int r;
  r = argstr(0, path, MAXPATH);
  if (r < 0) return r;
  uvec[0] = arguint(1);
  uvec[1] = arguint(2);
  strings = kalloc_raw();
  if (!strings) return -ENOMEM;
  for (k = 0; k < 2; k++) {
    count[k] = 0;
    if (uvec[k] == 0) continue;       // a null argv or envp is taken as empty
    for (i = 0;; i++) {
      if (i >= MAXARG) {
        kfree(strings);
        return -E2BIG;
      }
      if (copyin(curproc->pgdir, &uptr, uvec[k] + 4 * i, 4) < 0) {
        kfree(strings);
        return -EFAULT;
      }
      if (uptr == 0) break;
      len = fetchstr(curproc->pgdir, uptr, strings + used, MAXARGBYTES - used);
      if (len < 0) {
        kfree(strings);
        return len == -ENAMETOOLONG ? -E2BIG : len;
      }
      ptrs[k * (MAXARG + 1) + i] = strings + used;
      used += len + 1;
    }
    count[k] = i;
  }
  r = exec_image(path, count[0], ptrs, count[1], ptrs + MAXARG + 1);
  kfree(strings);
  return r;
}

int sys_waitpid(void) {
  return wait_child(argint(0), arguint(1), argint(2), 0);
}

// wait4(pid, status, options, rusage): waitpid, and the child's CPU times
// (its own and its reaped descendants') in *rusage when it is not null.
int sys_wait4(void) {
  return wait_child(argint(0), arguint(1), argint(2), arguint(3));
}

int sys_getpid(void) {
  return curproc->pid;
}

int sys_getppid(void) {
  return curproc->parent ? curproc->parent->pid : 0;
}

int sys_getpgrp(void) {
  return curproc->pgid;
}

// setpgid(pid, pgid): the caller or one of its children (0 = the caller;
// pgid 0 = the process's own pid).
int sys_setpgid(void) {
  int pid = argint(0);
  int pgid = argint(1);
  struct proc *p;
  if (pgid < 0) return -EINVAL;
  if (pid == 0) pid = curproc->pid;
  p = find_proc(pid);
  if (!p || (p != curproc && p->parent != curproc)) return -ESRCH;
  if (pgid == 0) pgid = p->pid;
  p->pgid = pgid;
  return 0;
}

// brk(addr): Linux's semantics: set the break to addr if possible and
// return the break in effect (so brk(0) asks for it).
int sys_brk(void) {
  uint want = arguint(0);
  struct proc *p = curproc;
  uint old_top = PGROUNDUP(p->brk);
  uint new_top;
  if (want == 0 || want < p->heap_start || want >= GUARD_LOW) return (int)p->brk;
  new_top = PGROUNDUP(want);
  if (new_top > old_top) {
    if (uvm_alloc(p->pgdir, old_top, new_top) < 0) {
      uvm_dealloc(p->pgdir, old_top, new_top);
      return (int)p->brk;
    }
  } else if (new_top < old_top) {
    uvm_dealloc(p->pgdir, new_top, old_top);
  }
  p->brk = want;
  return (int)p->brk;
}

int sys_sched_yield(void) {
  yield();
  return 0;
}

#define MAX_SLEEP_TICKS 0x7FFFFFFF   // tick deadlines are compared modulo 2^32

// nanosleep(req, rem): sleeps in whole timer ticks (rounded up; very long
// sleeps are cut to 2^31 ticks). rem is not filled in (an interrupted sleep
// returns -EINTR).
int sys_nanosleep(void) {
  struct timespec ts;
  uint tick_ns = timer_quantum / 3;   // the cycle model's clock is 3 GHz: 3 cycles per ns
  uint per_second;
  uint n;
  if (copyin(curproc->pgdir, &ts, arguint(0), sizeof(ts)) < 0) return -EFAULT;
  if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) return -EINVAL;
  if (tick_ns == 0) tick_ns = 1;
  per_second = 1000000000 / tick_ns;
  if (per_second == 0) per_second = 1;
  if ((uint)ts.tv_sec >= MAX_SLEEP_TICKS / per_second) n = MAX_SLEEP_TICKS;
  else n = (uint)ts.tv_sec * per_second + ((uint)ts.tv_nsec + tick_ns - 1) / tick_ns;
  if (n == 0) return 0;
  return sleep_ticks(n);
}

int sys_gb_procinfo(void) {
  struct gb_procinfo info;
  int next = proc_info(argint(0), &info);
  if (next <= 0) return next;
  if (copyout(curproc->pgdir, arguint(1), &info, sizeof(info)) < 0) return -EFAULT;
  return next;
}

static int put_region(struct gb_region *r, uint start, uint end, uint flags, uint resident, const char *name) {
  memset(r, 0, sizeof(struct gb_region));
  r->start = start;
  r->end = end;
  r->flags = flags;
  r->resident = resident;
  safestrcpy(r->name, name, sizeof(r->name));
  return 1;
}

// gb_regions(pid, out, max): the regions of pid's address space, low to
// high, as the article draws them. Returns how many were stored.
int sys_gb_regions(void) {
  struct gb_region regs[8];
  struct proc *p = find_proc(argint(0));
  uint out = arguint(1);
  int max = argint(2);
  int n = 0;
  uint rw = GB_REGION_READ | GB_REGION_WRITE | GB_REGION_USER;
  if (!p) return -ESRCH;
  if (p->state == PSTATE_ZOMBIE || p->pgdir == 0) return 0;
  if (max < 0) return -EINVAL;
  n += put_region(&regs[n], 0, USER_BASE, 0, 0, "null");
  n += put_region(&regs[n], p->code.start, p->code.end, GB_REGION_READ | GB_REGION_EXEC | GB_REGION_USER,
                  uvm_resident(p->pgdir, p->code.start, p->code.end), "code");
  if (p->data.end > p->data.start)
    n += put_region(&regs[n], p->data.start, p->data.end, rw, uvm_resident(p->pgdir, p->data.start, p->data.end),
                    "data");
  n += put_region(&regs[n], p->heap_start, p->brk, rw, uvm_resident(p->pgdir, PGROUNDUP(p->heap_start), p->brk),
                  "heap");
  n += put_region(&regs[n], GUARD_LOW, STACK_LOW, 0, 0, "guard");
  n += put_region(&regs[n], p->stack_low, USER_TOP, rw, uvm_resident(p->pgdir, p->stack_low, USER_TOP), "stack");
  n += put_region(&regs[n], KERNBASE, 0xFFFFFFFF, GB_REGION_READ | GB_REGION_WRITE, 0, "kernel");
  if (n > max) n = max;
  if (n > 0 && copyout(curproc->pgdir, out, regs, n * sizeof(struct gb_region)) < 0) return -EFAULT;
  return n;
}

// gb_cycles(out): the machine's 64-bit cycle counter as two words.
int sys_gb_cycles(void) {
  uint now[2];
  rdtsc(now);
  if (copyout(curproc->pgdir, arguint(0), now, sizeof(now)) < 0) return -EFAULT;
  return 0;
}
