// ps: the process table, like `ps aux` reduced to what the kernel keeps.
//
//   PID  PPID STAT THR      TIME         CYCLES   MEM CMD
//
// STAT is R (running or ready to run), S (sleeping: waiting for input, a
// child or a timer), Z (zombie: terminated, waiting for its parent to
// collect the exit status) or N (new: being created). TIME is CPU time
// (minutes:seconds.milliseconds at the cycle model's 3 GHz), CYCLES the same
// in cycles, THR the number of threads, MEM the user pages mapped, in KiB.

#include <stdio.h>
#include <glassbox.h>

// Divide the 64-bit value hi:lo by d (d < 2^24), byte by byte so no
// intermediate exceeds 32 bits. Returns the quotient's low word in *qlo.
static void div64(unsigned int hi, unsigned int lo, unsigned int d, unsigned int *qhi, unsigned int *qlo) {
  unsigned int rem = 0;
  unsigned int q[2];
  unsigned int word;
  int w;
  int b;
  unsigned int digit;
  unsigned int in[2];
  in[0] = hi;
  in[1] = lo;
  for (w = 0; w < 2; w++) {
    word = 0;
    for (b = 3; b >= 0; b--) {
      rem = (rem << 8) | ((in[w] >> (b * 8)) & 0xFF);
      digit = rem / d;
      rem = rem % d;
      word = (word << 8) | digit;
    }
    q[w] = word;
  }
  *qhi = q[0];
  *qlo = q[1];
}

// Decimal text of hi:lo.
static void u64_string(unsigned int hi, unsigned int lo, char *out) {
  char tmp[24];
  int n = 0;
  int i;
  unsigned int qh;
  unsigned int ql;
  do {
    div64(hi, lo, 10, &qh, &ql);
    tmp[n++] = (char)('0' + (lo - ql * 10));
    hi = qh;
    lo = ql;
  } while (hi != 0 || lo != 0);
  for (i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  out[n] = 0;
}

static char state_letter(int state) {
  switch (state) {
  case PSTATE_RUNNING:
  case PSTATE_READY:
    return 'R';
  case PSTATE_WAITING:
    return 'S';
  case PSTATE_ZOMBIE:
    return 'Z';
  case PSTATE_NEW:
    return 'N';
  default:
    return '?';
  }
}

int main(void) {
  struct gb_procinfo info;
  int index = 0;
  unsigned int qh;
  unsigned int ms;
  char cycles[24];
  printf("  PID  PPID STAT THR      TIME         CYCLES   MEM CMD\n");
  while ((index = gb_procinfo(index, &info)) > 0) {
    div64(info.cycles_hi, info.cycles_lo, 3000000, &qh, &ms);   // 3e6 cycles per ms
    u64_string(info.cycles_hi, info.cycles_lo, cycles);
    printf("%5d %5d %c    %3d %2d:%02d.%03d %14s %4dK %s%s\n", info.pid, info.ppid, state_letter(info.state),
           info.nthreads, ms / 60000, (ms / 1000) % 60, ms % 1000, cycles, info.mem_pages * 4, info.name,
           info.state == PSTATE_ZOMBIE ? " <defunct>" : "");
  }
  return 0;
}
