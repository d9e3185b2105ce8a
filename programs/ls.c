// ls [-laC1] [PATH...]: list directory contents, sorted by name.
//
// Into a terminal (isatty) the names are laid out in columns down then
// across, as GNU ls does, fitting the line width ($COLUMNS, else 80);
// into a pipe or a file they go one per line, so `ls | wc -l` counts
// files. -C and -1 choose either layout. -a shows the names starting
// with '.'. -l shows, per entry, the type and permissions, the link
// count, the size, the modification time and the name, after a "total"
// line (the entries' blocks in KiB, as GNU ls counts them). The machine's
// clock starts at boot, so the time is hours:minutes:seconds since boot.

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>

static int long_format;
static int show_all;
static int columns;          // lay names out in columns (else one per line)

struct entry {
  char name[128];                // a name in a directory, or a path operand
  struct stat st;
  int have_stat;
};

static int by_name(const void *a, const void *b) {
  return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void mode_string(unsigned int mode, char *out) {
  const char *rwx = "rwxrwxrwx";
  int i;
  out[0] = S_ISDIR(mode) ? 'd' : S_ISCHR(mode) ? 'c' : S_ISFIFO(mode) ? 'p' : '-';
  for (i = 0; i < 9; i++) out[1 + i] = (mode & (0400 >> i)) ? rwx[i] : '-';
  out[10] = 0;
}

static void long_line(const struct entry *e) {
  char mode[12];
  unsigned int t = e->st.st_mtime;
  if (!e->have_stat) {
    printf("?????????? %s\n", e->name);
    return;
  }
  mode_string(e->st.st_mode, mode);
  printf("%s %2d %8u %3u:%02u:%02u %s\n", mode, e->st.st_nlink, e->st.st_size, t / 3600, t / 60 % 60, t % 60,
         e->name);
}

// GNU's "total": each entry's 512-byte blocks in 1 KiB units, rounded up.
static void total_line(const struct entry *entries, int n) {
  unsigned int total = 0;
  int i;
  for (i = 0; i < n; i++) {
    if (entries[i].have_stat) total += (entries[i].st.st_blocks + 1) / 2;
  }
  printf("total %u\n", total);
}

static int line_width(void) {
  const char *s = getenv("COLUMNS");
  int w = s ? atoi(s) : 0;
  return w > 0 ? w : 80;
}

// The width of column c when n names go in `rows` rows, 2 spaces after all but the last column.
static int column_width(const struct entry *entries, int n, int rows, int c, int last) {
  int w = 0;
  int i;
  int len;
  for (i = c * rows; i < n && i < (c + 1) * rows; i++) {
    len = (int)strlen(entries[i].name);
    if (len > w) w = len;
  }
  return w + (last ? 0 : 2);
}

// The fewest rows whose columns fit in the line (GNU: strictly narrower than it).
static int rows_needed(const struct entry *entries, int n, int width) {
  int rows;
  int cols;
  int c;
  int total;
  for (rows = 1; rows < n; rows++) {
    cols = (n + rows - 1) / rows;
    total = 0;
    for (c = 0; c < cols; c++) total += column_width(entries, n, rows, c, c == cols - 1);
    if (total < width) return rows;
  }
  return n;
}

static void print_columns(const struct entry *entries, int n) {
  int rows = rows_needed(entries, n, line_width());
  int cols = (n + rows - 1) / rows;
  int r;
  int c;
  int i;
  for (r = 0; r < rows; r++) {
    for (c = 0; c < cols; c++) {
      i = c * rows + r;
      if (i >= n) break;
      if (c + 1 < cols && i + rows < n) printf("%-*s", column_width(entries, n, rows, c, 0), entries[i].name);
      else printf("%s", entries[i].name);
    }
    printf("\n");
  }
}

static void print_entries(struct entry *entries, int n, int is_directory) {
  int i;
  if (long_format) {
    if (is_directory) total_line(entries, n);
    for (i = 0; i < n; i++) long_line(&entries[i]);
  } else if (columns && n > 0) {
    print_columns(entries, n);
  } else {
    for (i = 0; i < n; i++) printf("%s\n", entries[i].name);
  }
}

static void fill(struct entry *e, const char *dir, const char *name) {
  char path[160];
  strncpy(e->name, name, sizeof(e->name) - 1);
  e->name[sizeof(e->name) - 1] = 0;
  if (dir) snprintf(path, sizeof(path), "%s/%s", dir, name);
  else snprintf(path, sizeof(path), "%s", name);
  e->have_stat = stat(path, &e->st) == 0;
}

// List the directory at path.
static int list_dir(const char *path) {
  DIR *d;
  struct dirent *de;
  struct entry *entries = 0;
  int n = 0;
  int cap = 0;
  d = opendir(path);
  if (!d) {
    fprintf(stderr, "ls: cannot open directory '%s'\n", path);
    return 2;
  }
  while ((de = readdir(d)) != 0) {
    if (de->d_name[0] == '.' && !show_all) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      entries = (struct entry *)realloc(entries, cap * sizeof(struct entry));
      if (!entries) {
        fprintf(stderr, "ls: out of memory\n");
        return 2;
      }
    }
    fill(&entries[n++], path, de->d_name);
  }
  closedir(d);
  qsort(entries, n, sizeof(struct entry), by_name);
  print_entries(entries, n, 1);
  free(entries);
  return 0;
}

static int by_string(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

// List the operands as GNU ls does: the missing ones reported first, then
// the other files together, then each directory under a "NAME:" heading
// when there are several operands.
static int list_operands(char **paths, int n) {
  struct entry *files = calloc(n, sizeof(struct entry));
  struct stat st;
  int nfiles = 0;
  int printed = 0;
  int status = 0;
  int i;
  if (!files) {
    fprintf(stderr, "ls: out of memory\n");
    return 2;
  }
  qsort(paths, n, sizeof(char *), by_string);
  for (i = 0; i < n; i++) {
    if (stat(paths[i], &st) < 0) {
      fprintf(stderr, "ls: cannot access '%s': No such file or directory\n", paths[i]);
      status = 2;
    } else if (!S_ISDIR(st.st_mode)) {
      fill(&files[nfiles++], 0, paths[i]);
    }
  }
  print_entries(files, nfiles, 0);
  printed = nfiles > 0;
  free(files);
  for (i = 0; i < n; i++) {
    if (stat(paths[i], &st) < 0 || !S_ISDIR(st.st_mode)) continue;
    if (n > 1) printf("%s%s:\n", printed ? "\n" : "", paths[i]);
    status |= list_dir(paths[i]);
    printed = 1;
  }
  return status;
}

static void usage(FILE *to) {
  fprintf(to, "usage: ls [-laC1] [PATH...]\n"
              "  -l  long: mode, links, size, modification time (h:mm:ss since boot), name\n"
              "  -a  also names starting with '.'\n"
              "  -C  columns (the default on a terminal)   -1  one name per line (the default into a pipe)\n");
}

int main(int argc, char **argv) {
  int opt;
  columns = isatty(1);
  while ((opt = getopt(argc, argv, "laC1h")) != -1) {
    if (opt == 'l') long_format = 1;
    else if (opt == 'a') show_all = 1;
    else if (opt == 'C') columns = 1;
    else if (opt == '1') columns = 0;
    else if (opt == 'h') {
      usage(stdout);
      return 0;
    } else {
      usage(stderr);
      return 2;
    }
  }
  if (optind == argc) return list_dir(".");
  return list_operands(argv + optind, argc - optind);
}
