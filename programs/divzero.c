// divzero: divide by zero. The CPU raises #DE and the kernel kills the
// process with SIGFPE ("Floating point exception", as Unix calls it).

#include <stdio.h>

int main(int argc, char **argv) {
  volatile int zero = argc - argc;
  (void)argv;
  printf("divzero: computing 1 / 0...\n");
  return 1 / zero;
}
