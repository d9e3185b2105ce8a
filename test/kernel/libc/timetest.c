// time(), clock() and clock_gettime() (test/kernel/libc.test.ts): the
// clocks agree, move forward, a sleep passes real time but little CPU
// time, a busy loop passes CPU time, and bad arguments are refused.
#include <stdio.h>
#include <time.h>
#include <errno.h>
#include <glassbox.h>

// Nanoseconds from a to b (both under a few seconds apart).
static int elapsed_ns(struct timespec *a, struct timespec *b) {
  return (b->tv_sec - a->tv_sec) * 1000000000 + (b->tv_nsec - a->tv_nsec);
}

int main(void) {
  struct timespec r0, m0, m1, m2, sleep;
  time_t t = 0;
  time_t t2;
  clock_t c0, c1, c2;
  volatile int sink = 0;
  int i;
  int e;
  unsigned int cyc[2];
  gb_cycles(cyc);
  clock_gettime(CLOCK_REALTIME, &r0);
  clock_gettime(CLOCK_MONOTONIC, &m0);
  t2 = time(&t);
  printf("since boot: %d s, time() %d %s\n", r0.tv_sec, t, t == t2 && t == r0.tv_sec ? "agrees" : "disagrees");
  // The kernel's 64-bit division, checked against the cycle counter read
  // just before: seconds * 3e9 + ns * 3, modulo 2^32, is a little later.
  printf("realtime matches the cycle counter: %d\n",
         (unsigned int)r0.tv_sec * 3000000000u + (unsigned int)r0.tv_nsec * 3u - cyc[0] < 100000u);
  printf("realtime <= monotonic: %d, nsec in range: %d\n", elapsed_ns(&r0, &m0) >= 0, m0.tv_nsec >= 0 && m0.tv_nsec < 1000000000);
  c0 = clock();
  sleep.tv_sec = 0;
  sleep.tv_nsec = 50000000;
  nanosleep(&sleep, 0);
  clock_gettime(CLOCK_MONOTONIC, &m1);
  c1 = clock();
  for (i = 0; i < 300000; i++) sink += i;
  clock_gettime(CLOCK_MONOTONIC, &m2);
  c2 = clock();
  printf("sleep 50 ms: %d ms passed, %d ms of CPU\n", elapsed_ns(&m0, &m1) / 1000000, (int)(c1 - c0) / 1000);
  printf("busy loop: %d us passed, %d us of CPU\n", elapsed_ns(&m1, &m2) / 1000, (int)(c2 - c1));
  printf("CLOCKS_PER_SEC %d\n", CLOCKS_PER_SEC);
  e = clock_gettime(7, &m0) < 0 ? errno : 0;
  printf("clock 7: errno %d\n", e);
  e = clock_gettime(CLOCK_MONOTONIC, (struct timespec *)16) < 0 ? errno : 0;
  printf("bad pointer: errno %d\n", e);
  e = time((time_t *)0xC0001000) < 0 ? errno : 0;
  printf("time kernel pointer: errno %d\n", e);
  return 0;
}
