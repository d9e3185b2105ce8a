// dirname NAME: the directory part of NAME, by POSIX's steps: trailing
// slashes go, then the last component, then the slashes before it;
// "." if no slash is left, "/" if only slashes are.

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  char *name;
  size_t len;
  if (argc == 2 && strcmp(argv[1], "-h") == 0) {
    printf("usage: dirname NAME\n  print NAME without its last component\n");
    return 0;
  }
  if (argc != 2) {
    fprintf(stderr, "usage: dirname NAME\n");
    return 1;
  }
  name = argv[1];
  len = strlen(name);
  while (len > 1 && name[len - 1] == '/') len--;            // trailing slashes
  while (len > 0 && name[len - 1] != '/') len--;            // the last component
  if (len == 0) {
    printf(".\n");
    return 0;
  }
  while (len > 1 && name[len - 1] == '/') len--;            // the slashes before it
  name[len] = 0;
  printf("%s\n", name);
  return 0;
}
