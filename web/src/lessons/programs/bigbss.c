// bigbss: 64 KiB of global data without initial values (.bss). Only its
// size is in the executable file: the loader fills it with zeros, so
// /bin/bigbss is 64 KiB smaller than /bin/bigdata. Then it shows its own
// address space with pmap: the data region is 64 KiB in both.
//
// Shipped with lesson 2 (web/src/lessons/02-address-space.ts).

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#define SIZE (64 * 1024)

char table[SIZE];  // no initial value: .bss, only its size in the file

static void show_pmap(void) {
  char pid[16];
  char *argv[3];
  int status;
  int child;
  snprintf(pid, sizeof(pid), "%d", getpid());
  child = fork();
  if (child == 0) {
    argv[0] = "pmap";
    argv[1] = pid;
    argv[2] = 0;
    execv("/bin/pmap", argv);
    _exit(127);
  }
  waitpid(child, &status, 0);
}

int main(void) {
  printf("bigbss: table[0] = %d, table at %p, %d bytes in .bss\n", table[0], (void *)table, SIZE);
  show_pmap();
  return 0;
}
