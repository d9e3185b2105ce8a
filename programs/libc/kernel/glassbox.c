// Wrappers for the Glassbox-specific system calls (see glassbox.h).

#include <errno.h>
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
