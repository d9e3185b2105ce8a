// Signals the POSIX way: sigaction, sigprocmask, and the sigset_t
// operations (a sigset_t is a word, bit n for signal n: abi.h). signal(),
// kill() and raise() are in unistd.c.

#include <errno.h>
#include <signal.h>
#include "../../../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);
void __sigreturn_restorer(void);

static int check(int r) {
  if (r < 0 && r > -4096) {
    errno = -r;
    return -1;
  }
  return r;
}

// The kernel starts a handler with libc's restorer as its return address.
int sigaction(int sig, const struct sigaction *act, struct sigaction *old) {
  struct sigaction k;
  if (act) {
    k = *act;
    k.sa_flags |= SA_RESTORER;
    k.sa_restorer = __sigreturn_restorer;
  }
  return check(__syscall(SYS_sigaction, sig, act ? (int)&k : 0, (int)old, 0, 0));
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old) {
  return check(__syscall(SYS_sigprocmask, how, (int)set, (int)old, 0, 0));
}

static int valid(int sig) {
  if (sig > 0 && sig < NSIG) return 1;
  errno = EINVAL;
  return 0;
}

int sigemptyset(sigset_t *set) {
  *set = 0;
  return 0;
}

int sigfillset(sigset_t *set) {
  *set = ~1u;
  return 0;
}

int sigaddset(sigset_t *set, int sig) {
  if (!valid(sig)) return -1;
  *set |= 1u << sig;
  return 0;
}

int sigdelset(sigset_t *set, int sig) {
  if (!valid(sig)) return -1;
  *set &= ~(1u << sig);
  return 0;
}

int sigismember(const sigset_t *set, int sig) {
  if (!valid(sig)) return -1;
  return (*set >> sig) & 1;
}
