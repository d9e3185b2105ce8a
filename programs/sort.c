// sort [-rnu] [FILE ...]: sort lines, as Unix's sort does; from stdin when
// no file is named. A small tour of libc: getopt for the options, fopen
// and getline for the files, qsort with a comparison function.
//
//   -r  reverse the order
//   -n  compare as numbers: the number each line starts with (after
//       blanks; a sign, digits, a fraction), 0 when it has none
//   -u  print the first of each run of equal lines (equal numbers with -n)
//
// As in GNU sort, lines whose keys are equal are ordered by their bytes
// (the "last resort" comparison), except with -u, where the first in the
// input wins; so the output matches `LC_ALL=C sort` on the host.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

struct line {
  char *text;
  int index;                 // position in the input, for -u's "first wins"
};

static struct line *lines;
static int nlines;
static int cap;
static int reverse, numeric, unique;

static void out_of_memory(void) {
  fprintf(stderr, "sort: out of memory\n");
  exit(2);
}

static void read_lines(FILE *f) {
  char *buf = 0;
  size_t size = 0;
  ssize_t n;
  while ((n = getline(&buf, &size, f)) >= 0) {
    if (n > 0 && buf[n - 1] == '\n') buf[n - 1] = 0;
    if (nlines == cap) {
      cap = cap ? 2 * cap : 64;
      lines = realloc(lines, cap * sizeof(struct line));
      if (!lines) out_of_memory();
    }
    lines[nlines].text = strdup(buf);
    if (!lines[nlines].text) out_of_memory();
    lines[nlines].index = nlines;
    nlines++;
  }
  free(buf);
}

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The number at the start of s, as text: its sign, its integer digits
// without leading zeros, and its fraction digits.
struct number {
  int negative;
  const char *whole;
  int nwhole;
  const char *fraction;
  int nfraction;
};

static void scan_number(const char *s, struct number *n) {
  while (*s == ' ' || *s == '\t') s++;
  n->negative = *s == '-';
  if (n->negative) s++;
  while (*s == '0') s++;
  n->whole = s;
  while (is_digit(*s)) s++;
  n->nwhole = (int)(s - n->whole);
  n->fraction = s;
  n->nfraction = 0;
  if (*s == '.') {
    n->fraction = ++s;
    while (is_digit(*s)) s++;
    n->nfraction = (int)(s - n->fraction);
  }
  while (n->nfraction > 0 && n->fraction[n->nfraction - 1] == '0') n->nfraction--;
  if (n->nwhole == 0 && n->nfraction == 0) n->negative = 0;   // -0 is 0
}

// Compare magnitudes: more integer digits is bigger, then digit by digit.
static int compare_magnitude(const struct number *a, const struct number *b) {
  int c;
  int i;
  if (a->nwhole != b->nwhole) return a->nwhole < b->nwhole ? -1 : 1;
  c = strncmp(a->whole, b->whole, a->nwhole);
  if (c) return c;
  for (i = 0; i < a->nfraction || i < b->nfraction; i++) {
    char x = i < a->nfraction ? a->fraction[i] : '0';
    char y = i < b->nfraction ? b->fraction[i] : '0';
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

static int compare_numbers(const char *x, const char *y) {
  struct number a;
  struct number b;
  int c;
  scan_number(x, &a);
  scan_number(y, &b);
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  c = compare_magnitude(&a, &b);
  return a.negative ? -c : c;
}

// The key comparison: what -u calls equal.
static int compare_keys(const struct line *a, const struct line *b) {
  int c = numeric ? compare_numbers(a->text, b->text) : strcmp(a->text, b->text);
  return reverse ? -c : c;
}

static int compare(const void *pa, const void *pb) {
  const struct line *a = pa;
  const struct line *b = pb;
  int c = compare_keys(a, b);
  if (c) return c;
  if (unique) return a->index < b->index ? -1 : a->index > b->index;
  c = strcmp(a->text, b->text);
  return reverse ? -c : c;
}

static void usage(FILE *to, int full) {
  fprintf(to, "usage: sort [-rnu] [FILE ...]\n");
  if (full) fprintf(to, "  -r reverse  -n numeric (leading number)  -u unique (first of equal lines)\n");
}

int main(int argc, char **argv) {
  int opt;
  int i;
  while ((opt = getopt(argc, argv, "rnuh")) != -1) {
    if (opt == 'r') reverse = 1;
    else if (opt == 'n') numeric = 1;
    else if (opt == 'u') unique = 1;
    else if (opt == 'h') {
      usage(stdout, 1);
      return 0;
    } else {
      usage(stderr, 0);
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
  qsort(lines, nlines, sizeof(struct line), compare);
  for (i = 0; i < nlines; i++) {
    if (unique && i > 0 && compare_keys(&lines[i - 1], &lines[i]) == 0) continue;
    puts(lines[i].text);
  }
  return 0;
}
