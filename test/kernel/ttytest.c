// ttytest: the console's termios and the kernel's job-control stops, as a
// program sees them (test/kernel/terminal.test.ts types the input).
//   ttytest modes   the default modes, as tcgetattr gives them
//   ttytest raw N   raw mode without echo: read N bytes one read at a time
//                   (each read returns what is there), print them in hex
//   ttytest noecho  cooked without ECHO: read one line (a password)
//   ttytest stop    fork a child and stop, continue and kill it, printing
//                   what waitpid reports (WUNTRACED, WCONTINUED)
//   ttytest sigstop SIGSTOP cannot be caught, ignored or blocked

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <termios.h>
#include <sys/wait.h>
#include <sys/ioctl.h>

static void modes(void) {
  struct termios t;
  if (tcgetattr(0, &t) < 0) {
    printf("tcgetattr: %s\n", strerror(errno));
    return;
  }
  printf("ICANON %d ECHO %d ISIG %d ICRNL %d\n", !!(t.c_lflag & ICANON), !!(t.c_lflag & ECHO),
         !!(t.c_lflag & ISIG), !!(t.c_iflag & ICRNL));
  printf("VINTR %d VQUIT %d VSUSP %d VEOF %d VERASE %d VKILL %d VWERASE %d VMIN %d\n", t.c_cc[VINTR],
         t.c_cc[VQUIT], t.c_cc[VSUSP], t.c_cc[VEOF], t.c_cc[VERASE], t.c_cc[VKILL], t.c_cc[VWERASE], t.c_cc[VMIN]);
  printf("tcgetattr on a pipe: %s\n", tcgetattr(-1, &t) < 0 ? strerror(errno) : "worked");
}

static void raw(int n) {
  struct termios old;
  struct termios t;
  unsigned char buf[64];
  int got = 0;
  int r;
  int i;
  int pending = -1;
  tcgetattr(0, &old);
  t = old;
  t.c_lflag &= ~(ICANON | ECHO);
  tcsetattr(0, TCSANOW, &t);
  printf("raw\n");
  fflush(stdout);
  while (got < n) {
    r = read(0, buf + got, n - got);
    if (r <= 0) break;
    if (pending < 0) ioctl(0, FIONREAD, &pending);
    got += r;
    printf("read %d\n", r);
  }
  tcsetattr(0, TCSANOW, &old);
  for (i = 0; i < got; i++) printf("%02x ", buf[i]);
  printf("\nwaiting after the first read: %d\n", pending);
}

static void noecho(void) {
  struct termios old;
  struct termios t;
  char line[64];
  int r;
  tcgetattr(0, &old);
  t = old;
  t.c_lflag &= ~ECHO;
  tcsetattr(0, TCSANOW, &t);
  printf("password: ");
  fflush(stdout);
  r = read(0, line, sizeof(line) - 1);
  tcsetattr(0, TCSANOW, &old);
  if (r < 0) r = 0;
  line[r] = 0;
  printf("\ngot %d bytes: %s", r, line);
}

static void say(const char *what, int st) {
  if (WIFSTOPPED(st)) printf("%s: stopped by %d\n", what, WSTOPSIG(st));
  else if (WIFCONTINUED(st)) printf("%s: continued\n", what);
  else if (WIFSIGNALED(st)) printf("%s: killed by %d\n", what, WTERMSIG(st));
  else printf("%s: exited %d\n", what, WEXITSTATUS(st));
}

static void stop(void) {
  int st = 0;
  int pid = fork();
  int r;
  if (pid == 0) {
    for (;;) sched_yield();
  }
  kill(pid, SIGSTOP);
  r = waitpid(pid, &st, WUNTRACED);
  say(r == pid ? "WUNTRACED" : "no pid", st);
  r = waitpid(pid, &st, WNOHANG | WUNTRACED);
  printf("reported once: %d\n", r);
  kill(pid, SIGCONT);
  r = waitpid(pid, &st, WCONTINUED);
  say(r == pid ? "WCONTINUED" : "no pid", st);
  kill(pid, SIGTSTP);
  r = waitpid(pid, &st, WUNTRACED);
  say(r == pid ? "SIGTSTP" : "no pid", st);
  kill(pid, SIGTERM);                     // a fatal signal ends a stopped process
  r = waitpid(pid, &st, 0);
  say(r == pid ? "SIGTERM while stopped" : "no pid", st);
}

static void on_signal(int sig) {
  (void)sig;
}

static void sigstop(void) {
  sigset_t set;
  sigset_t now;
  printf("signal(SIGSTOP, handler): %s\n", signal(SIGSTOP, on_signal) == SIG_ERR ? strerror(errno) : "set");
  printf("signal(SIGSTOP, SIG_IGN): %s\n", signal(SIGSTOP, SIG_IGN) == SIG_ERR ? strerror(errno) : "set");
  sigemptyset(&set);
  sigaddset(&set, SIGSTOP);
  sigaddset(&set, SIGTSTP);
  sigprocmask(SIG_BLOCK, &set, 0);
  sigprocmask(SIG_BLOCK, 0, &now);
  printf("blocked: SIGSTOP %d SIGTSTP %d\n", sigismember(&now, SIGSTOP), sigismember(&now, SIGTSTP));
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "modes") == 0) modes();
  else if (argc > 2 && strcmp(argv[1], "raw") == 0) raw(atoi(argv[2]));
  else if (argc > 1 && strcmp(argv[1], "noecho") == 0) noecho();
  else if (argc > 1 && strcmp(argv[1], "stop") == 0) stop();
  else if (argc > 1 && strcmp(argv[1], "sigstop") == 0) sigstop();
  else {
    printf("usage: ttytest modes | raw N | noecho | stop | sigstop\n");
    return 2;
  }
  return 0;
}
