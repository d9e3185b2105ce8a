// POSIX wrappers over the kernel's system calls. Each turns a negative
// result (-errno) into -1 with errno set, as C programs expect.

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <utime.h>
#include <sys/sysinfo.h>
#include <stdio.h>
#include "../../../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);
void *__sys_sbrk(int increment);

// -errno -> -1 and errno.
static int check(int r) {
  if (r < 0 && r > -4096) {
    errno = -r;
    return -1;
  }
  return r;
}

pid_t fork(void) {
  return check(__syscall(SYS_fork, 0, 0, 0, 0, 0));
}

int execve(const char *path, char *const argv[], char *const envp[]) {
  return check(__syscall(SYS_execve, (int)path, (int)argv, (int)envp, 0, 0));
}

int execv(const char *path, char *const argv[]) {
  return execve(path, argv, environ);
}

// Run file, searching /bin when the name has no '/'.
int execvp(const char *file, char *const argv[]) {
  char path[128];
  if (strchr(file, '/')) return execve(file, argv, environ);
  if (strlen(file) + 6 > sizeof(path)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  strcpy(path, "/bin/");
  strcat(path, file);
  return execve(path, argv, environ);
}

void _exit(int status) {
  for (;;) __syscall(SYS_exit_group, status, 0, 0, 0, 0);
}

pid_t getpid(void) {
  return __syscall(SYS_getpid, 0, 0, 0, 0, 0);
}

pid_t getppid(void) {
  return __syscall(SYS_getppid, 0, 0, 0, 0, 0);
}

pid_t getpgrp(void) {
  return __syscall(SYS_getpgrp, 0, 0, 0, 0, 0);
}

int setpgid(pid_t pid, pid_t pgid) {
  return check(__syscall(SYS_setpgid, pid, pgid, 0, 0, 0));
}

pid_t tcgetpgrp(int fd) {
  int pgid = 0;
  if (check(__syscall(SYS_ioctl, fd, TIOCGPGRP, (int)&pgid, 0, 0)) < 0) return -1;
  return pgid;
}

int tcsetpgrp(int fd, pid_t pgrp) {
  int pgid = pgrp;
  return check(__syscall(SYS_ioctl, fd, TIOCSPGRP, (int)&pgid, 0, 0));
}

int isatty(int fd) {
  struct termios t;
  return __syscall(SYS_ioctl, fd, TCGETS, (int)&t, 0, 0) == 0;
}

int ioctl(int fd, unsigned long request, void *arg) {
  return check(__syscall(SYS_ioctl, fd, (int)request, (int)arg, 0, 0));
}

int tcgetattr(int fd, struct termios *t) {
  return check(__syscall(SYS_ioctl, fd, TCGETS, (int)t, 0, 0));
}

int tcsetattr(int fd, int when, const struct termios *t) {
  int req;
  if (when == TCSANOW) req = TCSETS;
  else if (when == TCSADRAIN) req = TCSETSW;
  else if (when == TCSAFLUSH) req = TCSETSF;
  else return check(-EINVAL);
  return check(__syscall(SYS_ioctl, fd, req, (int)t, 0, 0));
}

void cfmakeraw(struct termios *t) {
  t->c_iflag &= ~ICRNL;
  t->c_oflag &= ~OPOST;
  t->c_lflag &= ~(ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ISIG | IEXTEN);
  t->c_cc[VMIN] = 1;
  t->c_cc[VTIME] = 0;
}

ssize_t read(int fd, void *buf, size_t n) {
  return check(__syscall(SYS_read, fd, (int)buf, (int)n, 0, 0));
}

ssize_t write(int fd, const void *buf, size_t n) {
  return check(__syscall(SYS_write, fd, (int)buf, (int)n, 0, 0));
}

int open(const char *path, int flags, ...) {
  va_list ap;
  int mode;
  va_start(ap, flags);
  mode = va_arg(ap, int);
  va_end(ap);
  return check(__syscall(SYS_open, (int)path, flags, mode, 0, 0));
}

int creat(const char *path, mode_t mode) {
  return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int close(int fd) {
  return check(__syscall(SYS_close, fd, 0, 0, 0, 0));
}

off_t lseek(int fd, off_t offset, int whence) {
  return check(__syscall(SYS_lseek, fd, offset, whence, 0, 0));
}

int dup(int fd) {
  return check(__syscall(SYS_dup, fd, 0, 0, 0, 0));
}

int dup2(int oldfd, int newfd) {
  return check(__syscall(SYS_dup2, oldfd, newfd, 0, 0, 0));
}

int pipe(int fds[2]) {
  return check(__syscall(SYS_pipe, (int)fds, 0, 0, 0, 0));
}

int unlink(const char *path) {
  return check(__syscall(SYS_unlink, (int)path, 0, 0, 0, 0));
}

int rmdir(const char *path) {
  return check(__syscall(SYS_rmdir, (int)path, 0, 0, 0, 0));
}

int mkdir(const char *path, mode_t mode) {
  return check(__syscall(SYS_mkdir, (int)path, (int)mode, 0, 0, 0));
}

int chdir(const char *path) {
  return check(__syscall(SYS_chdir, (int)path, 0, 0, 0, 0));
}

char *getcwd(char *buf, size_t size) {
  if (check(__syscall(SYS_getcwd, (int)buf, (int)size, 0, 0, 0)) < 0) return 0;
  return buf;
}

int stat(const char *path, struct stat *st) {
  return check(__syscall(SYS_stat, (int)path, (int)st, 0, 0, 0));
}

int fstat(int fd, struct stat *st) {
  return check(__syscall(SYS_fstat, fd, (int)st, 0, 0, 0));
}

pid_t waitpid(pid_t pid, int *status, int options) {
  return check(__syscall(SYS_waitpid, pid, (int)status, options, 0, 0));
}

pid_t wait(int *status) {
  return waitpid(-1, status, 0);
}

int kill(pid_t pid, int sig) {
  return check(__syscall(SYS_kill, pid, sig, 0, 0, 0));
}

void __sigreturn_restorer(void);

sighandler_t signal(int sig, sighandler_t handler) {
  int r = check(__syscall(SYS_signal, sig, (int)handler, (int)__sigreturn_restorer, 0, 0));
  if (r < 0) return SIG_ERR;
  return (sighandler_t)r;
}

int raise(int sig) {
  return kill(getpid(), sig);
}

int brk(void *addr) {
  int r = __syscall(SYS_brk, (int)addr, 0, 0, 0, 0);
  if (r != (int)addr) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

void *sbrk(int increment) {
  void *old = __sys_sbrk(increment);
  if (old == (void *)-1) errno = ENOMEM;
  return old;
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
  (void)rem;
  return check(__syscall(SYS_nanosleep, (int)req, (int)rem, 0, 0, 0));
}

unsigned int sleep(unsigned int seconds) {
  struct timespec ts;
  ts.tv_sec = (int)seconds;
  ts.tv_nsec = 0;
  if (nanosleep(&ts, 0) < 0) return seconds;
  return 0;
}

int usleep(useconds_t usec) {
  struct timespec ts;
  ts.tv_sec = (int)(usec / 1000000);
  ts.tv_nsec = (int)(usec % 1000000) * 1000;
  return nanosleep(&ts, 0);
}

time_t time(time_t *t) {
  return check(__syscall(SYS_time, (int)t, 0, 0, 0, 0));
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
  return check(__syscall(SYS_clock_gettime, clock, (int)ts, 0, 0, 0));
}

// The process's CPU time in microseconds (CLOCKS_PER_SEC), or -1.
clock_t clock(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0) return (clock_t)-1;
  return (clock_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int sched_yield(void) {
  return check(__syscall(SYS_sched_yield, 0, 0, 0, 0, 0));
}

int rename(const char *from, const char *to) {
  return check(__syscall(SYS_rename, (int)from, (int)to, 0, 0, 0));
}

int utime(const char *path, const struct utimbuf *times) {
  return check(__syscall(SYS_utime, (int)path, (int)times, 0, 0, 0));
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage) {
  return check(__syscall(SYS_wait4, pid, (int)status, options, (int)usage, 0));
}

int sysinfo(struct sysinfo *info) {
  return check(__syscall(SYS_sysinfo, (int)info, 0, 0, 0, 0));
}
