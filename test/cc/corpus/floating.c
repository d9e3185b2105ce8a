// float and double: constants (exact float rounding, hex, subnormals), globals,
// conversions, variadic and unprototyped calls, struct values, comparisons
// with NaN and signed zeros, compound assignment, <float.h> and <math.h>.
#include <stdio.h>
#include <stdarg.h>
#include <float.h>
#include <math.h>
double g = 1.0 / 3, garr[] = { 0.1, -0.0, 0x1.8p-3, 1e-320, 1.00000005960464477550f, (float)16777217, 9007199254740993.0 };
float gf = 0.1f, gfa[2] = { 1e-45f, 3.4028235e38f };
long long gl = (long long)-2.9e15;
unsigned gu = (unsigned)3.99e9;
int gi = 7.9, gb = (_Bool)0.25;
double gnan[] = { NAN, -NAN, -(0.0 / 0.0) };
struct rec { char tag; double d; float f; long double ld; } gr = { 'x', 2.5, -1.25f, 1e100L };
static double h();
static double sum(int n, ...) {
  va_list ap; double t = 0;
  va_start(ap, n);
  for (int i = 0; i < n; i++) t += va_arg(ap, double);
  va_end(ap);
  return t;
}
static float half(float x) { return x / 2; }
static struct rec scale(struct rec r, double k) { r.d *= k; r.f *= (float)k; return r; }
static double fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
static void pd(const char *s, double d) { printf("%s %.17g\n", s, d); }
int main(void) {
  double (*fp)(int) = fact;
  float f = 3;
  pd("g", g); for (int i = 0; i < 7; i++) pd("garr", garr[i]);
  pd("gf", gf); pd("gfa0", gfa[0]); pd("gfa1", gfa[1]);
  printf("ints %lld %u %d %d\n", gl, gu, gi, gb);
  pd("gr.d", gr.d); pd("gr.f", gr.f); pd("gr.ld", gr.ld); printf("tag %c\n", gr.tag);
  pd("sum", sum(4, 1.5, f, 2.0, (double)3)); // f is promoted to double
  pd("h", h(1.5f)); // unprototyped: float goes as double
  pd("half", half(5)); pd("fact", fp(20));
  struct rec r = scale(gr, 3); pd("r.d", r.d); pd("r.f", r.f);
  pd("max", DBL_MAX); pd("eps", DBL_EPSILON); pd("fmax", FLT_MAX); pd("fmin", FLT_MIN); pd("tmin", DBL_MIN * DBL_EPSILON);
  printf("nans %f %f %f %f\n", gnan[0], gnan[1], gnan[2], -gnan[0]);
  pd("huge", HUGE_VAL); pd("inf", -INFINITY); printf("nan %d\n", NAN != NAN);
  double z = 0.0, nz = -z;
  printf("zeros %d %d %g %g\n", z == nz, 1 / nz < 0, z, nz);
  double x = 0.1; int n = 0;
  while (x < 1) { x += 0.1; n++; }
  printf("loop %d %.17g\n", n, x);
  for (double d = 1; d; d /= 2) n++;
  printf("halvings %d\n", n);
  unsigned long long big = 18446744073709551615ULL; long long neg = -9007199254740993LL;
  pd("ull", big); pd("ll", neg); pd("llf", (float)neg);
  printf("back %llu %lld %d %u\n", (unsigned long long)1.8446744073709550e19, (long long)-9.2233720368547758e18, (int)-2147483648.0, (unsigned)4294967295.0);
  char c = 65.7; short s = -3.9; unsigned char uc = 255.9;
  printf("narrow %d %d %d\n", c, s, uc);
  f = 0.1f; f += 0.2f; pd("f", f); f *= 3; pd("f3", f); f++; pd("f++", f);
  int k = 10; k *= 2.5; k -= 0.5; pd("k", k);
  double cmp[] = { 1, NAN, -0.0, 0.0 };
  for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++)
    printf("%d%d%d%d%d%d ", cmp[i] == cmp[j], cmp[i] != cmp[j], cmp[i] < cmp[j], cmp[i] <= cmp[j], cmp[i] > cmp[j], cmp[i] >= cmp[j]);
  printf("\nlogic %d %d %d %d %d\n", !0.0, !-0.0, !NAN, 0.5 && NAN, 0.0 || -0.0);
  printf("cond %g %g\n", 0.0 ? 1.0 : 2.0, NAN ? 3.0 : 4.0);
  if (-0.0) puts("bad"); else puts("minus zero is false");
  printf("sizes %d %d %d\n", (int)sizeof(double), (int)sizeof(float), (int)sizeof(long double) == 8 || sizeof(long double) == 16);
  return (int)(g * 30);
}
static double h(double x) { return x * 2; }
