// touch [-c] FILE ...: set each FILE's modification time to now (the
// machine's clock, seconds since boot), creating it empty if it does not
// exist (unless -c). Exit status 1 if any FILE could not be touched.

#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <utime.h>

static void usage(FILE *to) {
  fprintf(to, "usage: touch [-c] FILE ...\n"
              "  set each FILE's modification time to now, creating it if missing\n"
              "  -c  do not create files\n");
}

static int touch(const char *path, int create) {
  int fd;
  if (utime(path, 0) == 0) return 0;
  if (errno == ENOENT && !create) return 0;
  if (errno == ENOENT) {
    fd = open(path, O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) {
      close(fd);
      return 0;
    }
  }
  fprintf(stderr, "touch: cannot touch '%s': %s\n", path, strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  int create = 1;
  int status = 0;
  int opt;
  int i;
  while ((opt = getopt(argc, argv, "ch")) != -1) {
    if (opt == 'c') create = 0;
    else if (opt == 'h') {
      usage(stdout);
      return 0;
    } else {
      usage(stderr);
      return 1;
    }
  }
  if (optind == argc) {
    usage(stderr);
    return 1;
  }
  for (i = optind; i < argc; i++) status |= touch(argv[i], create);
  return status;
}
