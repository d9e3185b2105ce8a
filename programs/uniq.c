// uniq [-c] [-d | -u] [INPUT [OUTPUT]]: copy INPUT (or standard input) to
// OUTPUT (or standard output), writing each run of equal adjacent lines
// once. -c prefixes each line with the length of its run (as "%7d ", the
// format GNU and BSD use), -d writes only runs of two or more, -u only
// lines that are not repeated.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

static int counted, only_repeated, only_single;

static void usage(FILE *to) {
  fprintf(to, "usage: uniq [-c] [-d | -u] [INPUT [OUTPUT]]\n"
              "  -c  prefix lines with their number of repeats\n"
              "  -d  only repeated lines   -u  only lines that are not repeated\n");
}

static void emit(FILE *out, const char *line, long run) {
  if (only_repeated && run < 2) return;
  if (only_single && run > 1) return;
  if (counted) fprintf(out, "%7ld ", run);
  fputs(line, out);
}

// Lines are compared with their newlines, so a last line without one
// differs from an equal line that has one; like GNU uniq, it is added.
static void uniq(FILE *in, FILE *out) {
  char *prev = 0;
  char *line = 0;
  size_t prev_cap = 0;
  size_t cap = 0;
  char *swap;
  size_t swap_cap;
  ssize_t n;
  long run = 0;
  while ((n = getline(&line, &cap, in)) >= 0) {
    if (line[n - 1] != '\n') {
      if ((size_t)n + 2 > cap) {
        line = realloc(line, cap = n + 2);
        if (!line) {
          fprintf(stderr, "uniq: out of memory\n");
          exit(1);
        }
      }
      strcpy(line + n, "\n");
    }
    if (run > 0 && strcmp(prev, line) == 0) {
      run++;
      continue;
    }
    if (run > 0) emit(out, prev, run);
    swap = prev;
    swap_cap = prev_cap;
    prev = line;
    prev_cap = cap;
    line = swap;
    cap = swap_cap;
    run = 1;
  }
  if (run > 0) emit(out, prev, run);
}

int main(int argc, char **argv) {
  int opt;
  FILE *in = stdin;
  FILE *out = stdout;
  while ((opt = getopt(argc, argv, "cduh")) != -1) {
    if (opt == 'c') counted = 1;
    else if (opt == 'd') only_repeated = 1;
    else if (opt == 'u') only_single = 1;
    else if (opt == 'h') {
      usage(stdout);
      return 0;
    } else {
      usage(stderr);
      return 1;
    }
  }
  if (argc - optind > 2) {
    usage(stderr);
    return 1;
  }
  if (optind < argc && strcmp(argv[optind], "-") != 0) {
    in = fopen(argv[optind], "r");
    if (!in) {
      fprintf(stderr, "uniq: %s: %s\n", argv[optind], strerror(errno));
      return 1;
    }
  }
  if (optind + 1 < argc) {
    out = fopen(argv[optind + 1], "w");
    if (!out) {
      fprintf(stderr, "uniq: %s: %s\n", argv[optind + 1], strerror(errno));
      return 1;
    }
  }
  uniq(in, out);
  return 0;
}
