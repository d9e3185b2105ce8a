// race [N]: a race condition and its cure.
//
// Two threads of one process each add 1 to a shared counter N times
// (default 1000000). Without a lock, an increment is a load, an add and a
// store; when the timer switches threads between the load and the store,
// the other thread's updates in between are overwritten and lost. With a
// mutex around the increment the total is exact.
//
// The increment is written out as load / add / store: our compiler turns a
// plain `counter++` into one `inc dword [counter]` instruction, which a
// single CPU cannot be interrupted in the middle of (on a multicore machine
// it would still race).

#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>

static volatile int counter;
static int iterations;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

// counter = counter + 1, in three steps a switch can come between.
static void increment(void) {
  int value = counter;
  value = value + 1;
  counter = value;
}

static void *add_unlocked(void *arg) {
  int i;
  (void)arg;
  for (i = 0; i < iterations; i++) increment();
  return 0;
}

static void *add_locked(void *arg) {
  int i;
  (void)arg;
  for (i = 0; i < iterations; i++) {
    pthread_mutex_lock(&lock);
    increment();
    pthread_mutex_unlock(&lock);
  }
  return 0;
}

static int run(void *(*body)(void *), const char *label) {
  pthread_t a;
  pthread_t b;
  counter = 0;
  if (pthread_create(&a, 0, body, 0) != 0 || pthread_create(&b, 0, body, 0) != 0) {
    printf("race: cannot create threads\n");
    return -1;
  }
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%s: expected %d, got %d", label, 2 * iterations, counter);
  if (counter != 2 * iterations) printf(" (%d updates lost)", 2 * iterations - counter);
  printf("\n");
  return counter;
}

int main(int argc, char **argv) {
  iterations = argc > 1 ? atoi(argv[1]) : 1000000;
  run(add_unlocked, "without a lock");
  run(add_locked, "with a mutex  ");
  return 0;
}
