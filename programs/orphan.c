// orphan: a child outlives its parent.
//
// The parent exits at once. The kernel re-parents the child to init
// (pid 1), so getppid() in the child changes to 1; when the child exits,
// init waits for it, so it does not stay a zombie.

#include <stdio.h>
#include <unistd.h>

int main(void) {
  int parent = getpid();
  int child = fork();
  int tries;
  if (child < 0) {
    printf("orphan: fork failed\n");
    return 1;
  }
  if (child > 0) {
    printf("orphan: parent %d exits, leaving child %d behind\n", parent, child);
    return 0;
  }
  for (tries = 0; tries < 1000 && getppid() == parent; tries++) usleep(10000);
  printf("orphan: child %d: my parent is now %d%s\n", getpid(), getppid(), getppid() == 1 ? " (init)" : "");
  return 0;
}
