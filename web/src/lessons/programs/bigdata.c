// bigdata: 64 KiB of initialized global data (.data). The bytes are in the
// executable file, so /bin/bigdata is 64 KiB bigger than /bin/bigbss,
// whose array has no initial value. Then it shows its own address space
// with pmap: the data region is 64 KiB in both.
//
// Shipped with lesson 2 (web/src/lessons/02-address-space.ts).

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#define SIZE (64 * 1024)

char table[SIZE] = {1, 2, 3};  // an initial value: .data, stored in the file

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
  printf("bigdata: table[0] = %d, table at %p, %d bytes in .data\n", table[0], (void *)table, SIZE);
  show_pmap();
  return 0;
}
