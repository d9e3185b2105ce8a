// pmap PID: a process's address space, region by region, low to high —
// the article's diagram in 32 bits: the unmapped null page, the read-only
// code, .data + .bss, the heap growing up from the end of .bss, the guard
// page under the stack's limit, the stack growing down from 0xC0000000, and
// the kernel above it (mapped in every process, reachable only in ring 0).

#include <stdio.h>
#include <stdlib.h>
#include <glassbox.h>

static void perms(unsigned int flags, char *out) {
  out[0] = (flags & GB_REGION_READ) ? 'r' : '-';
  out[1] = (flags & GB_REGION_WRITE) ? 'w' : '-';
  out[2] = (flags & GB_REGION_EXEC) ? 'x' : '-';
  out[3] = 0;
}

static const char *describe(const char *name) {
  if (name[0] == 'n') return "unmapped: catches null pointers";
  if (name[0] == 'c') return "read-only, shared by every process running the program";
  if (name[0] == 'd') return ".data (from the file) + .bss (zero-filled)";
  if (name[0] == 'h') return "grows up with brk/sbrk (malloc)";
  if (name[0] == 'g') return "never mapped: a stack overflow faults here";
  if (name[0] == 's') return "grows down on demand";
  if (name[0] == 'k') return "kernel: supervisor-only";
  return "";
}

int main(int argc, char **argv) {
  struct gb_region regions[16];
  struct gb_procinfo info;
  char p[4];
  int pid;
  int n;
  int i;
  int index = 0;
  unsigned int total = 0;
  if (argc != 2) {
    printf("usage: pmap PID\n");
    return 2;
  }
  pid = atoi(argv[1]);
  n = gb_regions(pid, regions, 16);
  if (n < 0) {
    printf("pmap: %s: no such process\n", argv[1]);
    return 1;
  }
  while ((index = gb_procinfo(index, &info)) > 0) {
    if (info.pid == pid) break;
  }
  printf("%d:   %s\n", pid, index > 0 ? info.name : "?");
  printf("START    END          SIZE   RSS PERM REGION\n");
  for (i = 0; i < n; i++) {
    perms(regions[i].flags, p);
    printf("%08x-%08x %7dK %4dK %s  %-6s %s\n", regions[i].start, regions[i].end,
           (regions[i].end - regions[i].start + 1023) / 1024, regions[i].resident * 4, p, regions[i].name,
           describe(regions[i].name));
    if (regions[i].flags & GB_REGION_USER) total += regions[i].resident * 4;
  }
  printf("total resident (user): %dK\n", total);
  return 0;
}
