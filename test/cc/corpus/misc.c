// Odds and ends: struct definitions inside declarations, typedef names equal to tags,
// string concatenation, embedded NULs, static local tables, sizeof tricks, array parameters.
#include <stdio.h>
#include <string.h>

typedef struct list list;
struct list { int v; list *next; };

struct { int a, b; } pair = {1, 2}, *pair_ptr = &pair;

static int sum_array(int a[10], int n) { int s = 0; while (n--) s += a[n]; return s; }
static int strsum(const char s[]) { int t = 0; while (*s) t += *s++; return t; }

static const char *hexdigits(unsigned v) {
  static const char hex[] = "0123456789abcdef";
  static char buf[9];
  for (int i = 7; i >= 0; i--) { buf[i] = hex[v & 15]; v >>= 4; }
  buf[8] = 0;
  return buf;
}

enum { WIDTH = 3, HEIGHT = WIDTH * 2, AREA = WIDTH * HEIGHT };
static int grid[HEIGHT][WIDTH];

int main(int argc, char *argv[]) {
  (void)argc;
  (void)argv;
  list n2 = {2, 0}, n1 = {1, &n2};
  printf("list %d %d pair %d %d\n", n1.v, n1.next->v, pair_ptr->a, pair.b);
  char joined[] = "abc" "def" "\x41" "\102";
  printf("%s %d\n", joined, (int)sizeof joined);
  char with_nul[] = "ab\0cd";
  printf("%d %d %s %s\n", (int)sizeof with_nul, (int)strlen(with_nul), with_nul, with_nul + 3);
  int arr[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  printf("sum %d strsum %d\n", sum_array(arr, 10), strsum("AB"));
  printf("hex %s %s\n", hexdigits(0xdeadbeef), hexdigits(255));
  for (int y = 0; y < HEIGHT; y++) for (int x = 0; x < WIDTH; x++) grid[y][x] = y * WIDTH + x;
  printf("area %d last %d elems %d\n", AREA, grid[HEIGHT - 1][WIDTH - 1], (int)(sizeof grid / sizeof grid[0][0]));
  struct point { int x, y; } pts[3] = {{1, 2}, {3, 4}};
  struct point *pp = pts;
  pp[2] = pp[0];
  pp[2].y += pp[1].x;
  printf("pts %d %d\n", pts[2].x, pts[2].y);
  int m = 0;
  int k = m++;
  m = k ? 10 : 20 + m;
  printf("m=%d\n", m);
  return sum_array(arr, 5) + sizeof(struct point);
}
