// fmtfloat.c: printf's %f %e %g %a, exact.
//
// A finite double is m * 2^e, so its decimal expansion is finite too: at
// most 309 integer digits and 1074 fraction digits. Rounding that exact
// expansion to the requested digits, ties to even, is what glibc prints, and
// needs no approximation: the integer part is built in base 10^4 limbs
// (doubling 16 bits at a time), the fraction in 16-bit limbs that give four
// more digits each time they are multiplied by 10^4. Every step is 32-bit
// arithmetic, so the machine's div instruction does the work. Digits are
// made only as far as the conversion needs them (%.17g of 1e-300 makes ~320).

#include <string.h>
#include "stdio_impl.h"

typedef unsigned long long u64;

#define INT_LIMBS 80                // 10^320 > 2^1024
#define FRAC_LIMBS 68               // 68 * 16 >= 1074 fraction bits
#define MAX_DIGITS (__FMT_DOUBLE_MAX + 8) // integer and fraction digits, and a chunk of slack

// The decimal expansion of |x|: value = 0.d[0]d[1]...d[n-1](more) * 10^point.
// Integer digits have no leading zeros; fraction digits not made yet wait in frac.
struct decimal {
  char d[MAX_DIGITS];
  int n;
  int point;
  unsigned int frac[FRAC_LIMBS];    // most significant first
  int nfrac;                        // limbs still nonzero somewhere; 0: d is exact
};

// |x| = *m * 2^*e for finite nonzero or zero x.
static void split(double x, u64 *m, int *e) {
  union { double d; u64 u; } v;
  int be;
  v.d = x;
  be = (int)(v.u >> 52) & 0x7ff;
  *m = v.u & 0x000FFFFFFFFFFFFFULL;
  if (be) *m |= 0x0010000000000000ULL;
  *e = (be ? be : 1) - 1075;
}

// The integer part's digits: m << e (e >= 0) or m >> -e.
static void integer_digits(struct decimal *dec, u64 m, int e) {
  unsigned int limb[INT_LIMBS];
  int nl = 0, i;
  u64 v = e >= 0 ? m : (-e < 64 ? m >> -e : 0);
  while (v) {
    limb[nl++] = (unsigned int)(v % 10000);
    v /= 10000;
  }
  // Multiply by 2^e, at most 16 bits a step (limb * 2^16 + carry < 2^32).
  while (e > 0 && nl) {
    int k = e > 16 ? 16 : e;
    unsigned int carry = 0;
    for (i = 0; i < nl; i++) {
      unsigned int t = (limb[i] << k) + carry;
      limb[i] = t % 10000;
      carry = t / 10000;
    }
    while (carry) {
      limb[nl++] = carry % 10000;
      carry /= 10000;
    }
    e -= k;
  }
  dec->n = 0;
  for (i = nl - 1; i >= 0; i--) {
    unsigned int l = limb[i];
    char four[4];
    int j;
    for (j = 3; j >= 0; j--) {
      four[j] = (char)('0' + l % 10);
      l /= 10;
    }
    for (j = 0; j < 4; j++) {
      if (dec->n == 0 && four[j] == '0') continue; // no leading zeros
      dec->d[dec->n++] = four[j];
    }
  }
  dec->point = dec->n;
}

// The fraction bits of m * 2^e (e < 0), as 16-bit limbs after the binary point.
static void fraction_limbs(struct decimal *dec, u64 m, int e) {
  int k = -e, nl = (k + 15) / 16, pad = nl * 16 - k, bit, i;
  for (i = 0; i < nl; i++) dec->frac[i] = 0;
  dec->nfrac = 0;
  if (e >= 0) return;
  // Bit `bit` of m sits at position bit + pad from the bottom of the last limb.
  for (bit = 0; bit < 53 && bit < k; bit++) {
    if ((m >> bit) & 1) {
      int pos = bit + pad;
      dec->frac[nl - 1 - pos / 16] |= 1u << (pos % 16);
    }
  }
  dec->nfrac = nl;
  while (dec->nfrac > 0 && dec->frac[dec->nfrac - 1] == 0) dec->nfrac--;
}

static void decimal_init(struct decimal *dec, double x) {
  u64 m;
  int e;
  split(x, &m, &e);
  integer_digits(dec, m, e);
  fraction_limbs(dec, m, e);
}

// Four more fraction digits: frac * 10^4, the carry out of the top is them.
static void more_digits(struct decimal *dec) {
  unsigned int carry = 0;
  int i, j;
  for (i = dec->nfrac - 1; i >= 0; i--) {
    unsigned int t = dec->frac[i] * 10000 + carry;
    dec->frac[i] = t & 0xffff;
    carry = t >> 16;
  }
  for (j = 3; j >= 0; j--) {
    dec->d[dec->n + j] = (char)('0' + carry % 10);
    carry /= 10;
  }
  dec->n += 4;
  while (dec->nfrac > 0 && dec->frac[dec->nfrac - 1] == 0) dec->nfrac--;
}

// Digit i (as a number), making digits as needed; beyond the expansion, 0.
static int digit(struct decimal *dec, int i) {
  while (i >= dec->n && dec->nfrac > 0 && dec->n + 4 <= MAX_DIGITS) more_digits(dec);
  return i < dec->n ? dec->d[i] - '0' : 0;
}

// Whether any digit after i is nonzero.
static int nonzero_after(struct decimal *dec, int i) {
  int j;
  digit(dec, i + 1);
  if (dec->nfrac > 0) return 1;
  for (j = i + 1; j < dec->n; j++) {
    if (dec->d[j] != '0') return 1;
  }
  return 0;
}

// Keep digits [0, keep) rounded to nearest, ties to even; a carry out of the
// top adds a digit (point moves). Afterwards d holds exactly the kept digits.
static void round_to(struct decimal *dec, int keep) {
  int i, d = digit(dec, keep);
  int up = d > 5 || (d == 5 && (nonzero_after(dec, keep) || (keep > 0 && (digit(dec, keep - 1) & 1))));
  for (i = dec->n; i < keep; i++) dec->d[i] = '0';
  dec->n = keep;
  dec->nfrac = 0;
  if (!up) return;
  for (i = keep - 1; i >= 0; i--) {
    if (dec->d[i] != '9') {
      dec->d[i]++;
      return;
    }
    dec->d[i] = '0';
  }
  memmove(dec->d + 1, dec->d, keep);
  dec->d[0] = '1';
  dec->n++;
  dec->point++;
}

// Index of the first nonzero digit (the value must be nonzero).
static int first_nonzero(struct decimal *dec) {
  int z = 0;
  while (digit(dec, z) == 0) z++;
  return z;
}

#define PUT(c) (out[len++] = (c))

// Digits d[from, from+count) with '0' for anything not made.
static int put_digits(char *out, int len, struct decimal *dec, int from, int count) {
  int i;
  for (i = 0; i < count; i++) PUT(from + i >= 0 && from + i < dec->n ? dec->d[from + i] : '0');
  return len;
}

// %f from digits rounded to `prec` fraction digits.
static int layout_fixed(char *out, struct decimal *dec, int prec, int alt) {
  int len = 0;
  if (dec->point <= 0) PUT('0');
  else len = put_digits(out, len, dec, 0, dec->point);
  if (prec > 0 || alt) PUT('.');
  return put_digits(out, len, dec, dec->point, prec);
}

// The exponent part: marker, sign, at least `min_digits` decimal digits.
static int put_exponent(char *out, int len, char marker, int x, int min_digits) {
  char ex[8];
  int ne = 0;
  PUT(marker);
  PUT(x < 0 ? '-' : '+');
  if (x < 0) x = -x;
  do {
    ex[ne++] = (char)('0' + x % 10);
    x /= 10;
  } while (x);
  while (ne < min_digits) ex[ne++] = '0';
  while (ne) PUT(ex[--ne]);
  return len;
}

// %e: d[z] '.' d[z+1..z+prec] 'e' sign two or more exponent digits.
static int layout_exp(char *out, struct decimal *dec, int z, int prec, int alt, int x, int upper) {
  int len = 0;
  len = put_digits(out, len, dec, z, 1);
  if (prec > 0 || alt) PUT('.');
  len = put_digits(out, len, dec, z + 1, prec);
  return put_exponent(out, len, upper ? 'E' : 'e', x, 2);
}

// Drop trailing zeros of the fraction, and the point if nothing follows (%g without #).
static int strip_zeros(char *out, int len) {
  int e = 0, i, point = -1, end;
  while (e < len && out[e] != 'e' && out[e] != 'E') e++;
  for (i = 0; i < e; i++) {
    if (out[i] == '.') point = i;
  }
  if (point < 0) return len;
  end = e;
  while (end > point + 1 && out[end - 1] == '0') end--;
  if (end == point + 1) end = point;
  memmove(out + end, out + e, len - e);
  return end + (len - e);
}

// %a: 0x1.hhhp+d (0x0.hhhp-1022 for subnormals), ties to even when prec cuts digits.
static int format_hex(char *out, double x, int prec, int alt, int upper) {
  const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  u64 m, frac;
  int e, len = 0, nd = 13, i, lead, x2;
  split(x, &m, &e);
  lead = (int)(m >> 52);
  frac = m & 0x000FFFFFFFFFFFFFULL;
  x2 = m == 0 ? 0 : (lead ? e + 52 : -1022);
  if (prec >= 0 && prec < 13) {
    int drop = 4 * (13 - prec);
    u64 rest = frac & ((1ULL << drop) - 1), half = 1ULL << (drop - 1);
    frac >>= drop;
    if (rest > half || (rest == half && ((prec ? (int)frac : lead) & 1))) frac++;
    if (frac >> (4 * prec)) {
      lead++;
      frac &= (1ULL << (4 * prec)) - 1;
    }
    nd = prec;
  } else if (prec < 0) {
    while (nd > 0 && (frac & 15) == 0) {
      frac >>= 4;
      nd--;
    }
  }
  PUT('0');
  PUT(upper ? 'X' : 'x');
  PUT(hex[lead]);
  if (nd > 0 || alt || prec > 0) PUT('.');
  for (i = nd - 1; i >= 0; i--) PUT(hex[(int)(frac >> (4 * i)) & 15]);
  for (i = 13; i < prec; i++) PUT('0');
  return put_exponent(out, len, upper ? 'P' : 'p', x2, 1);
}

// The body of a floating conversion of x (no sign, no padding) into out,
// which has room for __FMT_DOUBLE_MAX characters; precision is clamped to
// what fits. Returns the length; *finite says whether zero padding applies.
int __format_double(char *out, double x, int conv, int prec, int alt, int *finite) {
  struct decimal dec;
  union { double d; u64 u; } v;
  int upper = conv == 'E' || conv == 'G' || conv == 'F' || conv == 'A';
  int lower = conv | 32, len, z, xexp;
  v.d = x;
  v.u &= 0x7FFFFFFFFFFFFFFFULL;
  *finite = (v.u >> 52) != 0x7ff;
  if (!*finite) {
    const char *s = (v.u << 12) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    memcpy(out, s, 3);
    return 3;
  }
  if (lower == 'a') return format_hex(out, v.d, prec > 1000 ? 1000 : prec, alt, upper);
  if (prec < 0) prec = 6;
  if (prec > __FMT_DOUBLE_MAX - 330) prec = __FMT_DOUBLE_MAX - 330; // still every digit of the fraction
  decimal_init(&dec, v.d);
  if (lower == 'f') {
    round_to(&dec, dec.point + prec);
    return layout_fixed(out, &dec, prec, alt);
  }
  if (lower == 'g' && prec == 0) prec = 1;
  if (lower == 'g') prec--; // now the %e precision: significant digits - 1
  if (v.u == 0) {
    dec.n = 0;
    z = 0;
    xexp = 0;
  } else {
    z = first_nonzero(&dec);
    round_to(&dec, z + prec + 1);
    z = first_nonzero(&dec);
    xexp = dec.point - z - 1;
  }
  if (lower == 'e') return layout_exp(out, &dec, z, prec, alt, xexp, upper);
  // %g: %f style when the exponent is from -4 to below the precision.
  if (xexp >= -4 && xexp <= prec) {
    int fprec = prec - xexp;
    len = layout_fixed(out, &dec, fprec, alt);
  } else {
    len = layout_exp(out, &dec, z, prec, alt, xexp, upper);
  }
  return alt ? len : strip_zeros(out, len);
}
