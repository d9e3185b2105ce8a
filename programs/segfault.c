// segfault: dereference a null pointer. Page 0 is never mapped, so the load
// page-faults and the kernel kills this process (and only it) with SIGSEGV.

#include <stdio.h>

int main(void) {
  volatile int *p = 0;
  printf("segfault: reading address 0...\n");
  return *p;
}
