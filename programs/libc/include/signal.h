// Signal numbers (abi.h) and kill(). The Glassbox kernel has only default
// actions: a signal terminates its target (SIGCHLD is ignored), unless the
// target asked to ignore it with signal(sig, SIG_IGN).
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>
#include "../../../kernel/include/abi.h"

typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)SIG_DFL_VALUE)
#define SIG_IGN ((sighandler_t)SIG_IGN_VALUE)
#define SIG_ERR ((sighandler_t)-1)

// Only SIG_DFL and SIG_IGN are supported (the kernel runs no handlers).
sighandler_t signal(int sig, sighandler_t handler);
int kill(pid_t pid, int sig);
int raise(int sig);

#endif
