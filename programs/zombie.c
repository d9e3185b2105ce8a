// zombie: watch a zombie appear and disappear.
//
// The child exits at once with status 7. Until the parent calls waitpid,
// the child stays in the process table as a zombie (STAT Z in ps): its
// memory is gone, but its exit status must be kept for the parent. The
// parent runs ps to show it, waits, and runs ps again.

#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

static void run_ps(void) {
  char *argv[2];
  int status;
  int pid = fork();
  if (pid == 0) {
    argv[0] = "ps";
    argv[1] = 0;
    execv("/bin/ps", argv);
    _exit(127);
  }
  waitpid(pid, &status, 0);
}

int main(void) {
  int status;
  int child = fork();
  if (child < 0) {
    printf("zombie: fork failed\n");
    return 1;
  }
  if (child == 0) _exit(7);
  sleep(1);   // let the child run and exit
  printf("zombie: child %d has exited; until I wait for it, it is a zombie:\n", child);
  run_ps();
  if (waitpid(child, &status, 0) != child) {
    printf("zombie: waitpid failed\n");
    return 1;
  }
  printf("zombie: reaped child %d, exit status %d; it is gone:\n", child, WEXITSTATUS(status));
  run_ps();
  return 0;
}
