// Signal numbers (abi.h), signal(), sigaction(), sigprocmask(), the
// sigset_t operations and kill(). A signal's action is the default
// (terminate; SIGCHLD is ignored), SIG_IGN, or a handler function, which
// runs on the thread's stack and returns to the interrupted code (a
// blocking call it interrupted fails with EINTR, or is made again with
// SA_RESTART). struct sigaction, SA_* and SIG_BLOCK... are in abi.h (no
// SA_SIGINFO). Faults the CPU raises (SIGSEGV, SIGILL, SIGFPE) always
// terminate.
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>
#include "../../../kernel/include/abi.h"

typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)SIG_DFL_VALUE)
#define SIG_IGN ((sighandler_t)SIG_IGN_VALUE)
#define SIG_ERR ((sighandler_t)-1)

sighandler_t signal(int sig, sighandler_t handler);
int kill(pid_t pid, int sig);
int raise(int sig);

int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

// Glassbox (as in BSD's sys_signame): the name without "SIG" ("TSTP"), or 0.
const char *signal_name(int sig);
// A signal given as a number or a name, with or without SIG, in either
// case ("9", "KILL", "sigterm"); -1 if it is none.
int signal_from_name(const char *s);
// strsignal() (string.h): what a signal means, in bash's words ("Segmentation fault").

#endif
