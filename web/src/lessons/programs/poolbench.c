// poolbench [REQUESTS]: a thread per request against a pool of threads.
//
// Serves REQUESTS small requests (default 64, at most 200) twice and times
// each way with the machine's cycle counter:
//   per request: the main thread starts a new thread for every request
//                (pthread_create), which serves it and ends; then joins them;
//   pool:        the main thread starts POOL workers once, puts the requests
//                in a shared queue (a mutex guards it), and the workers take
//                and serve them until the queue is closed and empty.
// The work per request is the same; what differs is how many threads are
// created (REQUESTS or POOL) and so how often the kernel pays for a new
// thread: a kernel stack, a user stack, a place in the ready queue.
//
// Shipped with lesson 9 (web/src/lessons/09-thread-pool.ts).

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <pthread.h>
#include <glassbox.h>

#define MAX_REQUESTS 200
#define POOL 4
#define QUEUE_SIZE 8

static int results[MAX_REQUESTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int queue[QUEUE_SIZE];
static int queue_head;
static int queue_count;
static int closed;

// Serving one request: a little arithmetic, the same for both ways.
static void serve(int request) {
  int sum = 0;
  int i;
  for (i = 0; i < 2000; i++) sum += i % (request + 3);
  results[request] = sum;
}

static void *one_request(void *arg) {
  serve((int)arg);
  return 0;
}

// The next queued request, or -1 once the queue is closed and empty.
static int take(void) {
  int request;
  for (;;) {
    pthread_mutex_lock(&lock);
    if (queue_count > 0) {
      request = queue[queue_head];
      queue_head = (queue_head + 1) % QUEUE_SIZE;
      queue_count--;
      pthread_mutex_unlock(&lock);
      return request;
    }
    if (closed) {
      pthread_mutex_unlock(&lock);
      return -1;
    }
    pthread_mutex_unlock(&lock);
    sched_yield();
  }
}

static void put(int request) {
  for (;;) {
    pthread_mutex_lock(&lock);
    if (queue_count < QUEUE_SIZE) {
      queue[(queue_head + queue_count) % QUEUE_SIZE] = request;
      queue_count++;
      pthread_mutex_unlock(&lock);
      return;
    }
    pthread_mutex_unlock(&lock);
    sched_yield();
  }
}

static void *worker(void *arg) {
  int request;
  (void)arg;
  while ((request = take()) >= 0) serve(request);
  return 0;
}

static unsigned long long per_request(int requests) {
  pthread_t threads[MAX_REQUESTS];
  unsigned long long t0 = gb_cycles_now();
  int i;
  for (i = 0; i < requests; i++) {
    if (pthread_create(&threads[i], 0, one_request, (void *)i) != 0) {
      printf("poolbench: cannot create thread %d\n", i);
      exit(1);
    }
  }
  for (i = 0; i < requests; i++) pthread_join(threads[i], 0);
  return gb_cycles_now() - t0;
}

static unsigned long long pooled(int requests) {
  pthread_t threads[POOL];
  unsigned long long t0 = gb_cycles_now();
  int i;
  for (i = 0; i < POOL; i++) {
    if (pthread_create(&threads[i], 0, worker, 0) != 0) {
      printf("poolbench: cannot create worker %d\n", i);
      exit(1);
    }
  }
  for (i = 0; i < requests; i++) put(i);
  pthread_mutex_lock(&lock);
  closed = 1;
  pthread_mutex_unlock(&lock);
  for (i = 0; i < POOL; i++) pthread_join(threads[i], 0);
  return gb_cycles_now() - t0;
}

int main(int argc, char **argv) {
  int requests = argc > 1 ? atoi(argv[1]) : 64;
  unsigned long long a;
  unsigned long long b;
  if (requests < 1 || requests > MAX_REQUESTS) {
    printf("usage: poolbench [REQUESTS]  (1 to %d, default 64)\n", MAX_REQUESTS);
    return 2;
  }
  a = per_request(requests);
  b = pooled(requests);
  printf("poolbench: %d requests\n", requests);
  printf("thread per request: %d threads created, %u cycles per request\n", requests, (unsigned int)(a / requests));
  printf("thread pool       : %d threads created, %u cycles per request\n", POOL, (unsigned int)(b / requests));
  return 0;
}
