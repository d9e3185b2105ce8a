// A recursive-descent expression evaluator: + - * / % ( ) unary minus, with error reporting.
#include <stdio.h>
#include <ctype.h>

static const char *p;
static int error;

static int expr(void);

static void skip(void) { while (*p == ' ') p++; }

static int primary(void) {
  skip();
  if (*p == '(') {
    p++;
    int v = expr();
    skip();
    if (*p == ')') p++; else error = 1;
    return v;
  }
  if (*p == '-') { p++; return -primary(); }
  if (!isdigit(*p)) { error = 2; return 0; }
  int v = 0;
  while (isdigit(*p)) v = v * 10 + (*p++ - '0');
  return v;
}

static int term(void) {
  int v = primary();
  for (;;) {
    skip();
    char op = *p;
    if (op != '*' && op != '/' && op != '%') return v;
    p++;
    int r = primary();
    if ((op == '/' || op == '%') && r == 0) { error = 3; return 0; }
    v = op == '*' ? v * r : op == '/' ? v / r : v % r;
  }
}

static int expr(void) {
  int v = term();
  for (;;) {
    skip();
    if (*p == '+') { p++; v += term(); }
    else if (*p == '-') { p++; v -= term(); }
    else return v;
  }
}

static int eval(const char *s, int *ok) {
  p = s;
  error = 0;
  int v = expr();
  skip();
  if (*p) error = error ? error : 4;
  *ok = !error;
  return v;
}

int main(void) {
  const char *tests[] = {
    "1 + 2 * 3", "(1 + 2) * 3", "100 / 7 % 4", "-(3 - 10) * -2", "2 * (3 + (4 - 1)) * 5",
    "7 / 0", "(1 + 2", "12 $ 3", "1 - 2 - 3 - 4", "((((42))))",
  };
  int sum = 0;
  for (int i = 0; i < 10; i++) {
    int ok;
    int v = eval(tests[i], &ok);
    if (ok) { printf("%-24s = %d\n", tests[i], v); sum += v; }
    else printf("%-24s : error %d\n", tests[i], error);
  }
  return sum & 0xff;
}
