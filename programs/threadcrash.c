// threadcrash: one thread dereferences a null pointer. Threads share their
// process, so the fault kills the whole process, main thread included —
// unlike a crash in a separate process, which touches nothing else.

#include <stdio.h>
#include <unistd.h>
#include <pthread.h>

static void *crash(void *arg) {
  volatile int *p = (volatile int *)arg;
  usleep(10000);
  return (void *)*p;
}

int main(void) {
  pthread_t t;
  int i;
  pthread_create(&t, 0, crash, 0);
  printf("threadcrash: main thread %d started thread %d, which will read address 0\n", getpid(), t);
  for (i = 0; i < 100; i++) usleep(10000);
  printf("threadcrash: the main thread survived?!\n");
  return 0;
}
