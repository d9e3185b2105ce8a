// codewrite: write into our own code. Code pages are mapped read-only (and
// shared with every process running this program), so the store faults and
// the process dies with SIGSEGV.

#include <stdio.h>

int main(void) {
  unsigned int addr = (unsigned int)main;
  volatile int *code = (volatile int *)addr;
  printf("codewrite: writing to main at 0x%x...\n", addr);
  *code = 0;
  printf("codewrite: the write succeeded?!\n");
  return 0;
}
