// ls: list directory contents. `ls [-l] [-a] [PATH...]`; -l shows the
// type, permissions, link count, size and name of each entry.

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <dirent.h>
#include <sys/stat.h>

static int long_format;
static int show_all;

struct entry {
  char name[32];
};

static int by_name(const void *a, const void *b) {
  return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void mode_string(unsigned int mode, char *out) {
  const char *rwx = "rwxrwxrwx";
  int i;
  out[0] = S_ISDIR(mode) ? 'd' : S_ISCHR(mode) ? 'c' : '-';
  for (i = 0; i < 9; i++) out[1 + i] = (mode & (0400 >> i)) ? rwx[i] : '-';
  out[10] = 0;
}

static void show(const char *dir, const char *name) {
  char path[160];
  char mode[12];
  struct stat st;
  if (!long_format) {
    printf("%s\n", name);
    return;
  }
  if (dir) snprintf(path, sizeof(path), "%s/%s", dir, name);
  else snprintf(path, sizeof(path), "%s", name);
  if (stat(path, &st) < 0) {
    printf("?????????? %s\n", name);
    return;
  }
  mode_string(st.st_mode, mode);
  printf("%s %2d %8d %s\n", mode, st.st_nlink, st.st_size, name);
}

static int list(const char *path) {
  struct stat st;
  DIR *d;
  struct dirent *de;
  struct entry *entries = 0;
  int n = 0;
  int cap = 0;
  int i;
  if (stat(path, &st) < 0) {
    printf("ls: %s: no such file or directory\n", path);
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    show(0, path);
    return 0;
  }
  d = opendir(path);
  if (!d) {
    printf("ls: %s: cannot open\n", path);
    return 1;
  }
  while ((de = readdir(d)) != 0) {
    if (de->d_name[0] == '.' && !show_all) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      entries = (struct entry *)realloc(entries, cap * sizeof(struct entry));
      if (!entries) {
        printf("ls: out of memory\n");
        return 1;
      }
    }
    strncpy(entries[n].name, de->d_name, sizeof(entries[n].name) - 1);
    entries[n].name[sizeof(entries[n].name) - 1] = 0;
    n++;
  }
  closedir(d);
  qsort(entries, n, sizeof(struct entry), by_name);
  for (i = 0; i < n; i++) show(path, entries[i].name);
  free(entries);
  return 0;
}

int main(int argc, char **argv) {
  int i;
  int j;
  int paths = 0;
  int status = 0;
  for (i = 1; i < argc; i++) {
    if (argv[i][0] != '-') continue;
    for (j = 1; argv[i][j]; j++) {
      if (argv[i][j] == 'l') long_format = 1;
      else if (argv[i][j] == 'a') show_all = 1;
      else {
        printf("usage: ls [-la] [path...]\n");
        return 2;
      }
    }
  }
  for (i = 1; i < argc; i++) {
    if (argv[i][0] == '-') continue;
    if (paths > 0 || i + 1 < argc) printf("%s%s:\n", paths > 0 ? "\n" : "", argv[i]);
    status |= list(argv[i]);
    paths++;
  }
  if (paths == 0) status = list(".");
  return status;
}
