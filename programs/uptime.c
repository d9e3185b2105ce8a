// uptime: how long the machine has run and how many processes it holds,
// from sysinfo. The machine's clock starts at boot and there is no
// calendar clock, so there is no time of day to show; no load average is
// kept either.

#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>

int main(int argc, char **argv) {
  struct sysinfo si;
  unsigned int s;
  if (argc == 2 && strcmp(argv[1], "-h") == 0) {
    printf("usage: uptime\n  time since boot (hours:minutes:seconds) and the number of processes\n");
    return 0;
  }
  if (argc != 1) {
    fprintf(stderr, "usage: uptime\n");
    return 1;
  }
  if (sysinfo(&si) < 0) {
    perror("uptime: sysinfo");
    return 1;
  }
  s = (unsigned int)si.uptime;
  printf("up %u:%02u:%02u, %u process%s\n", s / 3600, s / 60 % 60, s % 60, si.procs, si.procs == 1 ? "" : "es");
  return 0;
}
