// yes [STRING ...]: print "y" (or the arguments, separated by spaces) on
// every line, forever, until the reader goes away (SIGPIPE ends it, as
// when `yes | head -n 3` has read its three lines). The lines are written
// a buffer at a time, so each system call carries many of them.

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BUFFER 1024

int main(int argc, char **argv) {
  char line[BUFFER];
  char buf[BUFFER];
  int len = 0;
  int fill = 0;
  int i;
  if (argc == 2 && strcmp(argv[1], "-h") == 0) {
    printf("usage: yes [STRING ...]\n  print STRING (default y) on every line until killed\n");
    return 0;
  }
  if (argc < 2) {
    strcpy(line, "y");
    len = 1;
  }
  for (i = 1; i < argc; i++) {
    if (len + (int)strlen(argv[i]) + 2 > BUFFER) {
      fprintf(stderr, "yes: the line is too long (at most %d bytes)\n", BUFFER - 2);
      return 1;
    }
    if (i > 1) line[len++] = ' ';
    strcpy(line + len, argv[i]);
    len += strlen(argv[i]);
  }
  line[len++] = '\n';
  while (fill + len <= BUFFER) {
    memcpy(buf + fill, line, len);
    fill += len;
  }
  for (;;) {
    if (write(1, buf, fill) < 0) return 1;
  }
}
