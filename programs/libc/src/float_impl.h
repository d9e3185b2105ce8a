// What softfloat.c gives the rest of libc (strtod.c, math.c). Not a public header.
#ifndef _FLOAT_IMPL_H
#define _FLOAT_IMPL_H

// sign * sig * 2^e2, correctly rounded to a double (sig nonzero; bits of sig
// below the 55th from the top only act as a sticky bit).
double __double_from_scaled(int negative, unsigned long long sig, int e2);
float __float_from_scaled(int negative, unsigned long long sig, int e2);

#endif
