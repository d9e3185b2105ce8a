// illegal: execute an invalid instruction. We call into a buffer of zero
// bytes; opcode 0 is undefined, so the CPU raises #UD and the kernel kills
// the process with SIGILL.

#include <stdio.h>

static unsigned int zeros[4];

int main(void) {
  void (*bad)(void) = (void (*)(void))(unsigned int)zeros;
  printf("illegal: jumping to 0x%x, which holds no valid instruction...\n", (unsigned int)zeros);
  bad();
  return 0;
}
