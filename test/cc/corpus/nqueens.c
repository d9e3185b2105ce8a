// N-queens by backtracking with bitmasks, for N = 1..9; prints one board for N = 6.
#include <stdio.h>

static int solutions;
static int board[16];
static int shown;

static void solve(int n, int row, unsigned cols, unsigned d1, unsigned d2) {
  if (row == n) {
    solutions++;
    if (n == 6 && !shown) {
      shown = 1;
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++) putchar(board[r] == c ? 'Q' : '.');
        putchar('\n');
      }
    }
    return;
  }
  unsigned avail = ~(cols | d1 | d2) & ((1u << n) - 1);
  while (avail) {
    unsigned bit = avail & -avail;
    avail -= bit;
    int c = 0;
    while (!(bit >> c & 1)) c++;
    board[row] = c;
    solve(n, row + 1, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1);
  }
}

int main(void) {
  int total = 0;
  for (int n = 1; n <= 9; n++) {
    solutions = 0;
    solve(n, 0, 0, 0, 0);
    printf("n=%d solutions=%d\n", n, solutions);
    total += solutions;
  }
  return total & 0xff;
}
