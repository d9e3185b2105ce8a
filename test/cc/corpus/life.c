// Conway's Game of Life on a small torus; prints generations and the population.
#include <stdio.h>
#include <string.h>

#define W 20
#define H 10
static char grid[H][W], next[H][W];

static int neighbours(int y, int x) {
  int n = 0;
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      if (dy || dx) n += grid[(y + dy + H) % H][(x + dx + W) % W];
  return n;
}

static int step(void) {
  int pop = 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      int n = neighbours(y, x);
      next[y][x] = n == 3 || (n == 2 && grid[y][x]);
      pop += next[y][x];
    }
  memcpy(grid, next, sizeof grid);
  return pop;
}

static void show(void) {
  for (int y = 0; y < H; y++) {
    for (int x = 0; x < W; x++) putchar(grid[y][x] ? '#' : '.');
    putchar('\n');
  }
}

int main(void) {
  // A glider and a blinker.
  grid[0][1] = grid[1][2] = grid[2][0] = grid[2][1] = grid[2][2] = 1;
  grid[5][10] = grid[5][11] = grid[5][12] = 1;
  int pop = 0;
  for (int g = 0; g < 30; g++) pop = step();
  show();
  printf("population=%d\n", pop);
  return pop;
}
