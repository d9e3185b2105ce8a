// int64.c: the run-time helpers for long long, named as in libgcc.
//
// The compiler does +, -, *, comparisons and shifts by a constant inline
// (vm/cc/codegen.ts); what the machine has no instruction for comes here:
// 64-bit division and modulo, and shifts by a count known only at run time.
// Each helper uses only the inline operations, so none calls another.
//
// Shift counts are taken modulo 64, as the compiler folds constant shifts.
// Division by zero divides by zero in 32 bits, so it faults like int's.

// q = n / d and *rem = n % d by shift and subtract, one quotient bit a step.
static unsigned long long udivmod(unsigned long long n, unsigned long long d, unsigned long long *rem) {
  unsigned long long q = 0;
  unsigned long long r = 0;
  int i;
  if (d == 0) return 1u / (unsigned int)d;
  if ((n >> 32) == 0 && (d >> 32) == 0) {
    // Both fit in 32 bits: one div instruction.
    *rem = (unsigned int)n % (unsigned int)d;
    return (unsigned int)n / (unsigned int)d;
  }
  for (i = 0; i < 64; i++) {
    r = (r << 1) | (n >> 63);
    n <<= 1;
    q <<= 1;
    if (r >= d) {
      r -= d;
      q |= 1;
    }
  }
  *rem = r;
  return q;
}

static unsigned long long magnitude(long long v) {
  return v < 0 ? -(unsigned long long)v : (unsigned long long)v;
}

unsigned long long __udivdi3(unsigned long long a, unsigned long long b) {
  unsigned long long r;
  return udivmod(a, b, &r);
}

unsigned long long __umoddi3(unsigned long long a, unsigned long long b) {
  unsigned long long r;
  udivmod(a, b, &r);
  return r;
}

// The quotient truncates toward zero: negative when the signs differ.
long long __divdi3(long long a, long long b) {
  unsigned long long r;
  unsigned long long q = udivmod(magnitude(a), magnitude(b), &r);
  return (a < 0) != (b < 0) ? -q : q;
}

// The remainder has the sign of the dividend.
long long __moddi3(long long a, long long b) {
  unsigned long long r;
  udivmod(magnitude(a), magnitude(b), &r);
  return a < 0 ? -r : r;
}

// Shifts: a whole 32 first (a constant shift, inline), then the rest of
// the count, under 32, moves bits between the two halves.
long long __ashldi3(long long a, int count) {
  unsigned int lo;
  unsigned int hi;
  if (count & 32) a <<= 32;
  count &= 31;
  if (count == 0) return a;
  lo = (unsigned int)a;
  hi = (unsigned int)((unsigned long long)a >> 32);
  return (long long)(((unsigned long long)(hi << count | lo >> (32 - count)) << 32) | lo << count);
}

unsigned long long __lshrdi3(unsigned long long a, int count) {
  unsigned int lo;
  unsigned int hi;
  if (count & 32) a >>= 32;
  count &= 31;
  if (count == 0) return a;
  lo = (unsigned int)a;
  hi = (unsigned int)(a >> 32);
  return ((unsigned long long)(hi >> count) << 32) | (lo >> count | hi << (32 - count));
}

// Arithmetic: the high half's sign fills in from the left.
long long __ashrdi3(long long a, int count) {
  unsigned int lo;
  int hi;
  if (count & 32) a >>= 32;
  count &= 31;
  if (count == 0) return a;
  lo = (unsigned int)a;
  hi = (int)(a >> 32);
  return (long long)((unsigned long long)(hi >> count) << 32 | (lo >> count | (unsigned int)hi << (32 - count)));
}
