// head [-n N] [FILE ...]: the first N lines (10 by default) of each file
// or of standard input. With several files each gets a "==> NAME <=="
// header, as POSIX says.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

static void usage(FILE *to) {
  fprintf(to, "usage: head [-n N] [FILE ...]\n  -n N  print the first N lines (default 10)\n");
}

// Copy the first n lines of f to standard output.
static void head(FILE *f, long n) {
  int c;
  while (n > 0 && (c = fgetc(f)) != EOF) {
    putchar(c);
    if (c == '\n') n--;
  }
}

int main(int argc, char **argv) {
  long n = 10;
  char *end;
  int opt;
  int i;
  int status = 0;
  FILE *f;
  while ((opt = getopt(argc, argv, "n:h")) != -1) {
    if (opt == 'n') {
      n = strtol(optarg, &end, 10);
      if (*optarg == 0 || *end != 0 || n < 0) {
        fprintf(stderr, "head: invalid number of lines: '%s'\n", optarg);
        return 1;
      }
    } else if (opt == 'h') {
      usage(stdout);
      return 0;
    } else {
      usage(stderr);
      return 1;
    }
  }
  if (optind == argc) {
    head(stdin, n);
    return 0;
  }
  for (i = optind; i < argc; i++) {
    f = fopen(argv[i], "r");
    if (!f) {
      fprintf(stderr, "head: cannot open '%s' for reading: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    if (argc - optind > 1) printf("%s==> %s <==\n", i > optind ? "\n" : "", argv[i]);
    head(f, n);
    fclose(f);
  }
  return status;
}
