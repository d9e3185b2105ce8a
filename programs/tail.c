// tail [-n N | -n +N] [FILE]: the last N lines (10 by default) of a file or
// of standard input; with +N, everything from line N on. The last N lines
// are kept in a ring of N slots, so the input is read once and never held
// whole.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

static void usage(FILE *to) {
  fprintf(to, "usage: tail [-n N | -n +N] [FILE]\n"
              "  -n N   print the last N lines (default 10)\n"
              "  -n +N  print from line N to the end\n");
}

// Print f from line `first` (1-based) on.
static void from_line(FILE *f, long first) {
  long line = 1;
  int c;
  while ((c = fgetc(f)) != EOF) {
    if (line >= first) putchar(c);
    if (c == '\n') line++;
  }
}

// Print the last n lines of f.
static int last_lines(FILE *f, long n) {
  char **ring;
  size_t *caps;
  char *line = 0;
  size_t cap = 0;
  char *swap;
  size_t swap_cap;
  long seen = 0;
  long i;
  if (n == 0) return 0;
  ring = calloc(n, sizeof(char *));
  caps = calloc(n, sizeof(size_t));
  if (!ring || !caps) {
    fprintf(stderr, "tail: out of memory\n");
    return 1;
  }
  while (getline(&line, &cap, f) >= 0) {
    // The new line takes the oldest slot; its buffer becomes the next read's.
    swap = ring[seen % n];
    swap_cap = caps[seen % n];
    ring[seen % n] = line;
    caps[seen % n] = cap;
    line = swap;
    cap = swap_cap;
    seen++;
  }
  for (i = seen > n ? seen - n : 0; i < seen; i++) fputs(ring[i % n], stdout);
  return 0;
}

int main(int argc, char **argv) {
  long n = 10;
  int from_start = 0;
  char *end;
  const char *number;
  int opt;
  FILE *f = stdin;
  int status;
  while ((opt = getopt(argc, argv, "n:h")) != -1) {
    if (opt == 'n') {
      number = optarg;
      from_start = *number == '+';
      if (from_start) number++;
      n = strtol(number, &end, 10);
      if (*number == 0 || *end != 0 || n < 0) {
        fprintf(stderr, "tail: invalid number of lines: '%s'\n", optarg);
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
  if (argc - optind > 1) {
    usage(stderr);
    return 1;
  }
  if (optind < argc) {
    f = fopen(argv[optind], "r");
    if (!f) {
      fprintf(stderr, "tail: %s: %s\n", argv[optind], strerror(errno));
      return 1;
    }
  }
  if (from_start) {
    from_line(f, n);
    status = 0;
  } else {
    status = last_lines(f, n);
  }
  if (f != stdin) fclose(f);
  return status;
}
