// Intrinsics of the x86 family that Glassbox's CPU has.
//
// __rdtsc() on x86 returns the 64-bit time-stamp counter; Glassbox's C
// compiler has no 64-bit integers yet, so this header offers the 32-bit
// variant: __rdtsc32() is rdtsc's low word (eax), read from user mode with
// no system call. Differences of two readings are exact for intervals
// below 2^32 cycles (about 1.4 s of guest time at 3 GHz). The counter is the
// machine's cycle counter: the same number every cycle figure in Glassbox
// comes from.
#ifndef _X86INTRIN_H
#define _X86INTRIN_H

unsigned int __rdtsc32(void);

#endif
