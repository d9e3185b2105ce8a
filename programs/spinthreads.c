// spinthreads [N]: N threads (default 2) of one process loop forever, so the
// timer switches between threads of the same address space: the context
// switch skips step 6 (no CR3 write, no TLB flush). Stop it with Ctrl-C.

#include <stdlib.h>
#include <pthread.h>

static void *spin(void *arg) {
  volatile unsigned int n = 0;
  (void)arg;
  for (;;) n++;
  return 0;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2;
  pthread_t t;
  int i;
  for (i = 1; i < n; i++) pthread_create(&t, 0, spin, 0);
  spin(0);
  return 0;
}
