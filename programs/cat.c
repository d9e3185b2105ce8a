// cat: copy files (or standard input) to standard output.

#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>

static int copy(int fd) {
  char buf[512];
  int n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    if (write(1, buf, n) != n) return 1;
  }
  return n < 0;
}

int main(int argc, char **argv) {
  int i;
  int fd;
  int status = 0;
  if (argc < 2) return copy(0);
  for (i = 1; i < argc; i++) {
    fd = open(argv[i], O_RDONLY, 0);
    if (fd < 0) {
      fprintf(stderr, "cat: %s: no such file\n", argv[i]);
      status = 1;
      continue;
    }
    status |= copy(fd);
    close(fd);
  }
  return status;
}
