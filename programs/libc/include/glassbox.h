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

// Trace system calls (kernel/systrace.c): from gb_trace_start on, the
// caller's new children and their descendants are traced; gb_trace_read
// waits for their records and returns how many it stored, 0 when no
// traced process is left.
int gb_trace_start(void);
int gb_trace_read(struct gb_trace_record *out, int max);

// For programs that show processes and times (ps, top, time):
// the whole process table into out (at most max entries): how many, or -1.
int gb_proctable(struct gb_procinfo *out, int max);
// R (running or ready), S (waiting), Z (zombie), N (new): ps's STAT letter.
char gb_state_letter(int state);
// The cycle counter as one number (gb_cycles' two words).
unsigned long long gb_cycles_now(void);
// All the digits of a 64-bit count, such as a cycle count (printf's %u has 32 bits).
void gb_u64_text(unsigned long long v, char *buf, int size);
// A cycle count in three significant digits and a unit: 950, 12.3k, 1.23M.
void gb_cycles_text(unsigned long long cycles, char *buf, int size);
// A cycle count as seconds at the machine's clock (CYCLES_PER_US), with
// `digits` decimals (1 to 9): "0.001234".
void gb_seconds_text(unsigned long long cycles, int digits, char *buf, int size);
// The virtual size of pid's user address space in KiB (ps's VSZ).
unsigned int gb_vsize_kib(int pid);

#endif
