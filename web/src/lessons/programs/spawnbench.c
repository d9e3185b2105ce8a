// spawnbench [N]: what it costs to start a process and to start a thread.
//
// N times (default 20, at most 200) each way, timed with the machine's
// cycle counter:
//   process: fork() a child that exits at once, and waitpid() for it — the
//            kernel copies the address space (copy-on-write page tables),
//            a process-table slot and a kernel stack, and frees them again;
//   thread:  pthread_create() a thread that returns at once, and
//            pthread_join() it — a kernel stack and a user stack in the same
//            address space, nothing copied.
// Prints the cycles per start, process and thread side by side.
//
// Shipped with lesson 10 (web/src/lessons/10-processes-vs-threads.ts).

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/wait.h>
#include <glassbox.h>

static void *nothing(void *arg) {
  return arg;
}

static unsigned long long processes(int n) {
  unsigned long long t0 = gb_cycles_now();
  int status;
  int i;
  for (i = 0; i < n; i++) {
    int child = fork();
    if (child < 0) {
      printf("spawnbench: fork failed\n");
      exit(1);
    }
    if (child == 0) _exit(0);
    waitpid(child, &status, 0);
  }
  return gb_cycles_now() - t0;
}

static unsigned long long threads(int n) {
  unsigned long long t0 = gb_cycles_now();
  pthread_t t;
  int i;
  for (i = 0; i < n; i++) {
    if (pthread_create(&t, 0, nothing, 0) != 0) {
      printf("spawnbench: pthread_create failed\n");
      exit(1);
    }
    pthread_join(t, 0);
  }
  return gb_cycles_now() - t0;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 20;
  unsigned long long p;
  unsigned long long t;
  if (n < 1 || n > 200) {
    printf("usage: spawnbench [N]  (1 to 200, default 20)\n");
    return 2;
  }
  p = processes(n);
  t = threads(n);
  printf("spawnbench: %d starts each\n", n);
  printf("process (fork + exit + wait)  : %u cycles each\n", (unsigned int)(p / n));
  printf("thread (create + exit + join) : %u cycles each\n", (unsigned int)(t / n));
  return 0;
}
