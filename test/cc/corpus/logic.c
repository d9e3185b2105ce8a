// Short-circuit evaluation with side effects, the conditional operator, the comma operator.
#include <stdio.h>

static int calls;
static int t(int v) { calls++; return v; }

int main(void) {
  calls = 0;
  int r1 = t(0) && t(1);
  int r2 = t(1) || t(0);
  int r3 = t(1) && t(0) && t(1);
  int r4 = t(0) || t(0) || t(1);
  printf("r=%d%d%d%d calls=%d\n", r1, r2, r3, r4, calls);
  int x = 5;
  int y = x > 3 ? x * 2 : x - 2;
  int z = x < 3 ? 100 : x < 6 ? 200 : 300;
  printf("y=%d z=%d\n", y, z);
  int a = (x++, x++, x);
  printf("a=%d x=%d\n", a, x);
  int *p = 0;
  int safe = p && *p;
  printf("safe=%d\n", safe);
  int cnt = 0;
  for (int i = 0, j = 10; i < j; i++, j--) cnt++;
  printf("cnt=%d\n", cnt);
  int n = 0;
  if (!(n++ > 0) && !n == 0) printf("neg logic ok n=%d\n", n);
  printf("not: %d %d %d\n", !0, !5, !!7);
  const char *s = x > 6 ? "big" : "small";
  printf("%s\n", s);
  int val = (x > 0) + (x > 100) * 2 + (x == 7) * 4;
  printf("val=%d\n", val);
  calls = 0;
  int k = (t(2) > 1) ? t(10) : t(20);
  printf("k=%d calls=%d\n", k, calls);
  unsigned u = 0;
  printf("u check %d %d\n", u ? 1 : 2, (u - 1) ? 3 : 4);
  return val + k;
}
