// Pointers: arithmetic, pointer-to-pointer, arrays of pointers, comparisons, differences.
#include <stdio.h>

static void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }

static void fill(int **pp, int n) {
  for (int i = 0; i < n; i++) (*pp)[i] = i * i;
}

int main(void) {
  int a[10];
  int *p = a;
  fill(&p, 10);
  int *end = a + 10;
  int sum = 0;
  for (int *q = a; q < end; q++) sum += *q;
  printf("sum=%d diff=%d\n", sum, (int)(end - a));
  swap(&a[1], &a[9]);
  printf("a1=%d a9=%d\n", a[1], a[9]);
  char *words[] = {"alpha", "beta", "gamma", 0};
  for (char **w = words; *w; w++) printf("%s:%c ", *w, **w);
  printf("\n");
  int m[3][4];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++) m[i][j] = i * 10 + j;
  int (*row)[4] = m + 1;
  printf("row[2]=%d m[2][3]=%d *(*(m+2)+1)=%d\n", (*row)[2], m[2][3], *(*(m + 2) + 1));
  short sh[5] = {1, 2, 3, 4, 5};
  short *sp = &sh[4];
  sp -= 2;
  printf("sp=%d back=%d\n", *sp, (int)(sp - sh));
  char buf[16];
  char *c = buf;
  *c++ = 'h'; *c++ = 'i'; *c = 0;
  printf("%s %d\n", buf, p == a);
  void *v = a;
  int *ip = v;
  printf("via void %d\n", ip[3]);
  int x = 5, *px = &x, **ppx = &px;
  **ppx += 10;
  printf("x=%d\n", x);
  return (int)(&a[7] - &a[2]);
}
