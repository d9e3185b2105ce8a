// basename NAME [SUFFIX]: NAME without its directories (and without
// SUFFIX, unless that is all of it), by POSIX's steps: "/" stays "/",
// trailing slashes go, then everything up to the last slash.

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  char *name;
  size_t len;
  size_t slen;
  char *slash;
  if (argc == 2 && strcmp(argv[1], "-h") == 0) {
    printf("usage: basename NAME [SUFFIX]\n  print NAME without its directories and without SUFFIX\n");
    return 0;
  }
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: basename NAME [SUFFIX]\n");
    return 1;
  }
  name = argv[1];
  len = strlen(name);
  while (len > 1 && name[len - 1] == '/') name[--len] = 0;
  if (len > 1) {
    slash = strrchr(name, '/');
    if (slash) name = slash + 1;
    len = strlen(name);
  }
  if (argc == 3) {
    slen = strlen(argv[2]);
    if (slen < len && strcmp(name + len - slen, argv[2]) == 0) name[len - slen] = 0;
  }
  printf("%s\n", name);
  return 0;
}
