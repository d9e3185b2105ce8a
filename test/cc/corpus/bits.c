// Bit tricks on unsigned integers: popcount, bit reversal, rotation, masks, shifts.
#include <stdio.h>

static int popcount(unsigned x) { int n = 0; while (x) { x &= x - 1; n++; } return n; }
static unsigned reverse(unsigned x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
  x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
  return (x >> 16) | (x << 16);
}
static unsigned rotl(unsigned x, int r) { return (x << r) | (x >> (32 - r)); }
static int is_pow2(unsigned x) { return x && !(x & (x - 1)); }
static unsigned next_pow2(unsigned x) { x--; x |= x >> 1; x |= x >> 2; x |= x >> 4; x |= x >> 8; x |= x >> 16; return x + 1; }
static int clz(unsigned x) { int n = 0; if (!x) return 32; while (!(x & 0x80000000u)) { x <<= 1; n++; } return n; }

int main(void) {
  unsigned vals[] = {0, 1, 0xff, 0x80000000u, 0xdeadbeefu, 12345678, 0xffffffffu};
  for (int i = 0; i < 7; i++) {
    unsigned v = vals[i];
    printf("%08x pop=%d rev=%08x rotl7=%08x clz=%d pow2=%d\n", v, popcount(v), reverse(v), rotl(v, 7), clz(v), is_pow2(v));
  }
  printf("next_pow2: %u %u %u\n", next_pow2(5), next_pow2(64), next_pow2(1000));
  int neg = -1000;
  printf("sar %d %d shr %u\n", neg >> 3, neg >> 31, (unsigned)neg >> 3);
  unsigned char uc = 0xf0;
  signed char sc = (signed char)0xf0;
  printf("uc>>2=%d sc>>2=%d ~uc=%d\n", uc >> 2, sc >> 2, ~uc);
  unsigned u = 1;
  for (int i = 0; i < 31; i++) u = (u << 1) | (i & 1);
  printf("u=%u %x\n", u, u);
  printf("xor swap: ");
  int a = 12, b = 34;
  a ^= b; b ^= a; a ^= b;
  printf("%d %d\n", a, b);
  unsigned mask = 0;
  for (int bit = 0; bit < 32; bit += 3) mask |= 1u << bit;
  printf("mask=%08x lowbit=%08x\n", mask, mask & -mask);
  return popcount(0xdeadbeefu);
}
