// Wrappers for the Glassbox-specific system calls (see glassbox.h).

#include <errno.h>
#include <stdio.h>
#include <glassbox.h>
#include "../../../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);

static int check(int r) {
  if (r < 0 && r > -4096) {
    errno = -r;
    return -1;
  }
  return r;
}

int gb_procinfo(int index, struct gb_procinfo *info) {
  return check(__syscall(SYS_gb_procinfo, index, (int)info, 0, 0, 0));
}

int gb_regions(int pid, struct gb_region *regions, int max) {
  return check(__syscall(SYS_gb_regions, pid, (int)regions, max, 0, 0));
}

int gb_cycles(unsigned int *lohi) {
  return check(__syscall(SYS_gb_cycles, (int)lohi, 0, 0, 0, 0));
}

int gb_counters(unsigned int *out, int max) {
  return check(__syscall(SYS_gb_counters, (int)out, max, 0, 0, 0));
}

int gb_flushcost(int kind, void *pages, int n, struct gb_flushcost *out) {
  return check(__syscall(SYS_gb_flushcost, kind, (int)pages, n, (int)out, 0));
}

// ---------------------------------------------------------------------------
// For the programs that show processes and times (ps, top, time)

int gb_proctable(struct gb_procinfo *out, int max) {
  int n = 0;
  int index = 0;
  while (n < max && (index = gb_procinfo(index, &out[n])) > 0) n++;
  return index < 0 ? -1 : n;
}

char gb_state_letter(int state) {
  switch (state) {
  case PSTATE_RUNNING:
  case PSTATE_READY:
    return 'R';
  case PSTATE_WAITING:
    return 'S';
  case PSTATE_ZOMBIE:
    return 'Z';
  case PSTATE_STOPPED:
    return 'T';
  case PSTATE_NEW:
    return 'N';
  default:
    return '?';
  }
}

unsigned long long gb_cycles_now(void) {
  unsigned int lohi[2];
  gb_cycles(lohi);
  return ((unsigned long long)lohi[1] << 32) | lohi[0];
}

// All the digits of a 64-bit count (printf's %u stops at 32 bits).
void gb_u64_text(unsigned long long v, char *buf, int size) {
  if (v < 1000000000ull) snprintf(buf, size, "%u", (unsigned int)v);
  else snprintf(buf, size, "%u%09u", (unsigned int)(v / 1000000000ull), (unsigned int)(v % 1000000000ull));
}

// Three significant digits and a unit: 950, 12.3k, 1.23M, 45.6G.
void gb_cycles_text(unsigned long long cycles, char *buf, int size) {
  const char *units = "kMGT";
  unsigned long long scale = 1;
  unsigned int whole;
  unsigned int tenths;
  int u = -1;
  if (cycles < 1000) {
    snprintf(buf, size, "%u", (unsigned int)cycles);
    return;
  }
  while (u < 3 && cycles / scale >= 1000) {
    scale *= 1000;
    u++;
  }
  whole = (unsigned int)(cycles / scale);
  tenths = (unsigned int)(cycles % scale * 100 / scale);    // two digits after the point
  if (whole >= 100) snprintf(buf, size, "%u%c", whole, units[u]);
  else if (whole >= 10) snprintf(buf, size, "%u.%u%c", whole, tenths / 10, units[u]);
  else snprintf(buf, size, "%u.%02u%c", whole, tenths, units[u]);
}

// Cycles as seconds: "S.mmm" with milliseconds, or with `digits` decimals (up to 9).
void gb_seconds_text(unsigned long long cycles, int digits, char *buf, int size) {
  unsigned long long per_second = 1000000ull * CYCLES_PER_US;
  unsigned long long fraction = cycles % per_second;
  unsigned long long unit = per_second;
  int i;
  for (i = 0; i < digits; i++) unit /= 10;
  snprintf(buf, size, "%u.%0*u", (unsigned int)(cycles / per_second), digits, (unsigned int)(fraction / unit));
}

// The virtual size of pid's user address space in KiB: the pages its
// code, data, heap and stack regions span (ps's VSZ); 0 for a zombie or a
// missing process.
unsigned int gb_vsize_kib(int pid) {
  struct gb_region regions[16];
  unsigned int pages = 0;
  unsigned int first;
  unsigned int last;
  int n = gb_regions(pid, regions, 16);
  int i;
  for (i = 0; i < n; i++) {
    if (!(regions[i].flags & GB_REGION_USER) || regions[i].end <= regions[i].start) continue;
    first = regions[i].start / 4096;
    last = (regions[i].end - 1) / 4096;
    pages += last - first + 1;
  }
  return pages * 4;
}

int gb_trace_start(void) {
  return check(__syscall(SYS_gb_trace_start, 0, 0, 0, 0, 0));
}

int gb_trace_read(struct gb_trace_record *out, int max) {
  return check(__syscall(SYS_gb_trace_read, (int)out, max, 0, 0, 0));
}
