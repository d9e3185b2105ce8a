// grep [-Fvcniq] PATTERN [FILE ...]: print the lines that match.
//
// PATTERN is a small basic regular expression, matched by backtracking as
// in Kernighan and Pike's matcher ("The Practice of Programming"):
//
//   c      the character c          .      any character
//   [abc]  one of the set           [a-z]  a range    [^...]  not in the set
//   x*     any number of x (x is c, . or a set)
//   ^      at the start: the line's start      $  at the end: the line's end
//   \c     c itself (\. \* \[ \\ …)
//
// -F takes PATTERN as a fixed string. -v selects the lines that do not
// match, -c prints only a count, -n prefixes line numbers, -i ignores case,
// -q prints nothing. With several files each line (or count) is prefixed
// with its file's name. Exit status (POSIX): 0 if a line was selected,
// 1 if none was, 2 on an error (a bad pattern, an unreadable file).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <unistd.h>

// One element of a compiled pattern: a character, any character or a set,
// possibly repeated by '*'.
enum { ATOM_CHAR, ATOM_ANY, ATOM_SET };

struct atom {
  int kind;
  int c;                    // ATOM_CHAR
  unsigned char set[32];    // ATOM_SET: bit c set when c is in the set (after negation)
  int star;                 // followed by '*'
};

#define MAX_ATOMS 128

static struct atom atoms[MAX_ATOMS];
static int natoms;
static int anchored_start, anchored_end;
static int fixed, invert, count_only, numbered, ignore_case, quiet;
static const char *fixed_text;

static void usage(FILE *to) {
  fprintf(to, "usage: grep [-Fvcniq] PATTERN [FILE ...]\n"
              "  PATTERN: c . [set] [a-z] [^set] x* ^ $ \\c\n"
              "  -F fixed string  -v non-matching lines  -c count  -n line numbers\n"
              "  -i ignore case   -q quiet (status only)\n");
}

static int fold(int c) {
  return ignore_case ? tolower(c) : c;
}

static void set_add(struct atom *a, int c) {
  a->set[(unsigned char)c >> 3] |= (unsigned char)(1 << (c & 7));
  if (ignore_case && isalpha(c)) {
    int other = isupper(c) ? tolower(c) : toupper(c);
    a->set[other >> 3] |= (unsigned char)(1 << (other & 7));
  }
}

static int set_has(const struct atom *a, int c) {
  return (a->set[(unsigned char)c >> 3] >> (c & 7)) & 1;
}

// Compile "[...]" starting at p (just after '['); returns the text after ']', or 0.
static const char *compile_set(const char *p, struct atom *a) {
  int negate = 0;
  int c;
  int i;
  a->kind = ATOM_SET;
  if (*p == '^') {
    negate = 1;
    p++;
  }
  if (*p == ']') set_add(a, *p++);          // "[]abc]": a leading ']' is a member
  while (*p && *p != ']') {
    if (p[1] == '-' && p[2] && p[2] != ']') {
      if ((unsigned char)p[2] < (unsigned char)p[0]) return 0;
      for (c = (unsigned char)p[0]; c <= (unsigned char)p[2]; c++) set_add(a, c);
      p += 3;
    } else {
      set_add(a, *p++);
    }
  }
  if (*p != ']') return 0;
  if (negate) {
    for (i = 0; i < 32; i++) a->set[i] = (unsigned char)~a->set[i];
    a->set['\n' >> 3] &= (unsigned char)~(1 << ('\n' & 7));
  }
  return p + 1;
}

// Compile pattern into atoms. 0, or -1 with a message.
static int compile(const char *p) {
  struct atom *a;
  if (*p == '^') {
    anchored_start = 1;
    p++;
  }
  while (*p) {
    if (p[0] == '$' && p[1] == 0) {
      anchored_end = 1;
      break;
    }
    if (*p == '*' && natoms == 0) {          // a leading '*' is literal in a BRE
      a = &atoms[natoms++];
      memset(a, 0, sizeof(*a));
      a->kind = ATOM_CHAR;
      a->c = '*';
      p++;
      continue;
    }
    if (natoms == MAX_ATOMS) {
      fprintf(stderr, "grep: pattern too long (at most %d elements)\n", MAX_ATOMS);
      return -1;
    }
    a = &atoms[natoms++];
    memset(a, 0, sizeof(*a));
    if (*p == '.') {
      a->kind = ATOM_ANY;
      p++;
    } else if (*p == '[') {
      p = compile_set(p + 1, a);
      if (!p) {
        fprintf(stderr, "grep: unmatched [ or bad range in the pattern\n");
        return -1;
      }
    } else {
      if (*p == '\\') {
        p++;
        if (*p == 0) {
          fprintf(stderr, "grep: trailing backslash in the pattern\n");
          return -1;
        }
      }
      a->kind = ATOM_CHAR;
      a->c = fold((unsigned char)*p++);
    }
    if (*p == '*') {
      a->star = 1;
      while (*p == '*') p++;
    }
  }
  return 0;
}

static int atom_matches(const struct atom *a, int c) {
  if (c == 0) return 0;
  if (a->kind == ATOM_ANY) return 1;
  if (a->kind == ATOM_SET) return set_has(a, c);
  return fold(c) == a->c;
}

static int match_here(int i, const char *s);

// x* then the rest: the longest run of x first, backing off one at a time.
static int match_star(int i, const char *s) {
  const char *t = s;
  while (atom_matches(&atoms[i], (unsigned char)*t)) t++;
  for (;;) {
    if (match_here(i + 1, t)) return 1;
    if (t == s) return 0;
    t--;
  }
}

// Do atoms[i..] match at the start of s?
static int match_here(int i, const char *s) {
  if (i == natoms) return !anchored_end || *s == 0;
  if (atoms[i].star) return match_star(i, s);
  if (atom_matches(&atoms[i], (unsigned char)*s)) return match_here(i + 1, s + 1);
  return 0;
}

static int fixed_match(const char *line) {
  size_t n = strlen(fixed_text);
  const char *s;
  size_t k;
  for (s = line;; s++) {
    for (k = 0; k < n && s[k] && fold((unsigned char)s[k]) == fold((unsigned char)fixed_text[k]); k++)
      ;
    if (k == n) return 1;
    if (*s == 0) return 0;
  }
}

static int matches(const char *line) {
  const char *s = line;
  if (fixed) return fixed_match(line);
  if (anchored_start) return match_here(0, line);
  do {
    if (match_here(0, s)) return 1;
  } while (*s++);
  return 0;
}

// Search f; name is printed before each line when not 0. Returns the number of lines selected.
static long search(FILE *f, const char *name) {
  char *line = 0;
  size_t cap = 0;
  ssize_t n;
  long number = 0;
  long selected = 0;
  int newline;
  while ((n = getline(&line, &cap, f)) >= 0) {
    number++;
    newline = n > 0 && line[n - 1] == '\n';
    if (newline) line[n - 1] = 0;
    if (matches(line) == invert) continue;
    selected++;
    if (quiet || count_only) continue;
    if (name) printf("%s:", name);
    if (numbered) printf("%ld:", number);
    printf("%s\n", line);
  }
  free(line);
  if (count_only && !quiet) {
    if (name) printf("%s:", name);
    printf("%ld\n", selected);
  }
  return selected;
}

int main(int argc, char **argv) {
  int opt;
  int i;
  long selected = 0;
  int error = 0;
  FILE *f;
  while ((opt = getopt(argc, argv, "Fvcniqh")) != -1) {
    if (opt == 'F') fixed = 1;
    else if (opt == 'v') invert = 1;
    else if (opt == 'c') count_only = 1;
    else if (opt == 'n') numbered = 1;
    else if (opt == 'i') ignore_case = 1;
    else if (opt == 'q') quiet = 1;
    else if (opt == 'h') {
      usage(stdout);
      return 0;
    } else {
      usage(stderr);
      return 2;
    }
  }
  if (optind == argc) {
    usage(stderr);
    return 2;
  }
  fixed_text = argv[optind++];
  if (!fixed && compile(fixed_text) < 0) return 2;
  if (optind == argc) return search(stdin, 0) > 0 ? 0 : 1;
  for (i = optind; i < argc; i++) {
    f = fopen(argv[i], "r");
    if (!f) {
      fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
      error = 1;
      continue;
    }
    selected += search(f, argc - optind > 1 ? argv[i] : 0);
    fclose(f);
  }
  if (error) return 2;
  return selected > 0 ? 0 : 1;
}
