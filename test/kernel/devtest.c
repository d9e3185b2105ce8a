// devtest: the devices as Unix has them (opened with O_CREAT and O_TRUNC,
// as a shell's > does) and the environment execve passes (getenv).
// devtest exec PATH [ARG...]: execve PATH and say why it failed.
// devtest execn N PATH: the same with an argv of N entries (PATH a1 a2 …).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>

extern char **environ;

static void null_device(void) {
  char c;
  int fd = open("/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  printf("/dev/null O_CREAT|O_TRUNC: %s\n", fd >= 0 ? "opened" : strerror(errno));
  if (fd >= 0) {
    printf("write: %d\n", (int)write(fd, "hello", 5));
    close(fd);
  }
  fd = open("/dev/null", O_RDONLY);
  printf("read: %d\n", (int)read(fd, &c, 1));
  close(fd);
  fd = open("/dev/null", O_WRONLY | O_CREAT | O_EXCL, 0644);
  printf("O_EXCL: %s\n", fd >= 0 ? "opened" : (errno == EEXIST ? "EEXIST" : strerror(errno)));
}

static void zero_device(void) {
  char buf[300];
  int fd = open("/dev/zero", O_RDWR | O_CREAT, 0644);
  int n;
  int zeros = 0;
  int i;
  memset(buf, 0xAA, sizeof(buf));
  n = read(fd, buf, sizeof(buf));
  for (i = 0; i < n; i++)
    if (buf[i] == 0) zeros++;
  printf("/dev/zero: read %d, %d zero bytes\n", n, zeros);
  printf("write: %d\n", (int)write(fd, buf, 10));
  close(fd);
}

static void tty_device(void) {
  int fd = open("/dev/tty", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    printf("/dev/tty: %s\n", strerror(errno));
    return;
  }
  write(fd, "/dev/tty: written\n", 18);
  close(fd);
}

static const char *errno_name(int e) {
  switch (e) {
  case ENOENT: return "ENOENT";
  case ENOEXEC: return "ENOEXEC";
  case EACCES: return "EACCES";
  case E2BIG: return "E2BIG";
  default: return strerror(e);
  }
}

int main(int argc, char **argv) {
  char **e;
  int count = 0;
  if (argc > 3 && strcmp(argv[1], "execn") == 0) {
    static char *many[64];
    static char names[64][8];
    int n = atoi(argv[2]);
    int i;
    if (n < 1 || n > 63) return 2;
    many[0] = argv[3];
    for (i = 1; i < n; i++) {
      snprintf(names[i], sizeof(names[i]), "a%d", i);
      many[i] = names[i];
    }
    many[n] = 0;
    execve(argv[3], many, environ);
    printf("execve %s: %s\n", argv[3], errno_name(errno));
    return 1;
  }
  if (argc > 2 && strcmp(argv[1], "exec") == 0) {
    execve(argv[2], argv + 2, environ);
    printf("execve %s: %s\n", argv[2], errno_name(errno));
    return 1;
  }
  null_device();
  zero_device();
  tty_device();
  for (e = environ; *e; e++) count++;
  printf("GREETING=%s\n", getenv("GREETING") ? getenv("GREETING") : "(unset)");
  printf("environ has PATH: %s\n", getenv("PATH") ? getenv("PATH") : "(unset)");
  printf("environ entries: %d\n", count);
  return 0;
}
