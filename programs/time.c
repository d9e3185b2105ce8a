// time [-p] COMMAND [ARGUMENT ...]: run COMMAND and say, on standard
// error, how long it took: the real time as the machine's cycle counter
// measured it (exact cycles, and seconds at its 3 GHz), and the CPU time
// it and the children it waited for spent in user mode and in the kernel,
// as the kernel charged them (wait4's rusage, in microseconds). -p prints
// POSIX's three lines ("real 0.01" …) instead.
//
// Exit status (POSIX): COMMAND's; 127 if it was not found, 126 if it
// could not be run; a COMMAND killed by a signal gives 128 + the signal.

#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>
#include <glassbox.h>

static void usage(FILE *to) {
  fprintf(to, "usage: time [-p] COMMAND [ARGUMENT ...]\n"
              "  run COMMAND; print its real time (cycles and seconds) and user and system CPU time\n");
}

int main(int argc, char **argv) {
  struct rusage ru;
  unsigned long long t0;
  unsigned long long real;
  char seconds[24];
  char cycles[24];
  int posix = 0;
  int first = 1;
  int status;
  int pid;
  if (argc > 1 && strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "-p") == 0) {
    posix = 1;
    first = 2;
  }
  if (first >= argc) {
    usage(stderr);
    return 1;
  }
  fflush(stdout);
  t0 = gb_cycles_now();
  pid = fork();
  if (pid < 0) {
    fprintf(stderr, "time: fork: %s\n", strerror(errno));
    return 1;
  }
  if (pid == 0) {
    execvp(argv[first], argv + first);
    fprintf(stderr, "time: %s: %s\n", argv[first], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
  }
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "time: wait: %s\n", strerror(errno));
      return 1;
    }
  }
  real = gb_cycles_now() - t0;
  if (posix) {
    gb_seconds_text(real, 2, seconds, sizeof(seconds));
    fprintf(stderr, "real %s\nuser %d.%02d\nsys %d.%02d\n", seconds, ru.ru_utime.tv_sec, ru.ru_utime.tv_usec / 10000,
            ru.ru_stime.tv_sec, ru.ru_stime.tv_usec / 10000);
  } else {
    gb_seconds_text(real, 6, seconds, sizeof(seconds));
    gb_u64_text(real, cycles, sizeof(cycles));
    fprintf(stderr, "real %s s  %s cycles\nuser %d.%06d s\nsys  %d.%06d s\n", seconds, cycles, ru.ru_utime.tv_sec,
            ru.ru_utime.tv_usec, ru.ru_stime.tv_sec, ru.ru_stime.tv_usec);
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}
