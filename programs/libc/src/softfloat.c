// softfloat.c: IEEE-754 float and double in software, named as in libgcc.
//
// The machine has no floating-point unit, so the compiler turns every
// float/double operation but moves, negation and zero tests into a call to
// one of these (vm/cc/codegen.ts, "Floating point"). Results are IEEE-754
// binary64/binary32 with round to nearest, ties to even; subnormals,
// infinities, NaN and signed zero behave as on x86 SSE: a NaN operand comes
// back quieted (the first one if both are NaN), an invalid operation gives
// the default NaN 0xFFF8000000000000 (float: 0xFFC00000).
//
// The double code follows the shape of Berkeley SoftFloat 3 (John Hauser):
// values are unpacked into sign, biased exponent and a significand with the
// leading bit at bit 62 and ten rounding bits below the 53 kept ones, and one
// function, round_pack(), rounds and packs every result.
//
// float + - * / go through double and are rounded once more to float: that
// is exactly the correctly rounded float result, because double's 53 bits
// are at least 2*24+2 (the double-rounding theorem: S. Figueroa, "When is
// double rounding innocuous?", SIGNUM Newsletter 30(3), 1995; it holds for
// sqrt too). Conversions from integers to float round once, from the exact
// integer.
//
// Conversions to integers truncate toward zero; a value out of range, or
// NaN, gives 100...0 (x86's "integer indefinite"), except that a negative
// value an unsigned type cannot hold but the signed one can wraps, as
// (unsigned)(int)x would. The compiler folds constants by the same rule
// (fixToInt in vm/cc/sema.ts).
//
// Every helper works on the bits (unsigned long long / unsigned int), so
// none of them calls itself through an implicit float operation.

typedef unsigned long long u64;
typedef unsigned int u32;

#define SIGN64 0x8000000000000000ULL
#define DEFAULT_NAN64 0xFFF8000000000000ULL
#define QUIET64 0x0008000000000000ULL
#define FRAC64 0x000FFFFFFFFFFFFFULL
#define HIDDEN64 0x0010000000000000ULL

union bits64 {
  double d;
  u64 u;
};

union bits32 {
  float f;
  u32 u;
};

static u64 bits_of(double x) {
  union bits64 v;
  v.d = x;
  return v.u;
}

static double double_of(u64 u) {
  union bits64 v;
  v.u = u;
  return v.d;
}

static u32 bits_of_float(float x) {
  union bits32 v;
  v.f = x;
  return v.u;
}

static float float_of(u32 u) {
  union bits32 v;
  v.u = u;
  return v.f;
}

static int exp_of(u64 a) {
  return (int)(a >> 52) & 0x7ff;
}

static int is_nan(u64 a) {
  return exp_of(a) == 0x7ff && (a & FRAC64) != 0;
}

static u64 pack(int sign, int exp, u64 sig) {
  return ((u64)sign << 63) + ((u64)exp << 52) + sig;
}

static int clz64(u64 x) {
  int n = 0;
  if (x == 0) return 64;
  if ((x >> 32) == 0) { n += 32; x <<= 32; }
  if ((x >> 48) == 0) { n += 16; x <<= 16; }
  if ((x >> 56) == 0) { n += 8; x <<= 8; }
  if ((x >> 60) == 0) { n += 4; x <<= 4; }
  if ((x >> 62) == 0) { n += 2; x <<= 2; }
  if ((x >> 63) == 0) n += 1;
  return n;
}

// a >> n with every bit shifted out ORed into the lowest bit (the sticky bit).
static u64 shift_right_jam(u64 a, int n) {
  if (n <= 0) return a;
  if (n < 64) return (a >> n) | ((a << (64 - n)) != 0);
  return a != 0;
}

// The NaN result of an operation with a NaN operand: a's if it is one, else b's, quieted.
static u64 propagate_nan(u64 a, u64 b) {
  return (is_nan(a) ? a : b) | QUIET64;
}

// Round the significand sig (leading bit at 62, or lower only for results
// that are subnormal anyway) with biased exponent exp + 1, to nearest even,
// and pack it; overflow gives infinity, underflow a subnormal or zero.
static u64 round_pack(int sign, int exp, u64 sig) {
  u32 round_bits = (u32)sig & 0x3ff;
  if ((u32)exp >= 0x7fd) {
    if (exp < 0) {
      sig = shift_right_jam(sig, -exp);
      exp = 0;
      round_bits = (u32)sig & 0x3ff;
    } else if (exp > 0x7fd || sig + 0x200 >= SIGN64) {
      return pack(sign, 0x7ff, 0);
    }
  }
  sig = (sig + 0x200) >> 10;
  if (round_bits == 0x200) sig &= ~1ULL; // a tie: to even
  if (sig == 0) exp = 0;
  return pack(sign, exp, sig);
}

// sign * sig * 2^e2 for any nonzero sig, rounded to a double.
static u64 round_pack_scaled(int sign, u64 sig, int e2) {
  int shift = clz64(sig) - 1;
  if (shift < 0) {
    sig = shift_right_jam(sig, 1);
    e2 += 1;
  } else {
    sig <<= shift;
    e2 -= shift;
  }
  return round_pack(sign, e2 + 1084, sig);
}

// Normalise a subnormal's fraction: the leading bit to bit 52, the exponent to match.
static u64 norm_subnormal(u64 sig, int *exp) {
  int shift = clz64(sig) - 11;
  *exp = 1 - shift;
  return sig << shift;
}

// ----------------------------------------------------------------------------
// + and -

static u64 add_mags(u64 a, u64 b, int sign) {
  int ea = exp_of(a), eb = exp_of(b), ez;
  u64 sa = a & FRAC64, sb = b & FRAC64, sz;
  int diff = ea - eb;
  if (diff == 0) {
    if (ea == 0) return a + sb; // both subnormal: the sum carries into the exponent by itself
    if (ea == 0x7ff) return (sa | sb) ? propagate_nan(a, b) : a;
    ez = ea;
    sz = (0x0020000000000000ULL + sa + sb) << 9;
  } else {
    sa <<= 9;
    sb <<= 9;
    if (diff < 0) {
      if (eb == 0x7ff) return sb ? propagate_nan(a, b) : pack(sign, 0x7ff, 0);
      ez = eb;
      sa = ea ? sa + 0x2000000000000000ULL : sa << 1;
      sa = shift_right_jam(sa, -diff);
    } else {
      if (ea == 0x7ff) return sa ? propagate_nan(a, b) : a;
      ez = ea;
      sb = eb ? sb + 0x2000000000000000ULL : sb << 1;
      sb = shift_right_jam(sb, diff);
    }
    sz = 0x2000000000000000ULL + sa + sb;
    if (sz < 0x4000000000000000ULL) {
      ez--;
      sz <<= 1;
    }
  }
  return round_pack(sign, ez, sz);
}

// Normalise sig (any nonzero value) to bit 62, then round and pack.
static u64 norm_round_pack(int sign, int exp, u64 sig) {
  int shift = clz64(sig) - 1;
  exp -= shift;
  if (shift >= 10 && (u32)exp < 0x7fd) return pack(sign, sig ? exp : 0, sig << (shift - 10));
  return round_pack(sign, exp, sig << shift);
}

static u64 sub_mags(u64 a, u64 b, int sign) {
  int ea = exp_of(a), eb = exp_of(b), ez, shift;
  u64 sa = a & FRAC64, sb = b & FRAC64, sz;
  int diff = ea - eb;
  if (diff == 0) {
    long long d;
    if (ea == 0x7ff) return (sa | sb) ? propagate_nan(a, b) : DEFAULT_NAN64;
    d = (long long)(sa - sb);
    if (d == 0) return 0; // x - x is +0 when rounding to nearest
    if (ea) ea--;
    if (d < 0) {
      sign = !sign;
      d = -d;
    }
    shift = clz64((u64)d) - 11;
    ez = ea - shift;
    if (ez < 0) {
      shift = ea;
      ez = 0;
    }
    return pack(sign, ez, (u64)d << shift);
  }
  sa <<= 10;
  sb <<= 10;
  if (diff < 0) {
    sign = !sign;
    if (eb == 0x7ff) return sb ? propagate_nan(a, b) : pack(sign, 0x7ff, 0);
    sa += ea ? 0x4000000000000000ULL : sa;
    sa = shift_right_jam(sa, -diff);
    sb |= 0x4000000000000000ULL;
    ez = eb;
    sz = sb - sa;
  } else {
    if (ea == 0x7ff) return sa ? propagate_nan(a, b) : a;
    sb += eb ? 0x4000000000000000ULL : sb;
    sb = shift_right_jam(sb, diff);
    sa |= 0x4000000000000000ULL;
    ez = ea;
    sz = sa - sb;
  }
  return norm_round_pack(sign, ez - 1, sz);
}

static u64 f64_add(u64 a, u64 b) {
  int sa = (int)(a >> 63), sb = (int)(b >> 63);
  return sa == sb ? add_mags(a, b, sa) : sub_mags(a, b, sa);
}

static u64 f64_sub(u64 a, u64 b) {
  int sa = (int)(a >> 63), sb = (int)(b >> 63);
  return sa == sb ? sub_mags(a, b, sa) : add_mags(a, b, sa);
}

// ----------------------------------------------------------------------------
// * and /

// The 128-bit product a * b: high and low 64 bits.
static u64 mul64(u64 a, u64 b, u64 *lo) {
  u64 a0 = (u32)a, a1 = a >> 32, b0 = (u32)b, b1 = b >> 32;
  u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  u64 mid = (p00 >> 32) + (u32)p01 + (u32)p10;
  *lo = (mid << 32) | (u32)p00;
  return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

static u64 f64_mul(u64 a, u64 b) {
  int sign = (int)((a ^ b) >> 63);
  int ea = exp_of(a), eb = exp_of(b), ez;
  u64 sa = a & FRAC64, sb = b & FRAC64, hi, lo;
  if (ea == 0x7ff || eb == 0x7ff) {
    if (is_nan(a) || is_nan(b)) return propagate_nan(a, b);
    // infinity * 0 is invalid; infinity * anything else is infinity
    if ((ea == 0x7ff && (eb | sb) == 0) || (eb == 0x7ff && (ea | sa) == 0)) return DEFAULT_NAN64;
    return pack(sign, 0x7ff, 0);
  }
  if (ea == 0) {
    if (sa == 0) return pack(sign, 0, 0);
    sa = norm_subnormal(sa, &ea);
  }
  if (eb == 0) {
    if (sb == 0) return pack(sign, 0, 0);
    sb = norm_subnormal(sb, &eb);
  }
  ez = ea + eb - 0x3ff;
  sa = (sa | HIDDEN64) << 10;
  sb = (sb | HIDDEN64) << 11;
  hi = mul64(sa, sb, &lo);
  hi |= lo != 0;
  if (hi < 0x4000000000000000ULL) {
    ez--;
    hi <<= 1;
  }
  return round_pack(sign, ez, hi);
}

static u64 f64_div(u64 a, u64 b) {
  int sign = (int)((a ^ b) >> 63);
  int ea = exp_of(a), eb = exp_of(b), ez, i, k;
  u64 sa = a & FRAC64, sb = b & FRAC64, q = 0, r;
  if (ea == 0x7ff) {
    if (sa || is_nan(b)) return propagate_nan(a, b);
    if (eb == 0x7ff) return DEFAULT_NAN64; // infinity / infinity
    return pack(sign, 0x7ff, 0);
  }
  if (eb == 0x7ff) return sb ? propagate_nan(a, b) : pack(sign, 0, 0);
  if (eb == 0) {
    if (sb == 0) return (ea | sa) == 0 ? DEFAULT_NAN64 : pack(sign, 0x7ff, 0); // 0/0 invalid, x/0 infinite
    sb = norm_subnormal(sb, &eb);
  }
  if (ea == 0) {
    if (sa == 0) return pack(sign, 0, 0);
    sa = norm_subnormal(sa, &ea);
  }
  sa |= HIDDEN64;
  sb |= HIDDEN64;
  // q = floor(sa / sb * 2^k) has its leading bit at 62; one quotient bit a step.
  ez = ea - eb + 0x3fe;
  k = 62;
  if (sa < sb) {
    ez--;
    k = 63;
  }
  r = sa;
  for (i = 0; i <= k; i++) {
    q <<= 1;
    if (r >= sb) {
      r -= sb;
      q |= 1;
    }
    r <<= 1;
  }
  return round_pack(sign, ez, q | (r != 0));
}

// The correctly rounded square root (an IEEE basic operation, like + - * /).
static u64 f64_sqrt(u64 a) {
  int e = exp_of(a), i;
  u64 s = a & FRAC64, rem = 0, root = 0;
  if (e == 0x7ff) {
    if (s) return propagate_nan(a, a);
    return (a >> 63) ? DEFAULT_NAN64 : a;
  }
  if (e == 0 && s == 0) return a; // sqrt(+-0) is +-0
  if (a >> 63) return DEFAULT_NAN64;
  if (e == 0) s = norm_subnormal(s, &e);
  s |= HIDDEN64;
  // a = s * 2^(e - 1075); make the power even, then root = floor(sqrt(s * 2^56)),
  // 54 or 55 bits, with the bits of s * 2^56 taken two at a time from the top.
  e -= 1075;
  if (e & 1) {
    s <<= 1;
    e--;
  }
  for (i = 55; i >= 0; i--) {
    int at = 2 * i - 56;
    u32 two = at >= 0 ? (u32)(s >> at) & 3 : 0;
    u64 trial;
    rem = (rem << 2) | two;
    root <<= 1;
    trial = (root << 1) | 1;
    if (rem >= trial) {
      rem -= trial;
      root |= 1;
    }
  }
  // sqrt(a) = root * 2^(e/2 - 28), plus a sticky bit for the remainder (never an exact tie).
  return round_pack_scaled(0, (root << 1) | (rem != 0), e / 2 - 29);
}

// ----------------------------------------------------------------------------
// Comparisons: -1, 0, 1, or 2 when unordered (a NaN)

static int f64_cmp(u64 a, u64 b) {
  if (is_nan(a) || is_nan(b)) return 2;
  if (((a | b) << 1) == 0) return 0; // +0 == -0
  if ((a >> 63) != (b >> 63)) return (a >> 63) ? -1 : 1;
  if (a == b) return 0;
  if (a >> 63) return a > b ? -1 : 1;
  return a < b ? -1 : 1;
}

// ----------------------------------------------------------------------------
// float <-> double

// Round sig (leading bit at 30, seven rounding bits) with biased exponent exp + 1 to a float.
static u32 round_pack32(int sign, int exp, u32 sig) {
  u32 round_bits = sig & 0x7f;
  if ((u32)exp >= 0xfd) {
    if (exp < 0) {
      sig = (u32)shift_right_jam(sig, -exp);
      exp = 0;
      round_bits = sig & 0x7f;
    } else if (exp > 0xfd || sig + 0x40 >= 0x80000000u) {
      return ((u32)sign << 31) + 0x7f800000u;
    }
  }
  sig = (sig + 0x40) >> 7;
  if (round_bits == 0x40) sig &= ~1u;
  if (sig == 0) exp = 0;
  return ((u32)sign << 31) + ((u32)exp << 23) + sig;
}

// sign * sig * 2^e2 for any nonzero sig, rounded to a float.
static u32 round_pack32_scaled(int sign, u64 sig, int e2) {
  int shift = clz64(sig) - 1;
  if (shift < 0) {
    sig = shift_right_jam(sig, 1);
    e2 += 1;
  } else {
    sig <<= shift;
    e2 -= shift;
  }
  return round_pack32(sign, e2 + 32 + 156, (u32)shift_right_jam(sig, 32));
}

static u32 f64_to_f32(u64 a) {
  int sign = (int)(a >> 63), e = exp_of(a);
  u64 f = a & FRAC64;
  u32 f32;
  if (e == 0x7ff) {
    if (f) return ((u32)sign << 31) | 0x7fc00000u | (u32)(f >> 29);
    return ((u32)sign << 31) | 0x7f800000u;
  }
  f32 = (u32)shift_right_jam(f, 22);
  if ((e | (int)f32) == 0) return (u32)sign << 31;
  return round_pack32(sign, e - 0x381, f32 | 0x40000000u);
}

static u64 f32_to_f64(u32 a) {
  int sign = (int)(a >> 31), e = (int)(a >> 23) & 0xff, shift;
  u32 f = a & 0x7fffff;
  if (e == 0xff) {
    if (f) return pack(sign, 0x7ff, QUIET64 | ((u64)f << 29));
    return pack(sign, 0x7ff, 0);
  }
  if (e == 0) {
    if (f == 0) return pack(sign, 0, 0);
    shift = clz64(f) - 40;
    e = 1 - shift - 1;
    f <<= shift;
    return pack(sign, e + 0x380, (u64)f << 29);
  }
  return pack(sign, e + 0x380, (u64)f << 29);
}

// ----------------------------------------------------------------------------
// Integers <-> double

static u64 from_int(int negative, u64 magnitude) {
  if (magnitude == 0) return 0;
  return round_pack_scaled(negative, magnitude, 0);
}

static u32 from_int32(int negative, u64 magnitude) {
  if (magnitude == 0) return 0;
  return round_pack32_scaled(negative, magnitude, 0);
}

// floor(|a|) in *mag; 0 when a is NaN, infinite or at least 2^64.
static int trunc_magnitude(u64 a, u64 *mag) {
  int e = exp_of(a);
  u64 s = (a & FRAC64) | HIDDEN64;
  if (e == 0x7ff || e >= 1023 + 64) return 0;
  if (e < 1023) {
    *mag = 0;
    return 1;
  }
  e -= 1075; // |a| = s * 2^e
  *mag = e >= 0 ? s << e : s >> -e;
  return 1;
}

// a converted to a `bits`-bit integer (see the rule at the top), as its bit pattern.
static u64 fix(u64 a, int bits, int is_unsigned) {
  u64 indefinite = 1ULL << (bits - 1), mag, max;
  if (!trunc_magnitude(a, &mag)) return indefinite;
  if (a >> 63) return mag > indefinite ? indefinite : -mag;
  max = is_unsigned ? (bits == 64 ? ~0ULL : (1ULL << bits) - 1) : indefinite - 1;
  return mag > max ? indefinite : mag;
}

// ----------------------------------------------------------------------------
// The helpers the compiler calls

double __adddf3(double a, double b) { return double_of(f64_add(bits_of(a), bits_of(b))); }
double __subdf3(double a, double b) { return double_of(f64_sub(bits_of(a), bits_of(b))); }
double __muldf3(double a, double b) { return double_of(f64_mul(bits_of(a), bits_of(b))); }
double __divdf3(double a, double b) { return double_of(f64_div(bits_of(a), bits_of(b))); }
double __negdf2(double a) { return double_of(bits_of(a) ^ SIGN64); }

// float arithmetic: in double, rounded once to float (exact: see the top of the file).
static float via_double(u64 r) { return float_of(f64_to_f32(r)); }
static u64 wide(float a) { return f32_to_f64(bits_of_float(a)); }

float __addsf3(float a, float b) { return via_double(f64_add(wide(a), wide(b))); }
float __subsf3(float a, float b) { return via_double(f64_sub(wide(a), wide(b))); }
float __mulsf3(float a, float b) { return via_double(f64_mul(wide(a), wide(b))); }
float __divsf3(float a, float b) { return via_double(f64_div(wide(a), wide(b))); }
float __negsf2(float a) { return float_of(bits_of_float(a) ^ 0x80000000u); }

// libgcc's comparison results: compared with 0 they give the relation; a NaN
// makes eq/ne return nonzero, lt/le positive, gt/ge negative (all false but !=).
static int cmp_or(double a, double b, int unordered) {
  int c = f64_cmp(bits_of(a), bits_of(b));
  return c == 2 ? unordered : c;
}

int __eqdf2(double a, double b) { return cmp_or(a, b, 1); }
int __nedf2(double a, double b) { return cmp_or(a, b, 1); }
int __ltdf2(double a, double b) { return cmp_or(a, b, 1); }
int __ledf2(double a, double b) { return cmp_or(a, b, 1); }
int __gtdf2(double a, double b) { return cmp_or(a, b, -1); }
int __gedf2(double a, double b) { return cmp_or(a, b, -1); }
int __unorddf2(double a, double b) { return f64_cmp(bits_of(a), bits_of(b)) == 2; }

static int cmp_or32(float a, float b, int unordered) {
  int c = f64_cmp(wide(a), wide(b));
  return c == 2 ? unordered : c;
}

int __eqsf2(float a, float b) { return cmp_or32(a, b, 1); }
int __nesf2(float a, float b) { return cmp_or32(a, b, 1); }
int __ltsf2(float a, float b) { return cmp_or32(a, b, 1); }
int __lesf2(float a, float b) { return cmp_or32(a, b, 1); }
int __gtsf2(float a, float b) { return cmp_or32(a, b, -1); }
int __gesf2(float a, float b) { return cmp_or32(a, b, -1); }
int __unordsf2(float a, float b) { return f64_cmp(wide(a), wide(b)) == 2; }

double __extendsfdf2(float a) { return double_of(wide(a)); }
float __truncdfsf2(double a) { return float_of(f64_to_f32(bits_of(a))); }

double __floatsidf(int i) { return double_of(from_int(i < 0, i < 0 ? -(u64)(long long)i : (u64)i)); }
double __floatunsidf(unsigned int i) { return double_of(from_int(0, i)); }
double __floatdidf(long long i) { return double_of(from_int(i < 0, i < 0 ? -(u64)i : (u64)i)); }
double __floatundidf(unsigned long long i) { return double_of(from_int(0, i)); }
float __floatsisf(int i) { return float_of(from_int32(i < 0, i < 0 ? -(u64)(long long)i : (u64)i)); }
float __floatunsisf(unsigned int i) { return float_of(from_int32(0, i)); }
float __floatdisf(long long i) { return float_of(from_int32(i < 0, i < 0 ? -(u64)i : (u64)i)); }
float __floatundisf(unsigned long long i) { return float_of(from_int32(0, i)); }

int __fixdfsi(double a) { return (int)fix(bits_of(a), 32, 0); }
unsigned int __fixunsdfsi(double a) { return (unsigned int)fix(bits_of(a), 32, 1); }
long long __fixdfdi(double a) { return (long long)fix(bits_of(a), 64, 0); }
unsigned long long __fixunsdfdi(double a) { return fix(bits_of(a), 64, 1); }
int __fixsfsi(float a) { return (int)fix(wide(a), 32, 0); }
unsigned int __fixunssfsi(float a) { return (unsigned int)fix(wide(a), 32, 1); }
long long __fixsfdi(float a) { return (long long)fix(wide(a), 64, 0); }
unsigned long long __fixunssfdi(float a) { return fix(wide(a), 64, 1); }

double sqrt(double x) { return double_of(f64_sqrt(bits_of(x))); }
float sqrtf(float x) { return via_double(f64_sqrt(wide(x))); }

// For strtod (float_impl.h): sign * sig * 2^e2, rounded once.
double __double_from_scaled(int negative, u64 sig, int e2) {
  return double_of(round_pack_scaled(negative, sig, e2));
}

float __float_from_scaled(int negative, u64 sig, int e2) {
  return float_of(round_pack32_scaled(negative, sig, e2));
}
