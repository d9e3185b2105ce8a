// Arbitrary precision in base 10000: factorials and powers of two.
#include <stdio.h>
#include <string.h>

#define DIGITS 200
typedef struct { int n; unsigned short d[DIGITS]; } big;

static void set(big *b, int v) { b->n = 0; while (v) { b->d[b->n++] = v % 10000; v /= 10000; } if (!b->n) b->d[b->n++] = 0; }

static void mul_small(big *b, unsigned m) {
  unsigned carry = 0;
  for (int i = 0; i < b->n; i++) {
    unsigned x = b->d[i] * m + carry;
    b->d[i] = x % 10000;
    carry = x / 10000;
  }
  while (carry) { b->d[b->n++] = carry % 10000; carry /= 10000; }
}

static void add(big *a, const big *b) {
  unsigned carry = 0;
  int n = a->n > b->n ? a->n : b->n;
  for (int i = 0; i < n; i++) {
    unsigned x = (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0) + carry;
    a->d[i] = x % 10000;
    carry = x / 10000;
  }
  a->n = n;
  if (carry) a->d[a->n++] = carry;
}

static void print(const char *label, const big *b) {
  printf("%s", label);
  printf("%d", b->d[b->n - 1]);
  for (int i = b->n - 2; i >= 0; i--) printf("%04d", b->d[i]);
  printf("\n");
}

static int digit_sum(const big *b) {
  int s = 0;
  for (int i = 0; i < b->n; i++) { int v = b->d[i]; while (v) { s += v % 10; v /= 10; } }
  return s;
}

int main(void) {
  big f;
  set(&f, 1);
  for (int i = 2; i <= 60; i++) mul_small(&f, i);
  print("60! = ", &f);
  big p;
  set(&p, 1);
  for (int i = 0; i < 200; i++) mul_small(&p, 2);
  print("2^200 = ", &p);
  big a, b;
  set(&a, 0);
  set(&b, 1);
  for (int i = 0; i < 150; i++) { big t = b; add(&b, &a); a = t; }
  print("fib(150) = ", &a);
  return digit_sum(&f) & 0xff;
}
