// exitwith N: exit with status N (for testing how wait statuses travel).
#include <stdlib.h>

int main(int argc, char **argv) {
  return argc > 1 ? atoi(argv[1]) : 0;
}
