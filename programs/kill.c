// kill: send a signal. `kill [-SIGNAL] PID...` where SIGNAL is a number or
// a name (KILL, TERM, INT, STOP, CONT, ...: libc's table); the default is
// TERM. `kill -l` lists the names.

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <signal.h>

// A decimal number, optionally negative (a process group).
static int is_number(const char *s) {
  if (*s == '-') s++;
  if (*s == 0) return 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return 0;
  }
  return 1;
}

int main(int argc, char **argv) {
  int sig = SIGTERM;
  int i = 1;
  int status = 0;
  if (argc == 2 && strcmp(argv[1], "-l") == 0) {
    for (i = 1; i < NSIG; i++)
      if (signal_name(i)) printf("%2d %s\n", i, signal_name(i));
    return 0;
  }
  if (argc > 1 && argv[1][0] == '-') {
    sig = signal_from_name(argv[1] + 1);
    if (sig < 0) {
      printf("kill: %s: unknown signal\n", argv[1] + 1);
      return 2;
    }
    i = 2;
  }
  if (i >= argc) {
    printf("usage: kill [-SIGNAL] pid...\n");
    return 2;
  }
  for (; i < argc; i++) {
    if (!is_number(argv[i])) {
      printf("kill: %s: arguments must be process IDs\n", argv[i]);
      status = 1;
      continue;
    }
    if (kill(atoi(argv[i]), sig) < 0) {
      printf("kill: (%s): no such process\n", argv[i]);
      status = 1;
    }
  }
  return status;
}
