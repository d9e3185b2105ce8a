// hello.c — a first user program for the kernel: it prints its pid and
// arguments, and its parent (the shell) reports its exit status. Run it with:
//   npm run -s glassbox -- run --add examples/hello.c -c 'hello a b'
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int i;
  printf("hello from pid %d (parent %d)", getpid(), getppid());
  for (i = 1; i < argc; i++) printf(" [%s]", argv[i]);
  printf("\n");
  return argc - 1;
}
