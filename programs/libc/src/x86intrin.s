; The intrinsics of <x86intrin.h>, as functions (the compiler has no inline
; assembly).

.text
.globl __rdtsc32
.type __rdtsc32, @function
__rdtsc32:                              ; unsigned int __rdtsc32(void): rdtsc's low word
    rdtsc
    ret
.size __rdtsc32, . - __rdtsc32
