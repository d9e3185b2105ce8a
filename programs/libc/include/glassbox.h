// Glassbox-specific system calls (numbers 1000 and up, see
// kernel/include/syscall.h): the process table for ps, a process's
// address-space regions for pmap, the machine's cycle counter, its event
// counters and a timed TLB flush (the TLB lab).
#ifndef _GLASSBOX_H
#define _GLASSBOX_H

#include "../../../kernel/include/abi.h"
#include "../../../kernel/include/trace.h"
#include <machine.h>  // COUNTER_*: the machine's counters, in gb_counters' order (generated from vm/isa/machine.ts)

// Fill *info with the first process-table entry at or after index; returns
// the index to ask for next, 0 when there are no more, -1 on error.
int gb_procinfo(int index, struct gb_procinfo *info);
// The regions of pid's address space, low to high; returns how many (or -1).
int gb_regions(int pid, struct gb_region *regions, int max);
// The 64-bit cycle counter as two words: lohi[0] low, lohi[1] high.
int gb_cycles(unsigned int *lohi);
// The machine's event counters (TLB hits and misses, page walks, flushes, CR3
// writes …) as their low words, out[COUNTER_TLB_MISSES] and so on: stores
// min(max, COUNTER_COUNT) of them and returns how many. Difference two
// readings around what you measure.
int gb_counters(unsigned int *out, int max);
// Time one flush in ring 0 (kind GB_FLUSH_CR3 or GB_FLUSH_INVLPG) and the
// touch of n pages of the page-aligned buffer `pages` after it: see flushcost.
int gb_flushcost(int kind, void *pages, int n, struct gb_flushcost *out);

#endif
