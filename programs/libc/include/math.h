// math.h: the C library's mathematical functions, in software.
//
// sqrt is correctly rounded (an IEEE basic operation, programs/libc/src/
// softfloat.c). double is IEEE binary64, float binary32; long double is
// double.
#ifndef _MATH_H
#define _MATH_H

#define HUGE_VAL (1e300 * 1e300)
#define INFINITY (1e300f * 1e300f)
#define NAN (0.0f / 0.0f)
#define HUGE_VALF INFINITY

#define M_E 2.7182818284590452354
#define M_LOG2E 1.4426950408889634074
#define M_LOG10E 0.43429448190325182765
#define M_LN2 0.69314718055994530942
#define M_LN10 2.30258509299404568402
#define M_PI 3.14159265358979323846
#define M_PI_2 1.57079632679489661923
#define M_PI_4 0.78539816339744830962
#define M_SQRT2 1.41421356237309504880

double sqrt(double x);
float sqrtf(float x);

#endif
