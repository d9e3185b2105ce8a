// kill: send a signal. `kill [-SIGNAL] PID...` where SIGNAL is a number or
// a name (KILL, TERM, INT, ...); the default is TERM.

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <signal.h>

static int signal_number(const char *s) {
  if (s[0] >= '0' && s[0] <= '9') return atoi(s);
  if (strncmp(s, "SIG", 3) == 0) s += 3;
  if (strcmp(s, "HUP") == 0) return SIGHUP;
  if (strcmp(s, "INT") == 0) return SIGINT;
  if (strcmp(s, "QUIT") == 0) return SIGQUIT;
  if (strcmp(s, "KILL") == 0) return SIGKILL;
  if (strcmp(s, "SEGV") == 0) return SIGSEGV;
  if (strcmp(s, "TERM") == 0) return SIGTERM;
  if (strcmp(s, "USR1") == 0) return SIGUSR1;
  if (strcmp(s, "USR2") == 0) return SIGUSR2;
  return -1;
}

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
  if (argc > 1 && argv[1][0] == '-') {
    sig = signal_number(argv[1] + 1);
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
