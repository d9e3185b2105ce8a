// sysinfo(): what free and uptime show, from the kernel's own counts.
//
// Linux's struct sysinfo (abi.h), in pages (mem_unit = PGSIZE): the
// allocator's total and free pages (kalloc.c), the pages referenced more
// than once (shared copy-on-write after fork, or code mapped from its
// program file), the ramfs's pages (ramfs.c), the number of processes and
// the seconds since boot. Used is total less free: the ramfs, page
// tables and the processes' own pages.

#include "types.h"
#include "defs.h"
#include "mmu.h"
#include "errno.h"
#include "abi.h"
#include "proc.h"
#include "x86.h"

int sys_sysinfo(void) {
  struct sysinfo info;
  struct timespec t;
  uint now[2];
  memset(&info, 0, sizeof(info));
  rdtsc(now);
  cycles_to_timespec(now, &t);
  info.uptime = t.tv_sec;
  info.totalram = kalloc_total();
  info.freeram = free_pages;
  info.sharedram = kalloc_shared();
  info.bufferram = ramfs_pages;
  info.procs = (ushort)proc_count();
  info.mem_unit = PGSIZE;
  if (copyout(curproc->pgdir, arguint(0), &info, sizeof(info)) < 0) return -EFAULT;
  return 0;
}
