// Line-oriented input with fgets: parse numbers per line, sum columns, echo reversed lines.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  char line[128];
  int total = 0, n = 0;
  while (fgets(line, sizeof line, stdin)) {
    size_t len = strlen(line);
    if (len && line[len - 1] == '\n') line[--len] = 0;
    if (len == 0) continue;
    char *end;
    long v = strtol(line, &end, 0);
    if (end != line && *end == 0) {
      total += v;
      printf("number %ld\n", v);
    } else {
      for (int i = (int)len - 1; i >= 0; i--) putchar(line[i]);
      putchar('\n');
    }
    n++;
  }
  printf("lines=%d total=%d\n", n, total);
  return total & 0xff;
}
