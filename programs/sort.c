// sort [-rnu] [FILE ...]: sort lines, as Unix's sort does; from stdin when
// no file is named. A small tour of libc: getopt for the options, fopen
// and fgets for the files, qsort with a comparison function, strtol for
// -n (numeric: by the number each line starts with).
//
//   -r  reverse the order     -n  compare as numbers     -u  print equal lines once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#define MAX_LINE 256

static char **lines;
static int nlines;
static int cap;
static int reverse, numeric, unique;

static void add_line(const char *text) {
  if (nlines == cap) {
    cap = cap ? 2 * cap : 64;
    lines = realloc(lines, cap * sizeof(char *));
    if (!lines) {
      fprintf(stderr, "sort: out of memory\n");
      exit(2);
    }
  }
  lines[nlines] = malloc(strlen(text) + 1);
  strcpy(lines[nlines++], text);
}

static void read_lines(FILE *f) {
  char buf[MAX_LINE];
  while (fgets(buf, sizeof buf, f)) {
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] == '\n') buf[n - 1] = 0;
    add_line(buf);
  }
}

static int compare(const void *a, const void *b) {
  const char *x = *(const char *const *)a;
  const char *y = *(const char *const *)b;
  int c;
  if (numeric) {
    long u = strtol(x, NULL, 10);
    long v = strtol(y, NULL, 10);
    c = u < v ? -1 : u > v;
    if (c == 0) c = strcmp(x, y);
  } else {
    c = strcmp(x, y);
  }
  return reverse ? -c : c;
}

int main(int argc, char **argv) {
  int opt;
  int i;
  while ((opt = getopt(argc, argv, "rnu")) != -1) {
    if (opt == 'r') reverse = 1;
    else if (opt == 'n') numeric = 1;
    else if (opt == 'u') unique = 1;
    else {
      fprintf(stderr, "usage: sort [-rnu] [FILE ...]\n");
      return 2;
    }
  }
  if (optind == argc) read_lines(stdin);
  for (i = optind; i < argc; i++) {
    FILE *f = fopen(argv[i], "r");
    if (!f) {
      fprintf(stderr, "sort: %s: %s\n", argv[i], strerror(errno));
      return 2;
    }
    read_lines(f);
    fclose(f);
  }
  qsort(lines, nlines, sizeof(char *), compare);
  for (i = 0; i < nlines; i++) {
    if (unique && i > 0 && compare(&lines[i - 1], &lines[i]) == 0) continue;
    puts(lines[i]);
  }
  return 0;
}
