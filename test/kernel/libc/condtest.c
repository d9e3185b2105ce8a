// Condition variables and futex-backed mutexes (test/kernel/libc.test.ts):
// a bounded queue between producers and consumers, a broadcast that
// releases every waiter, waiters that sleep instead of burning CPU time,
// and the futex call's errors.
#include <stdio.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include "../../../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);

#define SLOTS 4
#define PER_PRODUCER 200

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int queue[SLOTS];
static int head, count, done_producers;
static int consumed, sum;

static void *producer(void *arg) {
  int base = (int)arg;
  int i;
  for (i = 1; i <= PER_PRODUCER; i++) {
    pthread_mutex_lock(&lock);
    while (count == SLOTS) pthread_cond_wait(&not_full, &lock);
    queue[(head + count++) % SLOTS] = base + i;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&lock);
  }
  pthread_mutex_lock(&lock);
  done_producers++;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&lock);
  return 0;
}

static void *consumer(void *arg) {
  int mine = 0;
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&lock);
    while (count == 0 && done_producers < 2) pthread_cond_wait(&not_empty, &lock);
    if (count == 0) {
      pthread_mutex_unlock(&lock);
      return (void *)mine;
    }
    sum += queue[head];
    head = (head + 1) % SLOTS;
    count--;
    consumed++;
    mine++;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&lock);
  }
}

static pthread_cond_t go = PTHREAD_COND_INITIALIZER;
static int started, flag, released;

static void *waiter(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  started++;
  while (!flag) pthread_cond_wait(&go, &lock);
  released++;
  pthread_mutex_unlock(&lock);
  return 0;
}

static void *locker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  released++;
  pthread_mutex_unlock(&lock);
  return 0;
}

// CPU time (all threads) in microseconds while the main thread sleeps 50 ms.
static int cpu_during_sleep(void) {
  struct timespec ts;
  clock_t c0 = clock();
  ts.tv_sec = 0;
  ts.tv_nsec = 50000000;
  nanosleep(&ts, 0);
  return (int)(clock() - c0);
}

int main(void) {
  pthread_t t[4];
  void *got[2];
  int i;
  int word = 5;
  int e;
  pthread_create(&t[0], 0, producer, (void *)0);
  pthread_create(&t[1], 0, producer, (void *)1000);
  pthread_create(&t[2], 0, consumer, 0);
  pthread_create(&t[3], 0, consumer, 0);
  for (i = 0; i < 2; i++) pthread_join(t[i], 0);
  pthread_join(t[2], &got[0]);
  pthread_join(t[3], &got[1]);
  printf("queue: consumed %d, sum %d, split %d\n", consumed, sum, (int)got[0] + (int)got[1]);

  for (i = 0; i < 3; i++) pthread_create(&t[i], 0, waiter, 0);
  while (started < 3) sched_yield();
  printf("waiting on a condition: %d us of CPU in 50 ms\n", cpu_during_sleep());
  pthread_mutex_lock(&lock);
  flag = 1;
  pthread_cond_broadcast(&go);
  pthread_mutex_unlock(&lock);
  for (i = 0; i < 3; i++) pthread_join(t[i], 0);
  printf("broadcast released %d of 3\n", released);

  released = 0;
  pthread_mutex_lock(&lock);
  pthread_create(&t[0], 0, locker, 0);
  printf("waiting on a mutex: %d us of CPU in 50 ms\n", cpu_during_sleep());
  printf("before unlock: %d\n", released);
  pthread_mutex_unlock(&lock);
  pthread_join(t[0], 0);
  printf("after unlock: %d\n", released);

  e = __syscall(SYS_futex, (int)&word, FUTEX_WAIT, 4, 0, 0);
  printf("futex wait on a changed word: %d\n", e);
  e = __syscall(SYS_futex, (int)&word, FUTEX_WAKE, 1, 0, 0);
  printf("futex wake with no waiters: %d\n", e);
  e = __syscall(SYS_futex, 16, FUTEX_WAIT, 0, 0, 0);
  printf("futex bad pointer: %d, kernel pointer: %d\n", e, __syscall(SYS_futex, (int)0xC0001000, FUTEX_WAKE, 1, 0, 0));
  e = __syscall(SYS_futex, (int)&word + 1, FUTEX_WAIT, 5, 0, 0);
  printf("futex misaligned: %d, unknown op: %d\n", e, __syscall(SYS_futex, (int)&word, 99, 0, 0, 0));
  return 0;
}
