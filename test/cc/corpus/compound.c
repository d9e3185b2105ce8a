// Compound assignment and ++/-- on every kind of lvalue: locals, globals, array elements,
// struct members through pointers, chars, shorts, unsigned, pointers.
#include <stdio.h>

struct s { int i; char c; short sh; unsigned u; int *p; int arr[4]; };
int g = 100;
char gc = 10;

int main(void) {
  int x = 7;
  x += 3; x -= 1; x *= 4; x /= 3; x %= 7; x <<= 4; x >>= 2; x &= 0x3f; x |= 0x100; x ^= 0x55;
  printf("x=%d\n", x);
  g += x; g <<= 1; gc *= 13; gc -= 3;
  printf("g=%d gc=%d\n", g, gc);
  int data[4] = {1, 2, 3, 4};
  struct s obj = {5, 'a', 300, 40000, data, {9, 8, 7, 6}};
  struct s *ps = &obj;
  ps->i *= ps->arr[1];
  ps->c += 2;
  ps->sh <<= 7;
  ps->u >>= 3;
  ps->arr[ps->i % 4] += 100;
  *ps->p++ += 50;
  ps->p[1] -= 20;
  printf("i=%d c=%c sh=%d u=%u arr=%d,%d,%d,%d p0=%d data=%d,%d,%d\n", ps->i, ps->c, ps->sh, ps->u,
         ps->arr[0], ps->arr[1], ps->arr[2], ps->arr[3], *ps->p, data[0], data[1], data[2]);
  int a = 5;
  int b = a++;
  b += ++a;
  int c = a--;
  c -= --a;
  printf("a=%d b=%d c=%d\n", a, b, c);
  char ch = 'x';
  char d1 = ch++, d2 = ++ch;
  unsigned char uc = 255;
  uc++;
  short s1 = -32768;
  s1--;
  printf("ch=%c d1=%c d2=%c uc=%d s1=%d\n", ch, d1, d2, uc, s1);
  int arr[5] = {10, 20, 30, 40, 50};
  int *p = arr;
  int v1 = *p++;
  int v2 = *++p;
  int v3 = ++*p;
  int v4 = (*p)++;
  p += 2;
  p -= 1;
  printf("v=%d %d %d %d *p=%d arr2=%d idx=%d\n", v1, v2, v3, v4, *p, arr[2], (int)(p - arr));
  int i = 0;
  arr[i] = arr[i + 1] + 1;
  i++;
  printf("arr0=%d i=%d\n", arr[0], i);
  unsigned u = 10;
  u -= 20;
  u /= 2;
  printf("u=%u\n", u);
  int m = -17;
  m /= 4;
  int n = -17;
  n %= 4;
  printf("m=%d n=%d\n", m, n);
  _Bool flag = 0;
  flag++;
  flag++;
  printf("flag=%d\n", flag);
  return x + g;
}
