// Glassbox-specific system calls (numbers 1000 and up, see
// kernel/include/syscall.h): the process table for ps, a process's
// address-space regions for pmap, and the machine's cycle counter.
#ifndef _GLASSBOX_H
#define _GLASSBOX_H

#include "../../../kernel/include/abi.h"
#include "../../../kernel/include/trace.h"

// Fill *info with the first process-table entry at or after index; returns
// the index to ask for next, 0 when there are no more, -1 on error.
int gb_procinfo(int index, struct gb_procinfo *info);
// The regions of pid's address space, low to high; returns how many (or -1).
int gb_regions(int pid, struct gb_region *regions, int max);
// The 64-bit cycle counter as two words: lohi[0] low, lohi[1] high.
int gb_cycles(unsigned int *lohi);

#endif
