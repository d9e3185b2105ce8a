// cp SOURCE DEST, cp SOURCE ... DIRECTORY: copy files. DEST is replaced
// (truncated and rewritten, so a program running from it keeps its old
// code: the ramfs copies shared pages on write); a DIRECTORY target gets
// each SOURCE under its base name. Directories are not copied (no -r).
// Exit status 1 if any copy failed.

#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>

static void usage(FILE *to) {
  fprintf(to, "usage: cp SOURCE DEST\n       cp SOURCE ... DIRECTORY\n");
}

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

// Write all n bytes; 0, or -1.
static int write_all(int fd, const char *buf, int n) {
  int w;
  while (n > 0) {
    w = write(fd, buf, n);
    if (w <= 0) return -1;
    buf += w;
    n -= w;
  }
  return 0;
}

// Copy the file from to the path to; 0, or 1 after a message.
static int copy(const char *from, const char *to) {
  struct stat a;
  struct stat b;
  char buf[1024];
  int in;
  int out;
  int n = 0;
  if (stat(from, &a) < 0) {
    fprintf(stderr, "cp: cannot stat '%s': %s\n", from, strerror(errno));
    return 1;
  }
  if (S_ISDIR(a.st_mode)) {
    fprintf(stderr, "cp: -r not specified; omitting directory '%s'\n", from);
    return 1;
  }
  if (stat(to, &b) == 0 && a.st_ino == b.st_ino) {
    fprintf(stderr, "cp: '%s' and '%s' are the same file\n", from, to);
    return 1;
  }
  in = open(from, O_RDONLY, 0);
  if (in < 0) {
    fprintf(stderr, "cp: cannot open '%s' for reading: %s\n", from, strerror(errno));
    return 1;
  }
  out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
  if (out < 0) {
    fprintf(stderr, "cp: cannot create regular file '%s': %s\n", to, strerror(errno));
    close(in);
    return 1;
  }
  while ((n = read(in, buf, sizeof(buf))) > 0) {
    if (write_all(out, buf, n) < 0) {
      n = -1;
      break;
    }
  }
  if (n < 0) fprintf(stderr, "cp: error copying '%s' to '%s': %s\n", from, to, strerror(errno));
  close(in);
  close(out);
  return n < 0;
}

// DIRECTORY/base name of path, into buf; 0, or 1 if it does not fit.
static int inside(const char *dir, const char *path, char *buf, int size) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  if (snprintf(buf, size, "%s/%s", dir, base) >= size) {
    fprintf(stderr, "cp: %s/%s: name too long\n", dir, base);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  char target[256];
  const char *dest;
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
      fprintf(stderr, "cp: target '%s' is not a directory\n", dest);
      return 1;
    }
    return copy(argv[1], dest);
  }
  for (i = 1; i < argc - 1; i++) {
    if (inside(dest, argv[i], target, sizeof(target))) status = 1;
    else status |= copy(argv[i], target);
  }
  return status;
}
