// strtod and atof: decimal and hexadecimal text to the nearest double.
//
// Correct rounding needs the exact value, so the decimal digits D and the
// exponent E are turned into a big integer (base 2^32 limbs) and either
// D * 10^E (E >= 0) or D * 2^s / 10^-E (E < 0, s chosen so the quotient has
// 63 or 64 bits) is computed exactly; the quotient's top bits, with a sticky
// bit for any remainder, are rounded once by softfloat.c. Only the first
// 800 significant digits are kept and the rest only say "more": a value
// exactly halfway between two doubles has at most 767 significant digits,
// so this never changes a result. strtof rounds the same exact value once
// to float (rounding to double first could round twice). errno is ERANGE when a finite input
// overflows to infinity or a nonzero one underflows to zero.

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include "float_impl.h"

typedef unsigned long long u64;
typedef unsigned int u32;

#define MAX_DIGITS 800
#define LIMBS 140 // 4480 bits: 10^(800 + 330) * 2^64 fits

struct big {
  u32 w[LIMBS]; // least significant first
  int n;        // limbs in use; the top one is nonzero (n == 0: zero)
};

static void big_trim(struct big *a) {
  while (a->n > 0 && a->w[a->n - 1] == 0) a->n--;
}

static void big_mul_small(struct big *a, u32 m, u32 add) {
  u64 carry = add;
  int i;
  for (i = 0; i < a->n; i++) {
    u64 t = (u64)a->w[i] * m + carry;
    a->w[i] = (u32)t;
    carry = t >> 32;
  }
  if (carry) a->w[a->n++] = (u32)carry;
}

static void big_pow10(struct big *a, int e) {
  for (; e >= 9; e -= 9) big_mul_small(a, 1000000000u, 0);
  for (; e > 0; e--) big_mul_small(a, 10, 0);
}

static int big_bits(const struct big *a) {
  u32 top;
  int b;
  if (a->n == 0) return 0;
  top = a->w[a->n - 1];
  for (b = 0; top; b++) top >>= 1;
  return (a->n - 1) * 32 + b;
}

static void big_shl(struct big *a, int k) {
  int words = k / 32, bits = k % 32, i;
  if (a->n == 0) return;
  a->w[a->n] = 0;
  for (i = a->n; i >= 0; i--) {
    u32 hi = a->w[i] << bits;
    u32 lo = (bits && i > 0) ? a->w[i - 1] >> (32 - bits) : 0;
    a->w[i + words] = hi | lo;
  }
  for (i = 0; i < words; i++) a->w[i] = 0;
  a->n += words + 1;
  big_trim(a);
}

static void big_shr1(struct big *a) {
  int i;
  for (i = 0; i < a->n; i++) a->w[i] = (a->w[i] >> 1) | (i + 1 < a->n ? a->w[i + 1] << 31 : 0);
  big_trim(a);
}

static int big_cmp(const struct big *a, const struct big *b) {
  int i;
  if (a->n != b->n) return a->n < b->n ? -1 : 1;
  for (i = a->n - 1; i >= 0; i--) {
    if (a->w[i] != b->w[i]) return a->w[i] < b->w[i] ? -1 : 1;
  }
  return 0;
}

static void big_sub(struct big *a, const struct big *b) {
  u32 borrow = 0;
  int i;
  for (i = 0; i < a->n; i++) {
    u64 t = (u64)a->w[i] - (i < b->n ? b->w[i] : 0) - borrow;
    a->w[i] = (u32)t;
    borrow = (u32)(t >> 32) & 1;
  }
  big_trim(a);
}

// The top 64 bits of a (with a sticky bit for the rest) and their scale: a ~ sig * 2^*e2.
static u64 big_top64(const struct big *a, int *e2, int sticky) {
  int bits = big_bits(a), shift = bits > 64 ? bits - 64 : 0, i;
  u64 sig = 0;
  for (i = 63; i >= 0; i--) {
    int b = shift + i;
    if (b < bits && ((a->w[b / 32] >> (b % 32)) & 1)) sig |= 1ULL << i;
  }
  for (i = 0; i < shift && !sticky; i++) sticky = (a->w[i / 32] >> (i % 32)) & 1;
  *e2 = shift;
  return sig | (u64)sticky;
}

// sign * sig * 2^e2 rounded once to a double, or to a float (returned widened, exactly).
static double round_to(int negative, u64 sig, int e2, int as_float) {
  return as_float ? (double)__float_from_scaled(negative, sig, e2) : __double_from_scaled(negative, sig, e2);
}

// d * 10^e rounded, d the digit string's integer value.
static double decimal_to_double(int negative, struct big *d, int e, int sticky, int as_float) {
  struct big p, t;
  int s, i, e2;
  u64 q = 0;
  if (e >= 0) {
    big_pow10(d, e);
    q = big_top64(d, &e2, sticky);
    return round_to(negative, q, e2, as_float);
  }
  p.n = 1;
  p.w[0] = 1;
  big_pow10(&p, -e);
  // q = floor(d * 2^s / p) in [2^62, 2^64): d/p is within a factor 2 of 2^(bits(d) - bits(p)).
  s = 63 - (big_bits(d) - big_bits(&p));
  if (s > 0) big_shl(d, s);
  else if (s < 0) big_shl(&p, -s);
  t = p;
  big_shl(&t, 63);
  for (i = 63; i >= 0; i--) {
    if (big_cmp(d, &t) >= 0) {
      big_sub(d, &t);
      q |= 1ULL << i;
    }
    big_shr1(&t);
  }
  return round_to(negative, q | (u64)(d->n != 0 || sticky), -s, as_float);
}

static int match_word(const char *s, const char *word) {
  int i;
  for (i = 0; word[i]; i++) {
    if (tolower((unsigned char)s[i]) != word[i]) return 0;
  }
  return i;
}

static int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = tolower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// After the mantissa: an exponent [+-]ddd following `marker` (e or p) adds to
// *e; without digits it is not part of the number. Returns where the number ends.
static const char *parse_exponent(const char *s, int marker, int *e) {
  const char *p = s + 1;
  int negative = 0, v = 0, digits = 0;
  if (tolower((unsigned char)*s) != marker) return s;
  if (*p == '+' || *p == '-') negative = *p++ == '-';
  for (; isdigit((unsigned char)*p); p++, digits++) {
    if (v < 100000) v = v * 10 + (*p - '0');
  }
  if (!digits) return s;
  *e += negative ? -v : v;
  return p;
}

// 0x h.hhh p[+-]d: the digits' top 64 bits with a sticky bit, scaled by 2^exp.
static const char *parse_hex(const char *s, int negative, double *out, int as_float) {
  u64 m = 0;
  int e2 = 0, any = 0, sticky = 0, seen_point = 0, v;
  for (;; s++) {
    if (*s == '.' && !seen_point) {
      seen_point = 1;
      continue;
    }
    v = hex_value((unsigned char)*s);
    if (v < 0) break;
    any = 1;
    if (m >> 60) {
      sticky |= v != 0;
      if (!seen_point) e2 += 4;
    } else {
      m = m << 4 | (u32)v;
      if (seen_point) e2 -= 4;
    }
  }
  if (!any) return 0;
  s = parse_exponent(s, 'p', &e2);
  if (m == 0) *out = negative ? -0.0 : 0.0;
  else {
    // Leave room for the sticky bit below the kept ones.
    while (!(m >> 60)) {
      m <<= 1;
      e2--;
    }
    *out = round_to(negative, m | (u64)sticky, e2, as_float);
  }
  return s;
}

static double convert(const char *nptr, char **endptr, int as_float) {
  const char *s = nptr;
  int negative = 0, ndig = 0, sticky = 0, exp10 = 0, any = 0, seen_point = 0, n;
  struct big d;
  double r;
  while (isspace((unsigned char)*s)) s++;
  if (*s == '+' || *s == '-') negative = *s++ == '-';
  if ((n = match_word(s, "infinity")) || (n = match_word(s, "inf"))) {
    if (endptr) *endptr = (char *)(s + n);
    return negative ? -(1e300 * 1e300) : 1e300 * 1e300;
  }
  if ((n = match_word(s, "nan"))) {
    s += n;
    if (*s == '(') {
      const char *p = s + 1;
      while (isalnum((unsigned char)*p) || *p == '_') p++;
      if (*p == ')') s = p + 1;
    }
    if (endptr) *endptr = (char *)s;
    return negative ? -(0.0 / 0.0) : 0.0 / 0.0;
  }
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    const char *e = parse_hex(s + 2, negative, &r, as_float);
    if (e) {
      if (endptr) *endptr = (char *)e;
      return r;
    }
  }
  d.n = 0;
  for (;; s++) {
    if (*s == '.' && !seen_point) {
      seen_point = 1;
      continue;
    }
    if (!isdigit((unsigned char)*s)) break;
    any = 1;
    if (ndig == 0 && *s == '0') {
      if (seen_point) exp10--; // a leading zero after the point
      continue;
    }
    if (ndig < MAX_DIGITS) {
      big_mul_small(&d, 10, (u32)(*s - '0'));
      ndig++;
      if (seen_point) exp10--;
    } else {
      sticky |= *s != '0';
      if (!seen_point) exp10++;
    }
  }
  if (!any) {
    if (endptr) *endptr = (char *)nptr;
    return 0;
  }
  s = parse_exponent(s, 'e', &exp10);
  if (endptr) *endptr = (char *)s;
  if (ndig == 0) return negative ? -0.0 : 0.0;
  // Beyond these the result is infinity or zero whatever the digits.
  if (ndig + exp10 > 310) {
    errno = ERANGE;
    return negative ? -(1e300 * 1e300) : 1e300 * 1e300;
  }
  if (ndig + exp10 < -330) {
    errno = ERANGE;
    return negative ? -0.0 : 0.0;
  }
  r = decimal_to_double(negative, &d, exp10, sticky, as_float);
  if (r == 0 || r - r != 0) errno = ERANGE;
  return r;
}

double strtod(const char *nptr, char **endptr) {
  return convert(nptr, endptr, 0);
}

double atof(const char *s) {
  return strtod(s, NULL);
}

float strtof(const char *nptr, char **endptr) {
  return (float)convert(nptr, endptr, 1); // already a float's value: exact
}

long double strtold(const char *nptr, char **endptr) {
  return strtod(nptr, endptr);
}
