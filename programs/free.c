// free [-k | -m | -p]: physical memory, from the kernel's own counts
// (sysinfo): the pages the allocator manages, those in use and free, those
// shared (referenced more than once: copy-on-write after fork, or program
// code mapped from its file) and those holding the ramfs's files (part of
// used). In KiB (-k, the default), MiB (-m) or pages (-p).

#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>

static void usage(FILE *to) {
  fprintf(to, "usage: free [-k | -m | -p]\n"
              "  physical memory: total, used, free, shared (copy-on-write and code), ramfs\n"
              "  -k  in KiB (default)   -m  in MiB   -p  in pages\n");
}

static unsigned int unit_kib = 1;   // KiB per unit shown; 0: pages
static unsigned int page_kib;

static unsigned int shown(unsigned int pages) {
  return unit_kib ? pages * page_kib / unit_kib : pages;
}

int main(int argc, char **argv) {
  struct sysinfo si;
  const char *unit = "KiB";
  if (argc > 2) {
    usage(stderr);
    return 1;
  }
  if (argc == 2 && strcmp(argv[1], "-m") == 0) {
    unit_kib = 1024;
    unit = "MiB";
  } else if (argc == 2 && strcmp(argv[1], "-p") == 0) {
    unit_kib = 0;
    unit = "pages";
  } else if (argc == 2 && strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return 0;
  } else if (argc == 2 && strcmp(argv[1], "-k") != 0) {
    usage(stderr);
    return 1;
  }
  if (sysinfo(&si) < 0) {
    perror("free: sysinfo");
    return 1;
  }
  page_kib = si.mem_unit / 1024;
  printf("%-6s%12s%12s%12s%12s%12s\n", unit, "total", "used", "free", "shared", "ramfs");
  printf("%-6s%12u%12u%12u%12u%12u\n", "Mem:", shown(si.totalram), shown(si.totalram - si.freeram), shown(si.freeram),
         shown(si.sharedram), shown(si.bufferram));
  return 0;
}
