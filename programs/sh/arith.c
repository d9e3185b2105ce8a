// Arithmetic expansion $(( … )): the expression (after its parameters and
// command substitutions are expanded) evaluated as C evaluates it, in
// 64-bit signed integers as dash does, by recursive descent, one function
// per precedence level from the loosest:
//
//   assign  = NAME ('=' | '+=' | '-=' | '*=' | '/=' | '%=' | '<<=' | '>>=' | '&=' | '^=' | '|=') assign | cond
//   cond    = or ['?' assign ':' cond]
//   or      = and ('||' and)*            and = bitor ('&&' bitor)*
//   bitor   = bitxor ('|' bitxor)*       bitxor = bitand ('^' bitand)*
//   bitand  = equal ('&' equal)*         equal = rel (('==' | '!=') rel)*
//   rel     = shift (('<' | '<=' | '>' | '>=') shift)*
//   shift   = add (('<<' | '>>') add)*   add = mul (('+' | '-') mul)*
//   mul     = unary (('*' | '/' | '%') unary)*
//   unary   = ('+' | '-' | '!' | '~') unary | primary
//   primary = number | NAME | '(' assign ')'
//
// A variable's value is read as a number (unset or empty is 0). && || and
// ?: evaluate only the side they need: the other is parsed with `skip`
// set, so it neither assigns nor divides by zero. An error names the
// problem and its position in the expression.

#include "sh.h"
#include <ctype.h>

struct arith {
  const char *s;
  int pos;
  int skip;                               // parsing a side that is not evaluated
  const char *error;                      // the first error
  int errpos;
};

typedef long long num;

static num assign(struct arith *a);

static void fail(struct arith *a, int pos, const char *msg) {
  if (a->error) return;
  a->error = msg;
  a->errpos = pos;
}

static void blanks(struct arith *a) {
  while (a->s[a->pos] == ' ' || a->s[a->pos] == '\t' || a->s[a->pos] == '\n') a->pos++;
}

// Every operator of two characters or more.
static const char *long_ops[] = {"<<=", ">>=", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
                                 "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", 0};

// Is the operator op next, and not the start of a longer one (< of <=)?
static int at(struct arith *a, const char *op) {
  int n = strlen(op);
  char longer[4];
  int i;
  blanks(a);
  if (strncmp(a->s + a->pos, op, n) != 0) return 0;
  if (n >= 3 || !a->s[a->pos + n]) return 1;
  memcpy(longer, op, n);
  longer[n] = a->s[a->pos + n];
  longer[n + 1] = 0;
  for (i = 0; long_ops[i]; i++)
    if (strcmp(long_ops[i], longer) == 0) return 0;
  return 1;
}

static int take(struct arith *a, const char *op) {
  if (!at(a, op)) return 0;
  a->pos += strlen(op);
  return 1;
}

// A number in text s: decimal, 0x hex or 0 octal. 0 if s is not one.
static int read_number(const char *s, int *len, num *out) {
  int i = 0;
  int base = 10;
  num v = 0;
  int d;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    i = 2;
  } else if (s[0] == '0') {
    base = 8;
  }
  if (!(s[i] >= '0' && s[i] <= '9') && !(base == 16 && isxdigit((unsigned char)s[i]))) return 0;
  for (;; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
    else if (c == '_') d = 99;
    else break;
    if (d >= base) return 0;
    v = v * base + d;
  }
  *len = i;
  *out = v;
  return 1;
}

// The value of variable name as a number.
static num var_value(struct arith *a, const char *name, int pos) {
  const char *v = var_get(name);
  num n;
  int len;
  int neg = 0;
  if (!v) return 0;
  while (*v == ' ' || *v == '\t') v++;
  if (!*v) return 0;
  if (*v == '-' || *v == '+') neg = *v++ == '-';
  if (!read_number(v, &len, &n) || v[len]) {
    fail(a, pos, "a variable's value is not a number");
    return 0;
  }
  return neg ? -n : n;
}

static char *name_at(struct arith *a, int *len) {
  int i = a->pos;
  if (!is_name_start(a->s[i])) return 0;
  while (is_name_char(a->s[i])) i++;
  *len = i - a->pos;
  return arena_strndup(a->s + a->pos, *len);
}

static num primary(struct arith *a) {
  int len;
  num v;
  char *name;
  int pos;
  blanks(a);
  pos = a->pos;
  if (a->s[pos] == '(') {
    a->pos++;
    v = assign(a);
    if (!take(a, ")")) fail(a, a->pos, "missing )");
    return v;
  }
  if (a->s[pos] >= '0' && a->s[pos] <= '9') {
    if (!read_number(a->s + pos, &len, &v)) {
      fail(a, pos, "not a number");
      return 0;
    }
    a->pos += len;
    return v;
  }
  name = name_at(a, &len);
  if (name) {
    a->pos += len;
    return var_value(a, name, pos);
  }
  fail(a, pos, a->s[pos] ? "expected a number, a name or (" : "the expression ends too soon");
  return 0;
}

static num unary(struct arith *a) {
  if (take(a, "+")) return unary(a);
  if (take(a, "-")) return -unary(a);
  if (take(a, "!")) return !unary(a);
  if (take(a, "~")) return ~unary(a);
  return primary(a);
}

// x / y or x % y, unless y is 0 (an error where it is, unless skipped).
static num divide(struct arith *a, num x, num y, int mod, int pos) {
  if (a->skip) return 0;
  if (y == 0) {
    fail(a, pos, "division by zero");
    return 0;
  }
  if (y == -1) return mod ? 0 : -x;     // LLONG_MIN / -1 would trap
  return mod ? x % y : x / y;
}

static num mul(struct arith *a) {
  num v = unary(a);
  int pos;
  for (;;) {
    blanks(a);
    pos = a->pos;
    if (take(a, "*")) v = v * unary(a);
    else if (take(a, "/")) v = divide(a, v, unary(a), 0, pos);
    else if (take(a, "%")) v = divide(a, v, unary(a), 1, pos);
    else return v;
  }
}

static num add(struct arith *a) {
  num v = mul(a);
  for (;;) {
    if (take(a, "+")) v = v + mul(a);
    else if (take(a, "-")) v = v - mul(a);
    else return v;
  }
}

static num shift(struct arith *a) {
  num v = add(a);
  for (;;) {
    if (take(a, "<<")) v = v << (add(a) & 63);
    else if (take(a, ">>")) v = v >> (add(a) & 63);
    else return v;
  }
}

static num rel(struct arith *a) {
  num v = shift(a);
  for (;;) {
    if (take(a, "<=")) v = v <= shift(a);
    else if (take(a, ">=")) v = v >= shift(a);
    else if (take(a, "<")) v = v < shift(a);
    else if (take(a, ">")) v = v > shift(a);
    else return v;
  }
}

static num equal(struct arith *a) {
  num v = rel(a);
  for (;;) {
    if (take(a, "==")) v = v == rel(a);
    else if (take(a, "!=")) v = v != rel(a);
    else return v;
  }
}

static num bitand(struct arith *a) {
  num v = equal(a);
  while (take(a, "&")) v = v & equal(a);
  return v;
}

static num bitxor(struct arith *a) {
  num v = bitand(a);
  while (take(a, "^")) v = v ^ bitand(a);
  return v;
}

static num bitor(struct arith *a) {
  num v = bitxor(a);
  while (take(a, "|")) v = v | bitxor(a);
  return v;
}

// The right side of && or ||, evaluated only when it decides.
static num side(struct arith *a, num (*level)(struct arith *), int needed) {
  num v;
  if (!needed) a->skip++;
  v = level(a);
  if (!needed) a->skip--;
  return v;
}

static num and(struct arith *a) {
  num v = bitor(a);
  num r;
  while (take(a, "&&")) {
    r = side(a, bitor, v != 0);
    v = v != 0 && r != 0;
  }
  return v;
}

static num or(struct arith *a) {
  num v = and(a);
  num r;
  while (take(a, "||")) {
    r = side(a, and, v == 0);
    v = v != 0 || r != 0;
  }
  return v;
}

static num cond(struct arith *a) {
  num c = or(a);
  num x;
  num y;
  if (!take(a, "?")) return c;
  x = side(a, assign, c != 0);
  if (!take(a, ":")) {
    fail(a, a->pos, "missing : after ?");
    return 0;
  }
  y = side(a, cond, c == 0);
  return c ? x : y;
}

// NAME op= value: the operators that assign, longest first.
static const char *assign_ops[] = {"<<=", ">>=", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "=", 0};

static num assign(struct arith *a) {
  int start;
  int len;
  int pos;
  int i;
  char *name;
  num v;
  num old;
  char buf[24];
  blanks(a);
  start = a->pos;
  name = name_at(a, &len);
  if (name) {
    a->pos += len;
    blanks(a);
    pos = a->pos;
    for (i = 0; assign_ops[i]; i++) {
      int n = strlen(assign_ops[i]);
      if (strncmp(a->s + pos, assign_ops[i], n) == 0 && !(n == 1 && a->s[pos + 1] == '=')) break;
    }
    if (assign_ops[i]) {
      const char *op = assign_ops[i];
      a->pos += strlen(op);
      v = assign(a);
      if (op[0] != '=') {
        old = var_value(a, name, start);
        switch (op[0]) {
        case '+': v = old + v; break;
        case '-': v = old - v; break;
        case '*': v = old * v; break;
        case '/': v = divide(a, old, v, 0, pos); break;
        case '%': v = divide(a, old, v, 1, pos); break;
        case '<': v = old << (v & 63); break;
        case '>': v = old >> (v & 63); break;
        case '&': v = old & v; break;
        case '^': v = old ^ v; break;
        default: v = old | v; break;
        }
      }
      if (!a->skip && !a->error) {
        snprintf(buf, sizeof(buf), "%lld", v);
        var_set(name, buf);
      }
      return v;
    }
    a->pos = start;
  }
  return cond(a);
}

// Evaluate expr. On an error: says what and where, sets expand_failed, 0.
long long arith_eval(const char *expr) {
  struct arith a;
  num v;
  memset(&a, 0, sizeof(a));
  a.s = expr;
  v = assign(&a);
  blanks(&a);
  if (!a.error && a.s[a.pos]) fail(&a, a.pos, "unexpected text");
  if (a.error) {
    sh_error("arithmetic: %s at character %d of '%s'", a.error, a.errpos + 1, expr);
    expand_failed = 1;
    return 0;
  }
  return v;
}
