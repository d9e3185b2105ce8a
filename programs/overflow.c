// overflow: recurse until the stack runs out. The stack grows down on
// demand up to its limit (1 MiB); the page below that is a guard page that
// is never mapped, so the next call faults there and the kernel reports a
// stack overflow and kills the process with SIGSEGV.

#include <stdio.h>

static int depth;

static int recurse(int n) {
  volatile char frame[256];
  frame[0] = (char)n;
  depth = n;
  return recurse(n + 1) + frame[0];
}

int main(void) {
  printf("overflow: recursing with 256-byte frames...\n");
  return recurse(0);
}
