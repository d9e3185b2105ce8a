// sigaction and sigprocmask (test/kernel/libc.test.ts): the old action,
// sa_mask while a handler runs, SA_RESETHAND, SA_RESTART against EINTR,
// blocked signals held until unblocked (a handled one runs then, a default
// one kills then), SIGKILL unblockable, and the errors.
#include <stdio.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#include <sys/wait.h>
#include "../../../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);

static volatile int usr1, usr2;
static char order[16];
static volatile int olen;

static void on_usr1(int sig) {
  (void)sig;
  order[olen++] = 'a';
  raise(SIGUSR2);                 // blocked by sa_mask until this handler returns
  order[olen++] = 'b';
  usr1++;
}

static void on_usr2(int sig) {
  (void)sig;
  order[olen++] = '2';
  usr2++;
}

static void set(int sig, void (*fn)(int), unsigned int flags, int masked) {
  struct sigaction sa;
  sa.sa_handler = fn;
  sigemptyset(&sa.sa_mask);
  if (masked) sigaddset(&sa.sa_mask, masked);
  sa.sa_flags = flags;
  if (sigaction(sig, &sa, 0) < 0) perror("sigaction");
}

// Fork a child that signals us with SIGUSR1 and then writes one byte to
// the pipe; return what our read() gave.
static int read_interrupted(void) {
  int fds[2];
  char c = 0;
  int r;
  int status;
  pipe(fds);
  if (fork() == 0) {
    usleep(10000);
    kill(getppid(), SIGUSR1);
    usleep(10000);
    write(fds[1], "x", 1);
    _exit(0);
  }
  errno = 0;
  r = (int)read(fds[0], &c, 1);
  if (r < 0) printf("read: -1 %s\n", errno == EINTR ? "EINTR" : "other");
  else printf("read: %d '%c'\n", r, c);
  wait(&status);
  close(fds[0]);
  close(fds[1]);
  return r;
}

static void child_status(const char *what, int pid) {
  int status;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", what, WTERMSIG(status));
  else printf("%s: exited %d\n", what, WEXITSTATUS(status));
}

int main(void) {
  struct sigaction old;
  sigset_t s;
  sigset_t was;
  int pid;
  int e;

  set(SIGUSR2, on_usr2, 0, 0);
  set(SIGUSR1, on_usr1, 0, SIGUSR2);
  sigaction(SIGUSR1, 0, &old);
  printf("old action is the handler: %d, mask has USR2: %d\n", old.sa_handler == on_usr1, sigismember(&old.sa_mask, SIGUSR2));
  raise(SIGUSR1);
  order[olen] = 0;
  printf("order: %s (usr1 %d, usr2 %d)\n", order, usr1, usr2);

  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  sigprocmask(SIG_BLOCK, &s, &was);
  raise(SIGUSR2);
  printf("blocked: usr2 %d, was blocked %d\n", usr2, sigismember(&was, SIGUSR2));
  sigprocmask(SIG_UNBLOCK, &s, 0);
  printf("unblocked: usr2 %d\n", usr2);

  set(SIGUSR1, on_usr2, 0, 0);
  read_interrupted();
  set(SIGUSR1, on_usr2, SA_RESTART, 0);
  read_interrupted();

  pid = fork();
  if (pid == 0) {
    set(SIGUSR1, on_usr2, SA_RESETHAND, 0);
    raise(SIGUSR1);
    sigaction(SIGUSR1, 0, &old);
    printf("resethand: handled once, now default: %d\n", old.sa_handler == SIG_DFL);
    raise(SIGUSR1);
    _exit(0);
  }
  child_status("resethand child", pid);

  pid = fork();
  if (pid == 0) {
    sigemptyset(&s);
    sigaddset(&s, SIGTERM);
    sigprocmask(SIG_SETMASK, &s, 0);
    raise(SIGTERM);
    printf("SIGTERM blocked: still alive\n");
    sigprocmask(SIG_UNBLOCK, &s, 0);
    printf("not reached\n");
    _exit(0);
  }
  child_status("blocked SIGTERM child", pid);

  pid = fork();
  if (pid == 0) {
    sigfillset(&s);
    sigprocmask(SIG_SETMASK, &s, 0);
    sleep(5);
    _exit(0);
  }
  usleep(10000);
  kill(pid, SIGKILL);
  child_status("everything blocked child", pid);

  e = sigaction(SIGKILL, &old, 0) < 0 ? errno : 0;
  printf("errors: SIGKILL %d", e);
  e = sigaction(0, &old, 0) < 0 ? errno : 0;
  printf(", signal 0 %d", e);
  e = -__syscall(SYS_sigaction, SIGUSR1, 16, 0, 0, 0);   // libc would fault copying it
  printf(", bad act %d", e);
  e = sigaction(SIGUSR1, 0, (struct sigaction *)16) < 0 ? errno : 0;
  printf(", bad old %d", e);
  e = sigprocmask(99, &s, 0) < 0 ? errno : 0;
  printf(", bad how %d", e);
  e = sigaddset(&s, 99) < 0 ? errno : 0;
  printf(", sigaddset 99 %d\n", e);
  return 0;
}
