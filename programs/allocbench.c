// allocbench [N]: what an allocation costs, on the heap and on the stack.
//
// Times N (default 1000) allocations of 64 bytes each way with the
// machine's cycle counter (gb_cycles):
//   heap:  malloc(64), touch the block, free it;
//   stack: call a function whose local 64-byte array is touched — the
//          "allocation" is one subtraction from esp in the prologue, and
//          the return gives it back.
// and prints the cycles per operation for each. malloc searches a free
// list and free merges blocks back into it; the stack needs neither.
// Both loops include the same loop and call overhead (stack_alloc is a
// call just as malloc is).

#include <stdio.h>
#include <stdlib.h>
#include <glassbox.h>

#define BLOCK 64

static unsigned int now(void) {
  unsigned int lohi[2];
  gb_cycles(lohi);
  return lohi[0];  // differences of the low word are right below 2^32 cycles
}

static int stack_alloc(int i) {
  char block[BLOCK];
  block[0] = (char)i;  // touched, so the array is really there
  block[BLOCK - 1] = (char)i;
  return block[0] + block[BLOCK - 1];
}

static int heap_alloc(int i) {
  char *block = malloc(BLOCK);
  int sum;
  if (block == NULL) return 0;
  block[0] = (char)i;
  block[BLOCK - 1] = (char)i;
  sum = block[0] + block[BLOCK - 1];
  free(block);
  return sum;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  volatile int sink = 0;
  unsigned int t0;
  unsigned int heap;
  unsigned int stack;
  int i;
  if (n <= 0) n = 1;
  free(malloc(BLOCK));  // let the heap exist before timing starts
  t0 = now();
  for (i = 0; i < n; i++) sink += heap_alloc(i);
  heap = now() - t0;
  t0 = now();
  for (i = 0; i < n; i++) sink += stack_alloc(i);
  stack = now() - t0;
  printf("%d allocations of %d bytes\n", n, BLOCK);
  printf("heap  (malloc + free):   %u cycles each\n", heap / n);
  printf("stack (local array):     %u cycles each\n", stack / n);
  return 0;
}
