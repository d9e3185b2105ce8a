// Number parsing: strtol/strtoul with bases and end pointers, atoi, hand-written itoa.
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>

static char *itoa_base(int v, char *buf, int base) {
  char tmp[40];
  int n = 0, neg = v < 0;
  unsigned u = neg ? -(unsigned)v : (unsigned)v;
  do { tmp[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[u % base]; u /= base; } while (u);
  char *p = buf;
  if (neg) *p++ = '-';
  while (n) *p++ = tmp[--n];
  *p = 0;
  return buf;
}

int main(void) {
  const char *inputs[] = {"123", "  -42abc", "0x1F", "0777", "+7", "zz", "2147483647", "-2147483648"};
  for (int i = 0; i < 8; i++) {
    char *end;
    errno = 0;
    long v = strtol(inputs[i], &end, 0);
    printf("strtol(\"%s\") = %ld rest=\"%s\" erange=%d\n", inputs[i], v, end, errno == ERANGE);
  }
  printf("base2 %ld base36 %ld base16 %ld\n", strtol("101101", 0, 2), strtol("zz", 0, 36), strtol("ff", 0, 16));
  printf("strtoul %lu %lu\n", strtoul("4294967295", 0, 10), strtoul("0xffffffff", 0, 16));
  printf("atoi %d %d %d\n", atoi("17"), atoi("-5x"), atoi("x5"));
  char buf[40];
  printf("itoa %s %s %s %s\n", itoa_base(255, buf, 16), itoa_base(-255, buf + 10, 2), itoa_base(0, buf + 30, 10), itoa_base(-2147483647 - 1, buf, 10));
  return atoi("200");
}
