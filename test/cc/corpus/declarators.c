// Complex declarators: pointers to arrays, arrays of function pointers, functions returning
// function pointers, const in various places, typedef'd function types.
#include <stdio.h>

typedef int fn_t(int);
typedef fn_t *fnptr_t;

static int inc(int x) { return x + 1; }
static int dbl(int x) { return x * 2; }

static int (*choose(int which))(int) { return which ? dbl : inc; }

static fnptr_t choose2(int which) { return which ? inc : dbl; }

static int apply_all(int (*fs[])(int), int n, int v) { for (int i = 0; i < n; i++) v = fs[i](v); return v; }

int main(void) {
  int arr[3][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
  int (*p)[4] = arr;
  int *q[3] = {arr[0], arr[1], arr[2]};
  printf("%d %d %d\n", p[2][1], *q[1], (*(p + 1))[3]);
  int (*fs[3])(int) = {inc, dbl, inc};
  printf("apply_all=%d\n", apply_all(fs, 3, 5));
  printf("choose %d %d %d %d\n", choose(0)(10), choose(1)(10), choose2(0)(10), choose2(1)(10));
  fn_t *f = inc;
  fnptr_t g = dbl;
  printf("typedef fn %d %d\n", f(1), g(f(1)));
  const int ci = 7;
  const int *pci = &ci;
  int v = 8;
  int *const cpi = &v;
  *cpi = 9;
  const char *const names[] = {"a", "b"};
  printf("const %d %d %s\n", *pci, v, names[1]);
  char *(*strfn)(char *, const char *) = 0;
  printf("null fnptr %d\n", strfn == 0);
  int (**pp)(int) = &fs[1];
  printf("pp %d\n", (*pp)(21));
  unsigned long int uli = 5;
  long unsigned lu = 6;
  short int si = 7;
  signed sg = -8;
  printf("spelled types %lu %lu %d %d\n", uli, lu, si, sg);
  int sizes = sizeof(int (*)[4]) + sizeof(int [3][4]) + sizeof(char (*)(void));
  printf("sizes %d\n", sizes == (int)(2 * sizeof(void *) + 48));
  return apply_all(fs, 3, 1);
}
