// wc [-lwc] [FILE ...]: count lines, words and bytes, as POSIX's wc does.
// With no option it prints all three; with several files, a total line.
// The counts are right-aligned to a common width the way GNU wc picks it
// (wide enough for the total size of the regular files, at least 7 when
// an input is a pipe or a terminal), so its output can be compared with
// the host's byte for byte.

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <sys/stat.h>

struct counts {
  unsigned int lines;
  unsigned int words;
  unsigned int bytes;
};

static int show_lines, show_words, show_bytes;

static void usage(FILE *to) {
  fprintf(to, "usage: wc [-lwc] [FILE ...]\n"
              "  -l  lines   -w  words (runs of non-space)   -c  bytes\n");
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Count what fd holds; -1 on a read error.
static int count(int fd, struct counts *c) {
  char buf[512];
  int n;
  int i;
  int in_word = 0;
  memset(c, 0, sizeof(*c));
  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    c->bytes += n;
    for (i = 0; i < n; i++) {
      if (buf[i] == '\n') c->lines++;
      if (is_space(buf[i])) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        c->words++;
      }
    }
  }
  return n < 0 ? -1 : 0;
}

static void print(const struct counts *c, int width, const char *name) {
  const char *sep = "";
  if (show_lines) {
    printf("%*u", width, c->lines);
    sep = " ";
  }
  if (show_words) {
    printf("%s%*u", sep, width, c->words);
    sep = " ";
  }
  if (show_bytes) printf("%s%*u", sep, width, c->bytes);
  if (name) printf(" %s", name);
  printf("\n");
}

static int digits(unsigned int v) {
  int n = 1;
  while (v >= 10) {
    v /= 10;
    n++;
  }
  return n;
}

// GNU's choice: 1 for one count of one input, else the digits of the
// regular files' total size, at least 7 if an input is not a regular file.
static int column_width(int argc, char **argv, int first) {
  struct stat st;
  unsigned int total = 0;
  int minimum = 1;
  int i;
  if (show_lines + show_words + show_bytes == 1 && argc - first <= 1) return 1;
  for (i = first; i == first || i < argc; i++) {
    if ((i == argc ? fstat(0, &st) : stat(argv[i], &st)) < 0) continue;   // i == argc: standard input
    if (S_ISREG(st.st_mode)) total += st.st_size;
    else minimum = 7;
  }
  return digits(total) > minimum ? digits(total) : minimum;
}

int main(int argc, char **argv) {
  struct counts c;
  struct counts sum;
  int opt;
  int i;
  int fd;
  int width;
  int status = 0;
  while ((opt = getopt(argc, argv, "lwch")) != -1) {
    if (opt == 'l') show_lines = 1;
    else if (opt == 'w') show_words = 1;
    else if (opt == 'c') show_bytes = 1;
    else if (opt == 'h') {
      usage(stdout);
      return 0;
    } else {
      usage(stderr);
      return 1;
    }
  }
  if (!show_lines && !show_words && !show_bytes) show_lines = show_words = show_bytes = 1;
  width = column_width(argc, argv, optind);
  if (optind == argc) {
    if (count(0, &c) < 0) {
      fprintf(stderr, "wc: standard input: %s\n", strerror(errno));
      return 1;
    }
    print(&c, width, 0);
    return 0;
  }
  memset(&sum, 0, sizeof(sum));
  for (i = optind; i < argc; i++) {
    fd = open(argv[i], O_RDONLY, 0);
    if (fd < 0 || count(fd, &c) < 0) {
      fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
      if (fd >= 0) close(fd);
      status = 1;
      continue;
    }
    close(fd);
    print(&c, width, argv[i]);
    sum.lines += c.lines;
    sum.words += c.words;
    sum.bytes += c.bytes;
  }
  if (argc - optind > 1) print(&sum, width, "total");
  return status;
}
