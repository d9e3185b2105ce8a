// threadpool [REQUESTS] [WORKERS]: a pool of worker threads serving a queue.
//
// The main thread starts WORKERS threads (default 4) once, then puts
// REQUESTS requests (default 20) into a small shared queue, waiting while
// the queue is full. Each worker loops: take the next request from the
// queue, serve it (some work), repeat; it ends when the queue is empty and
// closed. The queue is protected by a pthread mutex; a thread that finds
// nothing to do (a worker with an empty queue, the main thread with a full
// one) gives the CPU away with sched_yield instead of spinning.
//
// libc's printf is not thread-safe, so the workers only log who served
// what; the main thread prints the log, in the order the requests were
// served, after joining them.

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <pthread.h>

#define MAX_REQUESTS 1000
#define MAX_WORKERS 16
#define QUEUE_SIZE 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int queue[QUEUE_SIZE];  // a ring of request numbers
static int queue_head;         // next to take
static int queue_count;        // how many are waiting
static int closed;             // no more requests will come

// The log of what was served, in order: request and worker (under the lock).
static int log_request[MAX_REQUESTS];
static int log_worker[MAX_REQUESTS];
static int log_count;
static int results[MAX_REQUESTS];

// Take a request: its number, or -1 when the queue is empty and closed.
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
    sched_yield();  // nothing queued yet
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
    sched_yield();  // queue full: let the workers catch up
  }
}

static void *worker(void *arg) {
  int id = (int)arg;
  int request;
  while ((request = take()) >= 0) {
    int sum = 0;
    int i;
    for (i = 0; i < 100000; i++) sum += i % (request + 3);  // serving it
    results[request] = sum;
    pthread_mutex_lock(&lock);
    log_request[log_count] = request;
    log_worker[log_count] = id;
    log_count++;
    pthread_mutex_unlock(&lock);
  }
  return 0;
}

int main(int argc, char **argv) {
  int requests = argc > 1 ? atoi(argv[1]) : 20;
  int workers = argc > 2 ? atoi(argv[2]) : 4;
  pthread_t threads[MAX_WORKERS];
  int count[MAX_WORKERS];
  int total = 0;
  int i;
  if (requests < 1 || requests > MAX_REQUESTS) requests = 20;
  if (workers < 1 || workers > MAX_WORKERS) workers = 4;
  for (i = 0; i < workers; i++) {
    count[i] = 0;
    if (pthread_create(&threads[i], 0, worker, (void *)i) != 0) {
      printf("threadpool: cannot create worker %d\n", i);
      return 1;
    }
  }
  for (i = 0; i < requests; i++) put(i);
  pthread_mutex_lock(&lock);
  closed = 1;
  pthread_mutex_unlock(&lock);
  for (i = 0; i < workers; i++) pthread_join(threads[i], 0);

  for (i = 0; i < log_count; i++) {
    printf("request %d served by worker %d\n", log_request[i], log_worker[i]);
    count[log_worker[i]]++;
  }
  for (i = 0; i < workers; i++) {
    printf("worker %d served %d requests\n", i, count[i]);
    total += count[i];
  }
  printf("total: %d of %d requests served\n", total, requests);
  return 0;
}
