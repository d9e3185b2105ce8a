// Sorting: qsort with comparators, insertion sort, merge sort, heap sort; stability checks.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned seed = 12345;
static unsigned rnd(void) { seed = seed * 1103515245u + 12345u; return (seed >> 16) & 0x7fff; }

static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void insertion(int *a, int n) {
  for (int i = 1; i < n; i++) {
    int v = a[i], j = i - 1;
    while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

static void merge_sort(int *a, int *tmp, int n) {
  if (n < 2) return;
  int h = n / 2;
  merge_sort(a, tmp, h);
  merge_sort(a + h, tmp, n - h);
  int i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i < h) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  memcpy(a, tmp, n * sizeof(int));
}

static void sift(int *a, int start, int end) {
  int root = start;
  while (root * 2 + 1 <= end) {
    int child = root * 2 + 1, sw = root;
    if (a[sw] < a[child]) sw = child;
    if (child + 1 <= end && a[sw] < a[child + 1]) sw = child + 1;
    if (sw == root) return;
    int t = a[root]; a[root] = a[sw]; a[sw] = t;
    root = sw;
  }
}
static void heap_sort(int *a, int n) {
  for (int s = (n - 2) / 2; s >= 0; s--) sift(a, s, n - 1);
  for (int e = n - 1; e > 0; e--) { int t = a[e]; a[e] = a[0]; a[0] = t; sift(a, 0, e - 1); }
}

static int sorted(const int *a, int n) { for (int i = 1; i < n; i++) if (a[i - 1] > a[i]) return 0; return 1; }
static unsigned checksum(const int *a, int n) { unsigned h = 0; for (int i = 0; i < n; i++) h = h * 31 + a[i]; return h; }

#define N 300
int main(void) {
  static int a[N], b[N], c[N], d[N], tmp[N];
  for (int i = 0; i < N; i++) a[i] = b[i] = c[i] = d[i] = (int)(rnd() % 1000) - 500;
  qsort(a, N, sizeof(int), cmp_int);
  insertion(b, N);
  merge_sort(c, tmp, N);
  heap_sort(d, N);
  printf("sorted %d %d %d %d\n", sorted(a, N), sorted(b, N), sorted(c, N), sorted(d, N));
  printf("checksums %u %u %u %u\n", checksum(a, N), checksum(b, N), checksum(c, N), checksum(d, N));
  printf("min=%d max=%d median=%d\n", a[0], a[N - 1], a[N / 2]);
  qsort(a, N, sizeof(int), cmp_desc);
  printf("desc first=%d last=%d\n", a[0], a[N - 1]);
  const char *names[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape", "kiwi", "lemon"};
  qsort(names, 10, sizeof(char *), cmp_str);
  for (int i = 0; i < 10; i++) printf("%s ", names[i]);
  printf("\n");
  int key = 17, arr[] = {1, 3, 5, 7, 9, 11, 13, 15, 17, 19};
  int *hit = bsearch(&key, arr, 10, sizeof(int), cmp_int);
  printf("bsearch %d\n", hit ? (int)(hit - arr) : -1);
  return checksum(a, N) & 0xff;
}
