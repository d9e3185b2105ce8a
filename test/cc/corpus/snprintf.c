// snprintf: truncation, return values, building strings piece by piece.
#include <stdio.h>
#include <string.h>

int main(void) {
  char buf[10];
  int n = snprintf(buf, sizeof buf, "%s-%d", "abcdefgh", 12345);
  printf("n=%d buf=[%s] len=%d\n", n, buf, (int)strlen(buf));
  n = snprintf(buf, 1, "xyz");
  printf("n=%d empty=[%s]\n", n, buf);
  n = snprintf(NULL, 0, "%d%d%d", 100, 200, 300);
  printf("measure=%d\n", n);
  char out[200];
  int pos = 0;
  for (int i = 0; i < 10; i++) pos += snprintf(out + pos, sizeof out - pos, "%d,", i * i);
  out[pos - 1] = 0;
  printf("%s (%d)\n", out, pos);
  char table[256];
  pos = 0;
  const char *names[] = {"init", "sh", "ls"};
  int pids[] = {1, 2, 17};
  for (int i = 0; i < 3; i++) pos += sprintf(table + pos, "%5d %-6s|\n", pids[i], names[i]);
  fputs(table, stdout);
  sprintf(buf, "%c%c%c", 'o', 'k', 0);
  printf("%s %d\n", buf, (int)strlen(buf));
  return pos;
}
