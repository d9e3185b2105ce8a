// Unsigned arithmetic: comparisons, division, modulo, wrap-around, mixed signedness.
#include <stdio.h>

int main(void) {
  unsigned a = 0x80000000u, b = 1;
  printf("a>b %d  (int)a<(int)b %d\n", a > b, (int)a < (int)b);
  unsigned big = 4000000000u;
  printf("div %u mod %u\n", big / 7, big % 7);
  int neg = -7;
  printf("signed div %d mod %d\n", neg / 2, neg % 2);
  printf("mixed: %d\n", neg < 1u);
  unsigned w = 0;
  w--;
  printf("wrap %u %x\n", w, w + 2);
  unsigned short us = 65535;
  us++;
  short ss = 32767;
  ss++;
  printf("short wrap us=%d ss=%d\n", us, ss);
  unsigned char uc = 250;
  uc += 10;
  signed char sc = 127;
  sc++;
  printf("char wrap uc=%d sc=%d\n", uc, sc);
  int i = -1;
  unsigned u = i;
  printf("conv %u %d\n", u, (int)(u >> 1));
  printf("cmp %d %d %d %d\n", (unsigned)-1 > 0, -1 < 0, (unsigned char)-1 == 255, (signed char)200 == -56);
  unsigned long ul = 3000000000ul;
  printf("ul %lu %lu\n", ul, ul / 3);
  unsigned x = 1000000;
  printf("mul wrap %u\n", x * x);
  unsigned shifts = 0xf0000000u;
  printf("shr %u sar-like %d\n", shifts >> 28, (int)shifts >> 28);
  unsigned counter = 0;
  for (unsigned k = 10; k < 20; k -= 1) counter++;
  printf("countdown %u\n", counter);
  unsigned idx = 5;
  int arr[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  printf("arr %d %d\n", arr[idx], arr[idx - 2u]);
  printf("max %u min %d\n", ~0u, (int)(~0u >> 1) + 1 == -2147483647 - 1);
  return (int)(big % 256u);
}
