// POSIX threads, the small part Glassbox has: create, join, exit, self,
// mutexes and condition variables. Threads are the kernel's (clone): they
// share the process's memory and files and each has its own stack (64 KiB
// from malloc). A thread waiting for a mutex or a condition sleeps in the
// kernel (futex) rather than spinning.
// libc itself (stdio, malloc) takes no locks: keep those calls in one thread
// at a time.
#ifndef _PTHREAD_H
#define _PTHREAD_H

typedef int pthread_t;
typedef int pthread_attr_t;

typedef struct {
  volatile int locked;
} pthread_mutex_t;

typedef int pthread_mutexattr_t;

#define PTHREAD_MUTEX_INITIALIZER {0}

typedef struct {
  volatile int seq;          // bumped by every signal and broadcast
} pthread_cond_t;

typedef int pthread_condattr_t;

#define PTHREAD_COND_INITIALIZER {0}
#define PTHREAD_STACK_SIZE 65536

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg);
int pthread_join(pthread_t thread, void **value);
void pthread_exit(void *value);
pthread_t pthread_self(void);

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_unlock(pthread_mutex_t *m);
int pthread_mutex_destroy(pthread_mutex_t *m);

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr);
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);
int pthread_cond_destroy(pthread_cond_t *c);

#endif
