// Variadic functions with stdarg: sums, a mini formatter, va_copy, forwarding to vsnprintf.
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static int sum(int count, ...) {
  va_list ap;
  int s = 0;
  va_start(ap, count);
  for (int i = 0; i < count; i++) s += va_arg(ap, int);
  va_end(ap);
  return s;
}

static int max_of(int first, ...) {
  va_list ap;
  int m = first, v;
  va_start(ap, first);
  while ((v = va_arg(ap, int)) >= 0) if (v > m) m = v;
  va_end(ap);
  return m;
}

static void mini(char *out, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  for (; *fmt; fmt++) {
    if (*fmt != '%') { *out++ = *fmt; continue; }
    fmt++;
    if (*fmt == 's') { const char *s = va_arg(ap, const char *); while (*s) *out++ = *s++; }
    else if (*fmt == 'c') *out++ = (char)va_arg(ap, int);
    else if (*fmt == 'd') { int d = va_arg(ap, int); char tmp[12]; int n = 0; if (d < 0) { *out++ = '-'; d = -d; } do tmp[n++] = '0' + d % 10; while (d /= 10); while (n) *out++ = tmp[--n]; }
  }
  *out = 0;
  va_end(ap);
}

static char logbuf[128];
static int logf_(const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(logbuf, sizeof logbuf, fmt, ap);
  int m = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  va_end(ap);
  return n == m ? n : -1;
}

struct pair { int a, b; };
static int pair_sum(int n, ...) {
  va_list ap;
  int s = 0;
  va_start(ap, n);
  for (int i = 0; i < n; i++) { struct pair p = va_arg(ap, struct pair); s += p.a * p.b; }
  va_end(ap);
  return s;
}

int main(void) {
  printf("sum=%d %d %d\n", sum(0), sum(3, 1, 2, 3), sum(5, 10, -20, 30, -40, 50));
  printf("max=%d\n", max_of(3, 9, 2, 14, 7, -1));
  char buf[100];
  mini(buf, "%s=%d (%c) %d", "answer", 42, 'Z', -17);
  printf("%s\n", buf);
  int n = logf_("%s-%05d-%x", "log", 77, 0xfeed);
  printf("%s %d\n", logbuf, n);
  struct pair p1 = {2, 3}, p2 = {4, 5};
  printf("pairs=%d\n", pair_sum(2, p1, p2));
  char c = 'q';
  short s = -5;
  printf("promoted %c %d\n", c, s);
  return sum(4, 1, 2, 3, 4);
}
