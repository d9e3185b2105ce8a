// rm: remove files; `rm -d DIR` removes an empty directory.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int i = 1;
  int dirs = 0;
  int status = 0;
  if (argc > 1 && strcmp(argv[1], "-d") == 0) {
    dirs = 1;
    i = 2;
  }
  for (; i < argc; i++) {
    if ((dirs ? rmdir(argv[i]) : unlink(argv[i])) < 0) {
      printf("rm: cannot remove %s\n", argv[i]);
      status = 1;
    }
  }
  return status;
}
