// which [-a] NAME ...: the file each NAME runs as: the first (or with -a
// every) executable file NAME in the directories of $PATH (/bin when PATH
// is not set, which is where the shell looks). A NAME with a '/' is
// checked as it is. Exit status: 0 if every NAME was found, else 1.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int all;

static int executable(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) != 0;
}

// Print where name is found; 1 if it is, else 0.
static int which(const char *name) {
  char path[256];
  const char *dirs = getenv("PATH");
  const char *p;
  size_t len;
  int n;
  int found = 0;
  if (strchr(name, '/')) {
    if (!executable(name)) return 0;
    printf("%s\n", name);
    return 1;
  }
  if (!dirs) dirs = "/bin";
  for (p = dirs;; p += len + 1) {
    len = strcspn(p, ":");
    if (len == 0) n = snprintf(path, sizeof(path), "./%s", name);      // an empty entry is "."
    else n = snprintf(path, sizeof(path), "%.*s/%s", (int)len, p, name);
    if (n < (int)sizeof(path) && executable(path)) {
      printf("%s\n", path);
      found = 1;
      if (!all) break;
    }
    if (p[len] == 0) break;
  }
  return found;
}

int main(int argc, char **argv) {
  int opt;
  int i;
  int status = 0;
  while ((opt = getopt(argc, argv, "ah")) != -1) {
    if (opt == 'a') all = 1;
    else if (opt == 'h') {
      printf("usage: which [-a] NAME ...\n  print the program each NAME runs, from $PATH (default /bin)\n");
      return 0;
    } else {
      fprintf(stderr, "usage: which [-a] NAME ...\n");
      return 2;
    }
  }
  if (optind == argc) {
    fprintf(stderr, "usage: which [-a] NAME ...\n");
    return 2;
  }
  for (i = optind; i < argc; i++) {
    if (!which(argv[i])) status = 1;
  }
  return status;
}
