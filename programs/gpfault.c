// gpfault [io]: try a privileged instruction from user mode — `cli` (or,
// with "io", reading an I/O port). Ring 3 may not do either: the CPU raises
// a general-protection fault and the kernel kills the process with SIGSEGV.
// The instructions are in gpfault.s (our C compiler has no inline assembly).

#include <stdio.h>
#include <string.h>

void disable_interrupts(void);
unsigned int read_port(unsigned int port);

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "io") == 0) {
    printf("gpfault: reading port 0xe0 from user mode...\n");
    return (int)read_port(0xe0);
  }
  printf("gpfault: executing cli in user mode...\n");
  disable_interrupts();
  printf("gpfault: interrupts are off?!\n");
  return 0;
}
