// POSIX threads over the kernel's clone (thread.s starts a thread on its
// own stack), the Glassbox join call, and mutexes built on an atomic
// exchange. Errors are returned as error numbers, as POSIX says.

#include <errno.h>
#include <stdlib.h>
#include <pthread.h>
#include "../../../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);
int __thread_start(void *(*fn)(void *), void *arg, void *stack_top);
int __atomic_swap(volatile int *p, int value);

#define MAX_STACKS 64

// The stacks of threads not yet joined, to free at the join.
static struct {
  pthread_t tid;
  char *stack;
} stacks[MAX_STACKS];

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg) {
  char *stack;
  int tid;
  int slot;
  (void)attr;
  for (slot = 0; slot < MAX_STACKS && stacks[slot].stack; slot++)
    ;
  if (slot == MAX_STACKS) return EAGAIN;
  stack = (char *)malloc(PTHREAD_STACK_SIZE);
  if (!stack) return EAGAIN;
  tid = __thread_start(start, arg, stack + PTHREAD_STACK_SIZE);
  if (tid < 0) {
    free(stack);
    return -tid;
  }
  stacks[slot].tid = tid;
  stacks[slot].stack = stack;
  *thread = tid;
  return 0;
}

int pthread_join(pthread_t thread, void **value) {
  int v = 0;
  int r = __syscall(SYS_gb_thread_join, thread, (int)&v, 0, 0, 0);
  int slot;
  if (r < 0) return -r;
  for (slot = 0; slot < MAX_STACKS; slot++) {
    if (stacks[slot].stack && stacks[slot].tid == thread) {
      free(stacks[slot].stack);
      stacks[slot].stack = 0;
    }
  }
  if (value) *value = (void *)v;
  return 0;
}

void pthread_exit(void *value) {
  for (;;) __syscall(SYS_exit, (int)value, 0, 0, 0, 0);
}

pthread_t pthread_self(void) {
  return __syscall(SYS_gettid, 0, 0, 0, 0, 0);
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr) {
  (void)attr;
  m->locked = 0;
  return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m) {
  while (__atomic_swap(&m->locked, 1) != 0) __syscall(SYS_sched_yield, 0, 0, 0, 0, 0);
  return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m) {
  return __atomic_swap(&m->locked, 1) == 0 ? 0 : EBUSY;
}

int pthread_mutex_unlock(pthread_mutex_t *m) {
  __atomic_swap(&m->locked, 0);
  return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m) {
  (void)m;
  return 0;
}
