// sscanf of floating fields: %f into float, %lf into double, %e %g, widths,
// %n, hex, inf and nan, and the fields that are not numbers.
#include <stdio.h>
int main(void) {
  double d = -1, e = -1; float f = -1, g = -1; int n = -1, k = -1;
  n = sscanf("3.25 -1e-3 0x1.8p1 inf", "%lf %f %lg %e", &d, &f, &e, &g);
  printf("%d %.17g %.9g %.17g %g\n", n, d, f, e, g);
  n = sscanf("  12abc", "%lf%n", &d, &k); printf("%d %g %d\n", n, d, k);
  n = sscanf("1e+x", "%lf", &d); printf("%d\n", n);
  n = sscanf("-nan 7", "%lf %d", &d, &k); printf("%d %d %d\n", n, d != d, k);
  n = sscanf("123.456789", "%5lf%lf", &d, &e); printf("%d %g %g\n", n, d, e);
  n = sscanf("0.1", "%f", &f); printf("%d %a\n", n, f);
  n = sscanf("1.00000005960464477550", "%f", &f); printf("%d %a\n", n, f);
  n = sscanf("x", "%lf", &d); printf("%d\n", n);
  n = sscanf("", "%lf", &d); printf("%d\n", n);
  n = sscanf("5 .5 5. 1E5", "%*f %lf %lf %lG", &d, &e, &d); printf("%d %g %g\n", n, d, e);
  return 0;
}
