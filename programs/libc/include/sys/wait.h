// wait(), waitpid(), wait4() and the W* macros that decode a wait status
// (abi.h; struct rusage is there too).
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/types.h>
#include "../../../../kernel/include/abi.h"

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
// waitpid, and the child's CPU times (its own and its reaped descendants')
// in *usage unless it is null.
pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage);

#endif
