// scanf's family on the bare machine (test/cc/libc.test.ts): every
// conversion, widths, suppression, scansets, %n, and the EOF/0 results.
#include <stdio.h>
#include <errno.h>
int main(void) {
  int a = 0, b = 0, c = 0, n = 0, r;
  unsigned u = 0;
  short h = 0;
  char hh = 0;
  char s[32], t[32], ch[4];
  r = sscanf("  42 -17 0x1f", "%d %i %i", &a, &b, &c);
  printf("1: r=%d %d %d %d\n", r, a, b, c);
  r = sscanf("017 0x10 10", "%i %x %o", &a, &b, &c);
  printf("2: r=%d %d %d %d\n", r, a, b, c);
  r = sscanf("12345678", "%3d%2d%d", &a, &b, &c);
  printf("3: r=%d %d %d %d\n", r, a, b, c);
  r = sscanf("hello world!", "%s %5s%n", s, t, &n);
  printf("4: r=%d [%s] [%s] n=%d\n", r, s, t, n);
  r = sscanf("abc", "%c%2c", ch, ch + 1);
  ch[3] = 0;
  printf("5: r=%d [%s]\n", r, ch);
  r = sscanf("key=value; rest", "%[a-z]=%[^;]", s, t);
  printf("6: r=%d [%s] [%s]\n", r, s, t);
  r = sscanf("]x] y", "%[]x]", s);
  printf("7: r=%d [%s]\n", r, s);
  r = sscanf("10 20 30", "%d %*d %d", &a, &b);
  printf("8: r=%d %d %d\n", r, a, b);
  r = sscanf("100%", "%d%%", &a);
  printf("9: r=%d %d\n", r, a);
  r = sscanf("", "%d", &a);
  printf("10: r=%d\n", r);
  r = sscanf("   ", "%d", &a);
  printf("11: r=%d\n", r);
  r = sscanf("x1", "%d", &a);
  printf("12: r=%d\n", r);
  r = sscanf("4000000000 -1", "%u %u", &u, &b);
  printf("13: r=%d %u %u\n", r, u, (unsigned)b);
  r = sscanf("70000 300", "%hd %hhd", &h, &hh);
  printf("14: r=%d %d %d\n", r, h, hh);
  r = sscanf("7 z", "%d %d", &a, &b);
  printf("15: r=%d %d\n", r, a);
  r = sscanf("99999999999", "%d", &a);
  printf("16: r=%d %d\n", r, a);
  r = sscanf("-0x1A,077", "%x,%o", &a, &b);
  printf("17: r=%d %d %d\n", r, a, b);
  r = scanf("%d %s", &a, s);
  printf("18: r=%d %d [%s]\n", r, a, s);
  r = scanf("%d", &a);
  printf("19: r=%d\n", r);
  r = fscanf(stdin, "%d", &a);
  printf("20: r=%d\n", r);
  return 0;
}
