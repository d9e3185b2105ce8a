// POSIX threads over the kernel's clone (thread.s starts a thread on its
// own stack), the Glassbox join call, and mutexes and condition variables
// built on atomic instructions and the kernel's futex (kernel/futex.c): a
// thread that must wait sleeps in the kernel instead of spinning. Errors
// are returned as error numbers, as POSIX says.

#include <errno.h>
#include <stdlib.h>
#include <pthread.h>
#include "../../../kernel/include/syscall.h"
#include "../../../kernel/include/abi.h"

int __syscall(int number, int a, int b, int c, int d, int e);
int __thread_start(void *(*fn)(void *), void *arg, void *stack_top);
int __atomic_swap(volatile int *p, int value);
int __atomic_cas(volatile int *p, int expected, int value);

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

static void futex_wait(volatile int *addr, int val) {
  __syscall(SYS_futex, (int)addr, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, val, 0, 0);
}

static void futex_wake(volatile int *addr, int n) {
  __syscall(SYS_futex, (int)addr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, n, 0, 0);
}

// A mutex's word is 0 (free), 1 (locked) or 2 (locked, and someone may be
// asleep on it): Drepper's "Futexes Are Tricky", mutex 2. Only an unlock
// that finds 2 makes a system call.
int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr) {
  (void)attr;
  m->locked = 0;
  return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m) {
  int c = __atomic_cas(&m->locked, 0, 1);
  if (c == 0) return 0;
  if (c != 2) c = __atomic_swap(&m->locked, 2);
  while (c != 0) {
    futex_wait(&m->locked, 2);
    c = __atomic_swap(&m->locked, 2);
  }
  return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m) {
  return __atomic_cas(&m->locked, 0, 1) == 0 ? 0 : EBUSY;
}

int pthread_mutex_unlock(pthread_mutex_t *m) {
  if (__atomic_swap(&m->locked, 0) == 2) futex_wake(&m->locked, 1);
  return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m) {
  (void)m;
  return 0;
}

// A condition variable is a sequence number bumped by every signal. A
// waiter notes it, unlocks, and sleeps only while it is unchanged, so a
// signal between the unlock and the sleep is not lost. Waking early (a
// signal for another waiter, a handled signal) is allowed: callers wait in
// a loop on their condition, as POSIX requires.
int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr) {
  (void)attr;
  c->seq = 0;
  return 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  int seq = c->seq;
  pthread_mutex_unlock(m);
  futex_wait(&c->seq, seq);
  pthread_mutex_lock(m);
  return 0;
}

static void bump(volatile int *seq) {
  int old;
  do old = *seq;
  while (__atomic_cas(seq, old, old + 1) != old);
}

int pthread_cond_signal(pthread_cond_t *c) {
  bump(&c->seq);
  futex_wake(&c->seq, 1);
  return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c) {
  bump(&c->seq);
  futex_wake(&c->seq, 0x7fffffff);
  return 0;
}

int pthread_cond_destroy(pthread_cond_t *c) {
  (void)c;
  return 0;
}
