// mv SOURCE DEST, mv SOURCE ... DIRECTORY: rename files and directories
// with the rename system call (one step: DEST, if it exists, is replaced
// at once). A DIRECTORY target gets each SOURCE under its base name.
// Exit status 1 if any move failed.

#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>

static void usage(FILE *to) {
  fprintf(to, "usage: mv SOURCE DEST\n       mv SOURCE ... DIRECTORY\n");
}

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int move(const char *from, const char *to) {
  if (rename(from, to) == 0) return 0;
  fprintf(stderr, "mv: cannot move '%s' to '%s': %s\n", from, to, strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  char target[256];
  const char *dest;
  const char *base;
  int status = 0;
  int i;
  if (argc == 2 && strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return 0;
  }
  if (argc < 3 || argv[1][0] == '-') {
    usage(stderr);
    return 1;
  }
  dest = argv[argc - 1];
  if (!is_dir(dest)) {
    if (argc > 3) {
      fprintf(stderr, "mv: target '%s' is not a directory\n", dest);
      return 1;
    }
    return move(argv[1], dest);
  }
  for (i = 1; i < argc - 1; i++) {
    base = strrchr(argv[i], '/');
    base = base ? base + 1 : argv[i];
    if (snprintf(target, sizeof(target), "%s/%s", dest, base) >= (int)sizeof(target)) {
      fprintf(stderr, "mv: %s/%s: name too long\n", dest, base);
      status = 1;
      continue;
    }
    status |= move(argv[i], target);
  }
  return status;
}
