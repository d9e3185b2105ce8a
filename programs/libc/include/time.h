// Time: nanosleep(), time(), clock() and clock_gettime() (struct timespec
// and the CLOCK_* numbers are in abi.h). The machine's clock is its cycle
// counter at the cycle model's 3 GHz; "real" time counts from 0 at boot,
// because a deterministic machine takes nothing from the host's clock
// (kernel/time.c). Sleeps last whole timer ticks of the kernel's quantum.
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>
#include "../../../kernel/include/abi.h"

typedef long clock_t;
typedef int clockid_t;

// clock()'s unit (POSIX's): microseconds of the process's CPU time. A
// 32-bit clock_t wraps after about 2147 seconds of CPU time.
#define CLOCKS_PER_SEC 1000000

int nanosleep(const struct timespec *req, struct timespec *rem);
time_t time(time_t *t);
clock_t clock(void);
int clock_gettime(clockid_t clock, struct timespec *ts);

#endif
