// mkdir: make directories.
#include <stdio.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
  int i;
  int status = 0;
  for (i = 1; i < argc; i++) {
    if (mkdir(argv[i], 0755) < 0) {
      printf("mkdir: cannot create directory %s\n", argv[i]);
      status = 1;
    }
  }
  return status;
}
