// math.c: <math.h> in software, on top of softfloat.c's IEEE arithmetic.
//
// Accuracy (checked against the host's libm in test/cc/math.test.ts):
//   exact:            fabs copysign floor ceil trunc round fmod frexp ldexp modf
//                     fmax fmin fdim
//                     (and sqrt, correctly rounded, in softfloat.c)
//   below 1 ulp:      exp log log10 log2 pow, computed in double-double
//                     arithmetic (2^-60 relative or better) and rounded once, so
//                     almost always correctly rounded; a result in the
//                     subnormal range is rounded twice (still within 1 ulp)
//   within 2 ulp:     sin cos tan (argument reduction with pi/2 in four
//                     parts, exact for |x| < 2^20; beyond that the
//                     reduction of Payne and Hanek with 2/pi to 1200 bits),
//                     atan atan2 asin acos, sinh cosh tanh hypot
//   float versions:   the double function, rounded to float.
// Special values (NaN, infinities, signed zeros, poles) follow C99 Annex F.

#include <math.h>
#include "float_impl.h"

typedef unsigned long long u64;

static u64 bits(double x) {
  union { double d; u64 u; } v;
  v.d = x;
  return v.u;
}

static double from_bits(u64 u) {
  union { double d; u64 u; } v;
  v.u = u;
  return v.d;
}

static int biased_exp(double x) {
  return (int)(bits(x) >> 52) & 0x7ff;
}

int __fpclassify(double x) {
  u64 u = bits(x) << 1;
  int e = (int)(u >> 53);
  if (e == 0x7ff) return (u << 11) ? FP_NAN : FP_INFINITE;
  if (e == 0) return u ? FP_SUBNORMAL : FP_ZERO;
  return FP_NORMAL;
}

int __signbit(double x) {
  return (int)(bits(x) >> 63);
}

// ----------------------------------------------------------------------------
// Exact functions

double fabs(double x) { return from_bits(bits(x) & 0x7FFFFFFFFFFFFFFFULL); }
float fabsf(float x) { return (float)fabs(x); }

double copysign(double x, double y) {
  return from_bits((bits(x) & 0x7FFFFFFFFFFFFFFFULL) | (bits(y) & 0x8000000000000000ULL));
}

double trunc(double x) {
  int e = biased_exp(x) - 1023;
  if (e >= 52) return x; // already an integer, or inf/nan
  if (e < 0) return from_bits(bits(x) & 0x8000000000000000ULL);
  return from_bits(bits(x) & ~(0x000FFFFFFFFFFFFFULL >> e));
}

double floor(double x) {
  double t = trunc(x);
  return t != x && x < 0 ? t - 1 : t;
}

double ceil(double x) {
  double t = trunc(x);
  return t != x && x > 0 ? t + 1 : t;
}

// Halfway cases away from zero; x - trunc(x) is exact, so 0.49999999999999994 stays 0.
double round(double x) {
  double t = trunc(x);
  double f = x - t;
  if (f >= 0.5) return t + 1;
  if (f <= -0.5) return t - 1;
  return t;
}

float floorf(float x) { return (float)floor(x); }
float ceilf(float x) { return (float)ceil(x); }
float truncf(float x) { return (float)trunc(x); }
float roundf(float x) { return (float)round(x); }

// The exact remainder x - n*y (n = trunc(x/y)), by shift-and-subtract on the significands.
double fmod(double x, double y) {
  u64 ux = bits(x), uy = bits(y), i;
  int ex = (int)(ux >> 52) & 0x7ff, ey = (int)(uy >> 52) & 0x7ff;
  u64 sx = ux & 0x8000000000000000ULL;
  if ((uy << 1) == 0 || isnan(y) || ex == 0x7ff) return (x * y) / (x * y);
  if ((ux << 1) <= (uy << 1)) return (ux << 1) == (uy << 1) ? 0 * x : x;
  if (ex == 0) {
    for (i = ux << 12; (i >> 63) == 0; ex--, i <<= 1);
    ux <<= -ex + 1;
  } else {
    ux &= 0x000FFFFFFFFFFFFFULL;
    ux |= 0x0010000000000000ULL;
  }
  if (ey == 0) {
    for (i = uy << 12; (i >> 63) == 0; ey--, i <<= 1);
    uy <<= -ey + 1;
  } else {
    uy &= 0x000FFFFFFFFFFFFFULL;
    uy |= 0x0010000000000000ULL;
  }
  for (; ex > ey; ex--) {
    i = ux - uy;
    if ((i >> 63) == 0) {
      if (i == 0) return 0 * x;
      ux = i;
    }
    ux <<= 1;
  }
  i = ux - uy;
  if ((i >> 63) == 0) {
    if (i == 0) return 0 * x;
    ux = i;
  }
  for (; (ux >> 52) == 0; ux <<= 1, ex--);
  if (ex > 0) {
    ux -= 0x0010000000000000ULL;
    ux |= (u64)ex << 52;
  } else {
    ux >>= -ex + 1;
  }
  return from_bits(ux | sx);
}

float fmodf(float x, float y) { return (float)fmod(x, y); }

// x * 2^e, rounded once (to a subnormal or infinity when it has to be).
double ldexp(double x, int e) {
  int be = biased_exp(x);
  u64 m = bits(x) & 0x000FFFFFFFFFFFFFULL;
  if (be == 0x7ff || (bits(x) << 1) == 0) return x;
  if (e > 5000) e = 5000;
  if (e < -5000) e = -5000;
  if (be) m |= 0x0010000000000000ULL;
  return __double_from_scaled(__signbit(x), m, (be ? be : 1) - 1075 + e);
}

double frexp(double x, int *e) {
  int be = biased_exp(x);
  *e = 0;
  if (be == 0x7ff || (bits(x) << 1) == 0) return x;
  if (be == 0) {
    x *= 18014398509481984.0; // 2^54
    be = biased_exp(x);
    *e = -54;
  }
  *e += be - 1022;
  return from_bits((bits(x) & 0x800FFFFFFFFFFFFFULL) | 0x3FE0000000000000ULL);
}

double modf(double x, double *ip) {
  *ip = trunc(x);
  if (isinf(x)) return copysign(0.0, x);
  return copysign(x - *ip, x);
}

// ----------------------------------------------------------------------------
// Double-double arithmetic: hi + lo with |lo| <= ulp(hi)/2, about 106 bits.
// No fused multiply-add, so products are split with Veltkamp's 2^27 + 1.

typedef struct {
  double hi, lo;
} dd;

static dd dd_make(double hi, double lo) {
  dd r;
  r.hi = hi;
  r.lo = lo;
  return r;
}

// a + b exactly, when |a| >= |b|.
static dd quick_two_sum(double a, double b) {
  double s = a + b;
  return dd_make(s, b - (s - a));
}

// a + b exactly (Knuth).
static dd two_sum(double a, double b) {
  double s = a + b, bb = s - a;
  return dd_make(s, (a - (s - bb)) + (b - bb));
}

// a * b exactly (Dekker), for |a|, |b| well below 2^996.
static dd two_prod(double a, double b) {
  double p = a * b, t, ah, al, bh, bl;
  t = 134217729.0 * a;
  ah = t - (t - a);
  al = a - ah;
  t = 134217729.0 * b;
  bh = t - (t - b);
  bl = b - bh;
  return dd_make(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
}

static dd dd_add(dd a, dd b) {
  dd s = two_sum(a.hi, b.hi);
  s.lo += a.lo + b.lo;
  return quick_two_sum(s.hi, s.lo);
}

static dd dd_add_d(dd a, double b) {
  dd s = two_sum(a.hi, b);
  s.lo += a.lo;
  return quick_two_sum(s.hi, s.lo);
}

static dd dd_neg(dd a) {
  return dd_make(-a.hi, -a.lo);
}

static dd dd_mul(dd a, dd b) {
  dd p = two_prod(a.hi, b.hi);
  p.lo += a.hi * b.lo + a.lo * b.hi;
  return quick_two_sum(p.hi, p.lo);
}

static dd dd_mul_d(dd a, double b) {
  dd p = two_prod(a.hi, b);
  p.lo += a.lo * b;
  return quick_two_sum(p.hi, p.lo);
}

static dd dd_div(dd a, dd b) {
  double q1 = a.hi / b.hi, q2, q3;
  dd r = dd_add(a, dd_neg(dd_mul_d(b, q1)));
  q2 = r.hi / b.hi;
  r = dd_add(r, dd_neg(dd_mul_d(b, q2)));
  q3 = r.hi / b.hi;
  return dd_add_d(quick_two_sum(q1, q2), q3);
}

// Constants to 106 bits: hi is the nearest double, lo the nearest to the rest
// (both from exact rational arithmetic).
static const double LN2_HI = 0.6931471805599453, LN2_LO = 2.3190468138462996e-17;
static const double LOG2E_HI = 1.4426950408889634, LOG2E_LO = 2.0355273740931033e-17;
static const double LOG10E_HI = 0.4342944819032518, LOG10E_LO = 1.098319650216765e-17;
static const double PI_HI = 3.141592653589793, PI_LO = 1.2246467991473532e-16;
static const double PIO2_HI = 1.5707963267948966, PIO2_LO = 6.123233995736766e-17;
static const double THIRD_HI = 0.3333333333333333, THIRD_LO = 1.850371707708594e-17;

// log(x) for finite x > 0, as a double-double: x = 2^k * m, m in [sqrt(1/2), sqrt(2)),
// log(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m - 1) / (m + 1), |s| < 0.1716.
static dd log_dd(double x) {
  int k = 0;
  double m, z, tail;
  dd s, s2, s3, sum;
  if (biased_exp(x) == 0) {
    x *= 18014398509481984.0; // 2^54
    k = -54;
  }
  k += biased_exp(x) - 1023;
  m = from_bits((bits(x) & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    k++;
  }
  s = dd_div(dd_make(m - 1, 0), two_sum(m, 1)); // m - 1 is exact
  s2 = dd_mul(s, s);
  s3 = dd_mul(s, s2);
  z = s2.hi;
  // s^5/5 + s^7/7 + ... to s^29: below 2^-70 of the sum after that.
  tail = z * (1.0 / 13 + z * (1.0 / 15 + z * (1.0 / 17 + z * (1.0 / 19 + z * (1.0 / 21 + z * (1.0 / 23 + z * (1.0 / 25 + z * (1.0 / 27 + z / 29))))))));
  tail = s3.hi * z * (1.0 / 5 + z * (1.0 / 7 + z * (1.0 / 9 + z * (1.0 / 11 + tail))));
  sum = dd_add_d(dd_add(s, dd_mul(s3, dd_make(THIRD_HI, THIRD_LO))), tail);
  sum = dd_mul_d(sum, 2);
  return dd_add(dd_mul_d(dd_make(LN2_HI, LN2_LO), k), sum);
}

// exp(z) for a double-double z: z = k ln2 + r, |r| <= ln2/2, exp(r) by Taylor's
// series (1 + r + r^2/2 in double-double; from r^3/6 on, below 0.0071, in
// double, which costs at most 2^-60 relative).
static double exp_dd(dd z) {
  double k, q, y;
  dd r, r2, e;
  if (z.hi > 709.8) return 1e300 * 1e300;
  if (z.hi < -745.2) return 0;
  k = floor(z.hi * LOG2E_HI + 0.5);
  r = dd_add(z, dd_neg(dd_mul_d(dd_make(LN2_HI, LN2_LO), k)));
  y = r.hi;
  r2 = two_prod(y, y);
  r2.lo += 2 * y * r.lo;
  q = 1.0 / 6 + y * (1.0 / 24 + y * (1.0 / 120 + y * (1.0 / 720 + y * (1.0 / 5040 + y * (1.0 / 40320 + y * (1.0 / 362880 +
      y * (1.0 / 3628800 + y * (1.0 / 39916800 + y * (1.0 / 479001600 + y * (1.0 / 6227020800.0 + y * (1.0 / 87178291200.0 +
      y * (1.0 / 1307674368000.0 + y / 20922789888000.0))))))))))));
  e = dd_add(dd_add_d(r, 1), dd_mul_d(r2, 0.5));
  e = dd_add_d(e, y * r2.hi * q);
  return ldexp(e.hi + e.lo, (int)k);
}

double exp(double x) {
  if (isnan(x)) return x + x;
  return exp_dd(dd_make(x, 0));
}

double log(double x) {
  if (isnan(x) || x == 1e300 * 1e300) return x + x;
  if (x == 0) return -1 / (x * x); // -inf, the pole
  if (x < 0) return (x - x) / (x - x); // NaN, outside the domain
  return log_dd(x).hi;
}

double log2(double x) {
  if (isnan(x) || x <= 0 || x == 1e300 * 1e300) return log(x);
  return dd_mul(log_dd(x), dd_make(LOG2E_HI, LOG2E_LO)).hi;
}

double log10(double x) {
  if (isnan(x) || x <= 0 || x == 1e300 * 1e300) return log(x);
  return dd_mul(log_dd(x), dd_make(LOG10E_HI, LOG10E_LO)).hi;
}

static int is_integer(double y) {
  return trunc(y) == y;
}

static int is_odd_integer(double y) {
  return is_integer(y) && fabs(y) < 9007199254740992.0 && ((long long)y & 1);
}

double pow(double x, double y) {
  double ax = fabs(x), inf = 1e300 * 1e300;
  int negate = 0;
  dd l;
  if (y == 0 || x == 1) return 1;
  if (isnan(x) || isnan(y)) return x + y;
  if (isinf(y)) {
    if (ax == 1) return 1;
    return (ax > 1) == (y > 0) ? inf : 0;
  }
  if (x == 0 || isinf(x)) {
    int odd = is_odd_integer(y);
    double big = (x == 0) == (y < 0) ? inf : 0;
    return odd && __signbit(x) ? -big : big;
  }
  if (x < 0) {
    if (!is_integer(y)) return (x - x) / (x - x);
    negate = is_odd_integer(y);
  }
  l = log_dd(ax);
  // Far out of range: infinity or zero whatever the rounding (and two_prod would overflow).
  if (fabs(l.hi * y) > 2000) return (l.hi * y > 0 ? inf : 0) * (negate ? -1 : 1);
  l = dd_mul_d(l, y);
  return negate ? -exp_dd(l) : exp_dd(l);
}

float expf(float x) { return (float)exp(x); }
float logf(float x) { return (float)log(x); }
float powf(float x, float y) { return (float)pow(x, y); }

// ----------------------------------------------------------------------------
// Trigonometry

// pi/2 in four parts of 33 bits (the first three): q * part is exact for q < 2^20.
static const double PIO2_1 = 1.5707963267341256, PIO2_2 = 6.077100506303966e-11;
static const double PIO2_3 = 2.0222662487111665e-21, PIO2_4 = 8.4784276603689e-32;

// 2/pi, 1200 bits after the point, 24 to an entry (fdlibm's ipio2; checked
// against exact rational arithmetic in the test), for arguments up to 2^1024.
static const int TWO_OVER_PI[50] = {
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb,
  0xc561b7, 0x246e3a, 0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5,
  0x2ebb44, 0x84e99c, 0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8,
  0x97ffde, 0x05980f, 0xef2f11, 0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d,
  0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7, 0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b,
};

// Payne and Hanek: for x = m * 2^e >= 2^20, x * 2/pi mod 4 from the bits of
// 2/pi that matter (earlier ones only add multiples of 4), in 24-bit limbs.
static int reduce_large(double x, dd *r) {
  u64 m = (bits(x) & 0x000FFFFFFFFFFFFFULL) | 0x0010000000000000ULL;
  u64 ms[3], mw[12];
  int e = biased_exp(x) - 1075;
  int first = e > 2 ? (e - 2) / 24 : 0;
  int s, limb, off, i, k, q;
  dd f;
  ms[0] = m & 0xFFFFFF;
  ms[1] = (m >> 24) & 0xFFFFFF;
  ms[2] = m >> 48;
  for (i = 0; i < 12; i++) mw[i] = 0;
  // m * W, W = the 8 chunks from `first` on as one 192-bit integer.
  for (i = 0; i < 8; i++) {
    u64 c = (u64)TWO_OVER_PI[first + i];
    for (k = 0; k < 3; k++) mw[7 - i + k] += c * ms[k];
  }
  for (i = 0; i < 11; i++) {
    mw[i + 1] += mw[i] >> 24;
    mw[i] &= 0xFFFFFF;
  }
  // x * 2/pi = m * W * 2^-s: bits at s and s+1 are q, the ones below the fraction.
  s = 24 * (first + 8) - e;
  limb = s / 24;
  off = s % 24;
  q = (int)(((mw[limb] >> off) | (mw[limb + 1] << (24 - off))) & 3);
  f = dd_make(ldexp((double)(mw[limb] & ((1ULL << off) - 1)), 24 * limb - s), 0);
  for (i = limb - 1; i >= 0 && i >= limb - 6; i--) f = dd_add_d(f, ldexp((double)mw[i], 24 * i - s));
  if (f.hi >= 0.5) {
    f = dd_add_d(f, -1);
    q++;
  }
  *r = dd_mul(f, dd_make(PIO2_HI, PIO2_LO));
  return q & 3;
}

// x = q * pi/2 + r, |r| <= pi/4 (about): returns q mod 4, r as a double-double.
static int reduce(double x, dd *r) {
  double q;
  dd t;
  int n;
  if (fabs(x) <= 0.7853981633974483) {
    *r = dd_make(x, 0);
    return 0;
  }
  if (fabs(x) < 1048576.0) {
    q = floor(x * 0.6366197723675814 + 0.5);
    t = two_sum(x - q * PIO2_1, -q * PIO2_2); // x - q*PIO2_1 is exact
    t = dd_add_d(t, -q * PIO2_3);
    *r = dd_add_d(t, -q * PIO2_4);
    return (int)((long long)q & 3);
  }
  n = reduce_large(fabs(x), r);
  if (x < 0) {
    *r = dd_neg(*r);
    n = -n;
  }
  return n & 3;
}

// sin and cos of r = rh + rl, |r| <= pi/4 + a little, by Taylor's series.
static double sin_kernel(dd r) {
  double x = r.hi, z = x * x;
  double p = -1.0 / 6 + z * (1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362880 + z * (-1.0 / 39916800 +
             z * (1.0 / 6227020800.0 + z * (-1.0 / 1307674368000.0 + z * (1.0 / 355687428096000.0 +
             z * (-1.0 / 121645100408832000.0))))))));
  return x + (x * z * p + r.lo * (1 - 0.5 * z));
}

static double cos_kernel(dd r) {
  double x = r.hi, z = x * x, hz = 0.5 * z, w = 1 - hz;
  double p = 1.0 / 24 + z * (-1.0 / 720 + z * (1.0 / 40320 + z * (-1.0 / 3628800 + z * (1.0 / 479001600 +
             z * (-1.0 / 87178291200.0 + z * (1.0 / 20922789888000.0 + z * (-1.0 / 6402373705728000.0)))))));
  return w + (((1 - w) - hz) + (z * z * p - x * r.lo));
}

double sin(double x) {
  dd r;
  if (isnan(x) || isinf(x)) return (x - x) / (x - x);
  if (fabs(x) < 3.7252902984e-09) return x; // 2^-28: sin x rounds to x, and -0 stays -0
  switch (reduce(x, &r)) {
  case 0: return sin_kernel(r);
  case 1: return cos_kernel(r);
  case 2: return -sin_kernel(r);
  default: return -cos_kernel(r);
  }
}

double cos(double x) {
  dd r;
  if (isnan(x) || isinf(x)) return (x - x) / (x - x);
  if (fabs(x) < 3.7252902984e-09) return 1;
  switch (reduce(x, &r)) {
  case 0: return cos_kernel(r);
  case 1: return -sin_kernel(r);
  case 2: return -cos_kernel(r);
  default: return sin_kernel(r);
  }
}

double tan(double x) {
  dd r;
  int q;
  if (isnan(x) || isinf(x)) return (x - x) / (x - x);
  if (fabs(x) < 3.7252902984e-09) return x;
  q = reduce(x, &r);
  return q & 1 ? -cos_kernel(r) / sin_kernel(r) : sin_kernel(r) / cos_kernel(r);
}

float sinf(float x) { return (float)sin(x); }
float cosf(float x) { return (float)cos(x); }

// atan(k/8) for k = 0..8, to 106 bits.
static const double ATAN_HI[9] = {
  0, 0.12435499454676144, 0.24497866312686414, 0.35877067027057225, 0.4636476090008061,
  0.5585993153435624, 0.6435011087932844, 0.7188299996216245, 0.7853981633974483,
};
static const double ATAN_LO[9] = {
  0, -3.1253241424539383e-18, 1.0698755618734451e-17, -2.4623815582638635e-17, 2.2698777452961687e-17,
  -5.4556305485916264e-18, 1.5834785051444286e-17, -2.1478388444456983e-17, 3.061616997868383e-17,
};

// atan(a) for 0 <= a <= 1: atan(c) + atan((a - c) / (1 + a c)) with c = k/8 nearest, |t| <= 1/16.
// As a double-double. a - c is exact and t is a double-double, so only the series' tail rounds.
static dd atan_unit(double a) {
  int k = (int)(a * 8 + 0.5);
  double c = k * 0.125, z;
  dd t = dd_div(dd_make(a - c, 0), dd_add_d(two_prod(a, c), 1)), sum;
  z = t.hi * t.hi;
  sum = dd_add(dd_make(ATAN_HI[k], ATAN_LO[k]), t);
  return dd_add_d(sum, t.hi * z * (-1.0 / 3 + z * (1.0 / 5 + z * (-1.0 / 7 + z * (1.0 / 9 + z * (-1.0 / 11 +
         z * (1.0 / 13 + z * (-1.0 / 15 + z / 17))))))));
}

// atan(a), a >= 0, as a double-double: above 1, pi/2 - atan(1/a), with 1/a's
// rounding error w.lo carried through atan's derivative 1/(1 + w^2).
static dd atan_dd(double a) {
  dd w, inner;
  if (a <= 1) return atan_unit(a);
  if (isinf(a)) return dd_make(PIO2_HI, PIO2_LO);
  w = dd_div(dd_make(1, 0), dd_make(a, 0));
  inner = dd_add_d(atan_unit(w.hi), w.lo / (1 + w.hi * w.hi));
  return dd_add(dd_make(PIO2_HI, PIO2_LO), dd_neg(inner));
}

double atan(double x) {
  double a = fabs(x), r;
  if (isnan(x)) return x + x;
  if (a < 3.7252902984e-09) return x;
  r = atan_dd(a).hi;
  return x < 0 ? -r : r;
}

double atan2(double y, double x) {
  double a;
  int ny = __signbit(y);
  if (isnan(x) || isnan(y)) return x + y;
  if (y == 0) {
    if (__signbit(x)) return ny ? -PI_HI : PI_HI;
    return y; // +-0
  }
  if (x == 0) return ny ? -PIO2_HI : PIO2_HI;
  if (isinf(y)) {
    a = isinf(x) ? (x > 0 ? PIO2_HI / 2 : 3 * (PIO2_HI / 2)) : PIO2_HI;
    return ny ? -a : a;
  }
  if (isinf(x)) {
    a = x > 0 ? 0 : PI_HI;
    return ny ? -a : a;
  }
  {
    dd t = atan_dd(fabs(y / x));
    a = x < 0 ? dd_add(dd_make(PI_HI, PI_LO), dd_neg(t)).hi : t.hi;
  }
  return ny ? -a : a;
}

double asin(double x) {
  if (isnan(x)) return x + x;
  if (fabs(x) > 1) return (x - x) / (x - x);
  if (fabs(x) < 3.7252902984e-09) return x;
  return atan2(x, sqrt((1 - x) * (1 + x)));
}

double acos(double x) {
  if (isnan(x)) return x + x;
  if (fabs(x) > 1) return (x - x) / (x - x);
  return atan2(sqrt((1 - x) * (1 + x)), x);
}

// ----------------------------------------------------------------------------
// Hyperbolic functions and hypot

// sinh for |x| < 1 by Taylor's series (exp(x) - exp(-x) would cancel).
static double sinh_small(double x) {
  double z = x * x;
  return x + x * z * (1.0 / 6 + z * (1.0 / 120 + z * (1.0 / 5040 + z * (1.0 / 362880 + z * (1.0 / 39916800 +
         z * (1.0 / 6227020800.0 + z * (1.0 / 1307674368000.0 + z * (1.0 / 355687428096000.0 + z / 121645100408832000.0))))))));
}

double sinh(double x) {
  double a = fabs(x), e, r;
  if (isnan(x) || isinf(x) || a < 3.7252902984e-09) return x;
  if (a < 1) return sinh_small(x);
  if (a < 709) {
    e = exp(a);
    r = 0.5 * (e - 1 / e);
  } else {
    e = exp(0.5 * a); // exp(a)/2 = (exp(a/2)/2) * exp(a/2) without overflowing first
    r = (0.5 * e) * e;
  }
  return x < 0 ? -r : r;
}

double cosh(double x) {
  double a = fabs(x), e;
  if (isnan(x)) return x + x;
  if (a < 709) {
    e = exp(a);
    return 0.5 * (e + 1 / e);
  }
  e = exp(0.5 * a);
  return (0.5 * e) * e;
}

double tanh(double x) {
  double a = fabs(x), r;
  if (isnan(x) || a < 3.7252902984e-09) return x;
  if (a > 22) r = 1; // 1 - 2e-19 rounds to 1
  else if (a < 1) r = sinh_small(a) / cosh(a);
  else {
    double e = exp(2 * a);
    r = 1 - 2 / (e + 1);
  }
  return x < 0 ? -r : r;
}

double hypot(double x, double y) {
  double a = fabs(x), b = fabs(y), t;
  if (isinf(x) || isinf(y)) return 1e300 * 1e300;
  if (isnan(x) || isnan(y)) return x + y;
  if (a < b) {
    t = a;
    a = b;
    b = t;
  }
  if (a == 0) return 0;
  t = b / a;
  return a * sqrt(1 + t * t);
}

// ----------------------------------------------------------------------------
// fmax, fmin, fdim: a NaN operand loses to a number; of two equal values
// (+0 and -0) the second is returned, as glibc does (C leaves it open).

double fmax(double x, double y) {
  if (isnan(x)) return y;
  return x > y || isnan(y) ? x : y;
}

double fmin(double x, double y) {
  if (isnan(x)) return y;
  return x < y || isnan(y) ? x : y;
}

double fdim(double x, double y) {
  if (isnan(x) || isnan(y)) return x + y;
  return x > y ? x - y : 0;
}
