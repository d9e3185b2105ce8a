// sigdemo: signal handlers. A handler for SIGUSR1 runs each time the
// process signals itself, and the interrupted code carries on with its
// registers intact; a signal from a child interrupts a sleep (which returns
// early); with the default action back, the same signal terminates.

#include <stdio.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>

static volatile int handled;

static void on_usr1(int sig) {
  if (sig == SIGUSR1) handled++;
}

int main(void) {
  int i;
  int sum = 0;
  int child;
  unsigned int left;
  signal(SIGUSR1, on_usr1);
  for (i = 0; i < 5; i++) {
    kill(getpid(), SIGUSR1);
    sum += i;
  }
  printf("sigdemo: the handler ran %d times; the loop still summed to %d\n", handled, sum);
  child = fork();
  if (child == 0) {
    usleep(20000);
    kill(getppid(), SIGUSR1);
    _exit(0);
  }
  left = sleep(5);
  printf("sigdemo: a signal cut the 5-second sleep short: %s\n", left > 0 ? "yes" : "no");
  waitpid(child, 0, 0);
  signal(SIGUSR1, SIG_DFL);
  printf("sigdemo: SIGUSR1 with its default action...\n");
  kill(getpid(), SIGUSR1);
  printf("sigdemo: still alive?!\n");
  return 0;
}
