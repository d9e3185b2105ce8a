// nanosleep() (struct timespec is in abi.h). Time passes in timer ticks of
// the kernel's quantum; the cycle model runs at 3 GHz.
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>
#include "../../../kernel/include/abi.h"

int nanosleep(const struct timespec *req, struct timespec *rem);

#endif
