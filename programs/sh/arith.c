// Arithmetic expansion, $((...)) (XCU 2.6.4): C's integer operators on
// 64-bit signed values (intmax_t on the hosts dash runs on), by precedence
// climbing; overflow wraps. The text has had its
// $parameters expanded already; a bare name is a variable whose value is
// read as a number (unset or empty: 0). No assignment operators, no ?:.

#include "sh.h"
#include <limits.h>

struct arith {
  const char *s;
  int pos;
  const char *error;
};

static long long expr(struct arith *a, int min_prec);

static void skip_blanks(struct arith *a) {
  while (a->s[a->pos] == ' ' || a->s[a->pos] == '\t' || a->s[a->pos] == '\n') a->pos++;
}

static void fail(struct arith *a, const char *msg) {
  if (!a->error) a->error = msg;
}

// A number in C's notation (0x1f, 017, 42); *end past it, or 0 if it is not one.
static long long number_at(const char *s, const char **end) {
  char *e;
  long long v = strtoll(s, &e, 0);
  *end = e;
  return v;
}

static long long variable(struct arith *a, const char *name, int n) {
  const char *v = var_get(arena_strndup(name, n));
  const char *end;
  long long x;
  if (!v) return 0;
  while (*v == ' ' || *v == '\t') v++;
  if (!*v) return 0;
  x = number_at(v, &end);
  if (end == v || *end) fail(a, "a variable's value is not a number");
  return x;
}

static long long primary(struct arith *a) {
  const char *s = a->s;
  const char *end;
  char c;
  long long v;
  int start;
  skip_blanks(a);
  c = s[a->pos];
  if (c == '(') {
    a->pos++;
    v = expr(a, 1);
    skip_blanks(a);
    if (s[a->pos] != ')') fail(a, "missing )");
    else a->pos++;
    return v;
  }
  if (c == '-' || c == '+' || c == '!' || c == '~') {
    a->pos++;
    v = primary(a);
    if (c == '-') return (long long)(0ULL - (unsigned long long)v);
    if (c == '!') return !v;
    if (c == '~') return ~v;
    return v;
  }
  if (c >= '0' && c <= '9') {
    v = number_at(s + a->pos, &end);
    a->pos = end - s;
    if (is_name_char(s[a->pos])) fail(a, "not a number");
    return v;
  }
  if (is_name_start(c)) {
    start = a->pos;
    while (is_name_char(s[a->pos])) a->pos++;
    return variable(a, s + start, a->pos - start);
  }
  fail(a, c ? "expected a number or a name" : "the expression ends too soon");
  return 0;
}

// The binary operator at the position: its precedence (0: none) and length.
static int binary_op(struct arith *a, int *len) {
  static const char *ops[] = {"||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "|", "^", "&", "<", ">",
                              "+", "-", "*", "/", "%", 0};
  static const int prec[] = {1, 2, 6, 6, 7, 7, 8, 8, 3, 4, 5, 7, 7, 9, 9, 10, 10, 10};
  const char *s = a->s + a->pos;
  int i;
  for (i = 0; ops[i]; i++) {
    *len = strlen(ops[i]);
    if (strncmp(s, ops[i], *len) == 0) return prec[i];
  }
  return 0;
}

static long long apply(struct arith *a, const char *op, int len, long long x, long long y) {
  switch (op[0]) {
  case '|': return len == 2 ? (x || y) : (x | y);
  case '&': return len == 2 ? (x && y) : (x & y);
  case '^': return x ^ y;
  case '=': return x == y;
  case '!': return x != y;
  case '<':
    if (len == 1) return x < y;
    return op[1] == '=' ? x <= y : (long long)((unsigned long long)x << (y & 63));
  case '>':
    if (len == 1) return x > y;
    return op[1] == '=' ? x >= y : x >> (y & 63);
  case '+': return (long long)((unsigned long long)x + (unsigned long long)y);
  case '-': return (long long)((unsigned long long)x - (unsigned long long)y);
  case '*': return (long long)((unsigned long long)x * (unsigned long long)y);
  default:
    if (y == 0) {
      fail(a, "division by zero");
      return 0;
    }
    if (x == LLONG_MIN && y == -1) return op[0] == '/' ? x : 0;   // the one quotient that overflows
    return op[0] == '/' ? x / y : x % y;
  }
}

static long long expr(struct arith *a, int min_prec) {
  long long left = primary(a);
  int prec;
  int len;
  const char *op;
  for (;;) {
    skip_blanks(a);
    prec = binary_op(a, &len);
    if (prec == 0 || prec < min_prec || a->error) return left;
    op = a->s + a->pos;
    a->pos += len;
    left = apply(a, op, len, left, expr(a, prec + 1));
  }
}

long long arith_eval(const char *text) {
  struct arith a;
  long long v;
  a.s = text;
  a.pos = 0;
  a.error = 0;
  v = expr(&a, 1);
  skip_blanks(&a);
  if (!a.error && text[a.pos]) fail(&a, "unexpected characters");
  if (a.error) {
    sh_error("arithmetic: %s: $((%s))", a.error, text);
    expand_failed = 1;
    return 0;
  }
  return v;
}
