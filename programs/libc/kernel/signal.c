// Signals the POSIX way: sigaction, sigprocmask, and the sigset_t
// operations (a sigset_t is a word, bit n for signal n: abi.h). signal(),
// kill() and raise() are in unistd.c.

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
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

// The signals by name and in words (the words bash prints for a job).
static const struct {
  int sig;
  const char *name;
  const char *words;
} signal_names[] = {
  {SIGHUP, "HUP", "Hangup"}, {SIGINT, "INT", "Interrupt"}, {SIGQUIT, "QUIT", "Quit"},
  {SIGILL, "ILL", "Illegal instruction"}, {SIGTRAP, "TRAP", "Trace/breakpoint trap"},
  {SIGABRT, "ABRT", "Aborted"}, {SIGBUS, "BUS", "Bus error"}, {SIGFPE, "FPE", "Floating point exception"},
  {SIGKILL, "KILL", "Killed"}, {SIGUSR1, "USR1", "User defined signal 1"},
  {SIGSEGV, "SEGV", "Segmentation fault"}, {SIGUSR2, "USR2", "User defined signal 2"},
  {SIGPIPE, "PIPE", "Broken pipe"}, {SIGALRM, "ALRM", "Alarm clock"}, {SIGTERM, "TERM", "Terminated"},
  {SIGCHLD, "CHLD", "Child exited"}, {SIGCONT, "CONT", "Continued"}, {SIGSTOP, "STOP", "Stopped (signal)"},
  {SIGTSTP, "TSTP", "Stopped"}, {SIGTTIN, "TTIN", "Stopped (tty input)"},
  {SIGTTOU, "TTOU", "Stopped (tty output)"},
};

#define NNAMES ((int)(sizeof(signal_names) / sizeof(signal_names[0])))

const char *signal_name(int sig) {
  int i;
  for (i = 0; i < NNAMES; i++)
    if (signal_names[i].sig == sig) return signal_names[i].name;
  return 0;
}

int signal_from_name(const char *s) {
  int i;
  int n = 0;
  if (*s >= '0' && *s <= '9') {
    for (; *s >= '0' && *s <= '9'; s++) n = n * 10 + (*s - '0');
    return *s || n <= 0 || n >= NSIG ? -1 : n;
  }
  if (s[0] == 'S' && s[1] == 'I' && s[2] == 'G') s += 3;
  for (i = 0; i < NNAMES; i++) {
    const char *a = signal_names[i].name;
    const char *b = s;
    while (*a && (*b == *a || *b == *a + ('a' - 'A'))) {
      a++;
      b++;
    }
    if (!*a && !*b) return signal_names[i].sig;
  }
  return -1;
}

char *strsignal(int sig) {
  static char unknown[32];
  int i;
  for (i = 0; i < NNAMES; i++)
    if (signal_names[i].sig == sig) return (char *)signal_names[i].words;
  snprintf(unknown, sizeof(unknown), "Unknown signal %d", sig);
  return unknown;
}
