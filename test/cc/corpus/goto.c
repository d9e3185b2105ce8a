// Control flow: goto and labels, break/continue in nested loops, do-while, early exits.
#include <stdio.h>

static int find(int m[4][4], int target, int *ri, int *rj) {
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++)
      if (m[i][j] == target) { *ri = i; *rj = j; goto found; }
  return 0;
found:
  return 1;
}

static int cleanup_style(int fail_at) {
  int steps = 0;
  if (fail_at == 1) goto fail1;
  steps++;
  if (fail_at == 2) goto fail2;
  steps++;
  return steps;
fail2:
  steps += 10;
fail1:
  steps += 100;
  return steps;
}

int main(void) {
  int m[4][4];
  for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) m[i][j] = i * 4 + j;
  int r = 0, c = 0;
  printf("find 9: %d (%d,%d) find 99: %d\n", find(m, 9, &r, &c), r, c, find(m, 99, &r, &c));
  printf("cleanup %d %d %d\n", cleanup_style(0), cleanup_style(1), cleanup_style(2));
  int n = 0;
  for (int i = 0; i < 10; i++) {
    if (i == 2) continue;
    for (int j = 0; j < 10; j++) {
      if (j > i) break;
      if ((i + j) % 3 == 0) continue;
      n++;
    }
    if (i == 8) break;
  }
  printf("n=%d\n", n);
  int k = 0;
  do { k += 3; } while (k < 20);
  do k--; while (0);
  printf("k=%d\n", k);
  int x = 0;
loop:
  x++;
  if (x < 5) goto loop;
  printf("x=%d\n", x);
  int w = 100;
  while (1) { if (--w < 90) break; }
  printf("w=%d\n", w);
  for (;;) { w += 5; if (w > 100) break; }
  printf("w=%d\n", w);
  return n + k + x;
}
