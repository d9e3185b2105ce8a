// test and [: conditions on files, strings and integers, by recursive
// descent over the arguments:
//   expr    = and ('-o' and)*
//   and     = not ('-a' not)*
//   not     = '!' not | primary
//   primary = '(' expr ')' | unary-op arg | arg binary-op arg | arg
// with POSIX's rule that one argument is true when it is not empty, so
// `test -n` and `test =` are strings, not operators without operands.
// Status 0 true, 1 false, 2 a usage error (said).

#include "sh.h"

struct tparse {
  char **argv;
  int argc;
  int i;
  int error;
};

static int expr(struct tparse *t);

static const char *arg(struct tparse *t) {
  return t->i < t->argc ? t->argv[t->i] : 0;
}

static int integer(struct tparse *t, const char *s, int *out) {
  char *end;
  while (*s == ' ') s++;
  *out = strtol(s, &end, 10);
  if (!*s || *end) {
    sh_error("test: %s: not an integer", s);
    t->error = 1;
    return 0;
  }
  return 1;
}

static int file_test(char op, const char *path) {
  struct stat st;
  if (stat(path, &st) < 0) return 0;
  switch (op) {
  case 'e': return 1;
  case 'f': return S_ISREG(st.st_mode);
  case 'd': return S_ISDIR(st.st_mode);
  case 'c': return (st.st_mode & S_IFMT) == S_IFCHR;
  case 'p': return (st.st_mode & S_IFMT) == S_IFIFO;
  case 's': return st.st_size > 0;
  case 'r': return (st.st_mode & 0444) != 0;
  case 'w': return (st.st_mode & 0222) != 0;
  case 'x': return (st.st_mode & 0111) != 0;
  default: return 0;
  }
}

static int is_unary(const char *s) {
  return s && s[0] == '-' && s[1] && !s[2] && strchr("efdcpsrwxnzt", s[1]);
}

static int is_binary(const char *s) {
  static const char *ops[] = {"=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", 0};
  int i;
  if (!s) return 0;
  for (i = 0; ops[i]; i++)
    if (strcmp(s, ops[i]) == 0) return 1;
  return 0;
}

static int binary(struct tparse *t, const char *a, const char *op, const char *b) {
  int x;
  int y;
  if (strcmp(op, "=") == 0) return strcmp(a, b) == 0;
  if (strcmp(op, "!=") == 0) return strcmp(a, b) != 0;
  if (!integer(t, a, &x) || !integer(t, b, &y)) return 0;
  if (strcmp(op, "-eq") == 0) return x == y;
  if (strcmp(op, "-ne") == 0) return x != y;
  if (strcmp(op, "-lt") == 0) return x < y;
  if (strcmp(op, "-le") == 0) return x <= y;
  if (strcmp(op, "-gt") == 0) return x > y;
  return x >= y;
}

static int primary(struct tparse *t) {
  const char *a = arg(t);
  const char *b;
  int r;
  if (!a) {
    sh_error("test: argument expected");
    t->error = 1;
    return 0;
  }
  if (t->i + 1 < t->argc && is_binary(t->argv[t->i + 1])) {
    if (t->i + 2 >= t->argc) {
      sh_error("test: %s: argument expected", t->argv[t->i + 1]);
      t->error = 1;
      return 0;
    }
    t->i += 3;
    return binary(t, a, t->argv[t->i - 2], t->argv[t->i - 1]);
  }
  if (strcmp(a, "(") == 0 && t->i + 1 < t->argc) {
    t->i++;
    r = expr(t);
    if (!arg(t) || strcmp(arg(t), ")") != 0) {
      sh_error("test: ) expected");
      t->error = 1;
      return 0;
    }
    t->i++;
    return r;
  }
  if (is_unary(a) && t->i + 1 < t->argc) {
    b = t->argv[t->i + 1];
    t->i += 2;
    if (a[1] == 'n') return *b != 0;
    if (a[1] == 'z') return *b == 0;
    if (a[1] == 't') return isatty(atoi(b));
    return file_test(a[1], b);
  }
  t->i++;
  return *a != 0;
}

static int negation(struct tparse *t) {
  const char *a = arg(t);
  if (a && strcmp(a, "!") == 0 && t->i + 1 < t->argc) {
    t->i++;
    return !negation(t);
  }
  return primary(t);
}

static int conjunction(struct tparse *t) {
  int r = negation(t);
  while (!t->error && arg(t) && strcmp(arg(t), "-a") == 0) {
    t->i++;
    r = negation(t) && r;
  }
  return r;
}

static int expr(struct tparse *t) {
  int r = conjunction(t);
  while (!t->error && arg(t) && strcmp(arg(t), "-o") == 0) {
    t->i++;
    r = conjunction(t) || r;
  }
  return r;
}

int builtin_test(int argc, char **argv) {
  struct tparse t;
  int r;
  if (strcmp(argv[0], "[") == 0) {
    if (strcmp(argv[argc - 1], "]") != 0) {
      sh_error("[: missing ]");
      return 2;
    }
    argc--;
  }
  t.argv = argv;
  t.argc = argc;
  t.i = 1;
  t.error = 0;
  if (argc == 1) return 1;
  r = expr(&t);
  if (!t.error && t.i < argc) {
    sh_error("test: %s: unexpected operator", argv[t.i]);
    return 2;
  }
  return t.error ? 2 : !r;
}
