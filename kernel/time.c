// Time: the clock the machine's cycle counter gives.
//
// The cycle model runs at a nominal 3 GHz (CYCLES_PER_US), so time since
// boot is the cycle counter (rdtsc) divided by 3,000,000,000, exact to a
// third of a nanosecond, and a process's CPU time is the cycles the
// scheduler has charged to it (proc.c). Glassbox has no battery-backed
// clock and takes nothing from the host's: the same image and input must
// give the same run, to the cycle (DESIGN.md, "Deterministic"). So the
// "real" time starts at 0 at boot, like a machine whose clock was never
// set: CLOCK_REALTIME, CLOCK_MONOTONIC and time() all count from there.

#include "types.h"
#include "defs.h"
#include "errno.h"
#include "param.h"
#include "proc.h"
#include "x86.h"

#define CYCLES_PER_SEC (1000000u * CYCLES_PER_US)   // 3,000,000,000: fits a uint
#define CYCLES_PER_NS (CYCLES_PER_US / 1000)

// Split the 64-bit cycle count lohi into seconds and nanoseconds, by long
// division one bit at a time (there is no 64-bit arithmetic in the
// kernel's C). The remainder r stays below CYCLES_PER_SEC; doubling it
// would overflow 32 bits, so "2r + bit >= C" is tested as "r >= C - r".
void cycles_to_timespec(uint *lohi, struct timespec *ts) {
  uint q = 0;
  uint r = 0;
  int i;
  for (i = 63; i >= 0; i--) {
    uint bit = (lohi[i / 32] >> (i % 32)) & 1;
    q <<= 1;
    if (r >= CYCLES_PER_SEC - r) {
      r = r - (CYCLES_PER_SEC - r) + bit;
      q |= 1;
    } else {
      r = 2 * r + bit;
      if (r >= CYCLES_PER_SEC) {
        r -= CYCLES_PER_SEC;
        q |= 1;
      }
    }
  }
  ts->tv_sec = (int)q;
  ts->tv_nsec = (int)(r / CYCLES_PER_NS);
}

// The cycle count at sec seconds since boot (for utime). 64-bit
// multiplication is inline code, unlike division.
void seconds_to_cycles(uint sec, uint *lohi) {
  unsigned long long c = (unsigned long long)sec * CYCLES_PER_SEC;
  lohi[0] = (uint)c;
  lohi[1] = (uint)(c >> 32);
}

// time(t): seconds since boot, also stored in *t unless t is null.
int sys_time(void) {
  uint now[2];
  struct timespec ts;
  uint t = arguint(0);
  rdtsc(now);
  cycles_to_timespec(now, &ts);
  if (t && copyout(curproc->pgdir, t, &ts.tv_sec, sizeof(ts.tv_sec)) < 0) return -EFAULT;
  return ts.tv_sec;
}

// clock_gettime(clock, ts): CLOCK_REALTIME and CLOCK_MONOTONIC since boot,
// CLOCK_PROCESS_CPUTIME_ID the caller's CPU time. Other clocks: -EINVAL.
int sys_clock_gettime(void) {
  uint cycles[2];
  struct timespec ts;
  int clock = argint(0);
  if (clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC) rdtsc(cycles);
  else if (clock == CLOCK_PROCESS_CPUTIME_ID) proc_cputime(cycles);
  else return -EINVAL;
  cycles_to_timespec(cycles, &ts);
  if (copyout(curproc->pgdir, arguint(1), &ts, sizeof(ts)) < 0) return -EFAULT;
  return 0;
}
