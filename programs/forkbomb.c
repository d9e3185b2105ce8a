// forkbomb [N]: create N children at once (default: as many as the kernel
// allows). Each child sleeps until it is killed. When fork fails because
// the process table is full, fork returns -1 (EAGAIN): the kernel does not
// fall over. Then all the children are killed and collected.

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <signal.h>
#include <errno.h>
#include <sys/wait.h>

#define MAXKIDS 256

static int kids[MAXKIDS];

int main(int argc, char **argv) {
  int want = argc > 1 ? atoi(argv[1]) : MAXKIDS;
  int n = 0;
  int i;
  int status;
  int reaped = 0;
  int pid;
  if (want > MAXKIDS) want = MAXKIDS;
  while (n < want) {
    pid = fork();
    if (pid < 0) {
      printf("forkbomb: fork failed after %d children: %s\n", n, errno == EAGAIN ? "EAGAIN (process table full)" : "error");
      break;
    }
    if (pid == 0) {
      for (;;) sleep(100);
    }
    kids[n++] = pid;
  }
  printf("forkbomb: %d children running at once\n", n);
  for (i = 0; i < n; i++) kill(kids[i], SIGKILL);
  while (reaped < n && wait(&status) > 0) reaped++;
  printf("forkbomb: killed and reaped %d children\n", reaped);
  return 0;
}
