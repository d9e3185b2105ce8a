// tee [-a] [FILE ...]: copy standard input to standard output and to each
// FILE (truncated first, or appended to with -a). A file that cannot be
// opened is reported and skipped; the exit status is then 1.

#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>

#define MAX_FILES 16

static void usage(FILE *to) {
  fprintf(to, "usage: tee [-a] [FILE ...]\n  -a  append to the files instead of replacing them\n");
}

// Write all n bytes; 0, or -1.
static int write_all(int fd, const char *buf, int n) {
  int done = 0;
  int w;
  while (done < n) {
    w = write(fd, buf + done, n - done);
    if (w <= 0) return -1;
    done += w;
  }
  return 0;
}

int main(int argc, char **argv) {
  int fds[MAX_FILES + 1];
  const char *names[MAX_FILES + 1];
  int nfds = 0;
  int append = 0;
  int status = 0;
  int opt;
  int i;
  int fd;
  int n;
  char buf[512];
  while ((opt = getopt(argc, argv, "ah")) != -1) {
    if (opt == 'a') append = 1;
    else if (opt == 'h') {
      usage(stdout);
      return 0;
    } else {
      usage(stderr);
      return 1;
    }
  }
  if (argc - optind > MAX_FILES) {
    fprintf(stderr, "tee: at most %d files\n", MAX_FILES);
    return 1;
  }
  fds[nfds] = 1;
  names[nfds++] = "standard output";
  for (i = optind; i < argc; i++) {
    fd = open(argv[i], O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0644);
    if (fd < 0) {
      fprintf(stderr, "tee: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    fds[nfds] = fd;
    names[nfds++] = argv[i];
  }
  while ((n = read(0, buf, sizeof(buf))) > 0) {
    for (i = 0; i < nfds; i++) {
      if (fds[i] >= 0 && write_all(fds[i], buf, n) < 0) {
        fprintf(stderr, "tee: %s: %s\n", names[i], strerror(errno));
        fds[i] = -1;
        status = 1;
      }
    }
  }
  return status;
}
