// Two-dimensional arrays: matrix multiply, transpose, determinant by elimination (integers).
#include <stdio.h>

#define N 4
typedef int mat[N][N];

static void mul(mat a, mat b, mat out) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      int s = 0;
      for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
      out[i][j] = s;
    }
}

static void transpose(int m[][N]) {
  for (int i = 0; i < N; i++)
    for (int j = i + 1; j < N; j++) { int t = m[i][j]; m[i][j] = m[j][i]; m[j][i] = t; }
}

static int det(int m[N][N], int n) {
  if (n == 1) return m[0][0];
  int sub[N][N], d = 0, sign = 1;
  for (int c = 0; c < n; c++) {
    for (int i = 1; i < n; i++) {
      int cj = 0;
      for (int j = 0; j < n; j++) if (j != c) sub[i - 1][cj++] = m[i][j];
    }
    d += sign * m[0][c] * det(sub, n - 1);
    sign = -sign;
  }
  return d;
}

static void print(const char *name, mat m) {
  printf("%s:\n", name);
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) printf("%5d", m[i][j]);
    printf("\n");
  }
}

int main(void) {
  mat a = {{1, 2, 3, 4}, {5, 6, 7, 8}, {2, 0, 1, 3}, {4, 1, 0, 2}};
  mat b, c;
  for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) b[i][j] = i == j ? 2 : (i + j) % 3;
  mul(a, b, c);
  print("a*b", c);
  transpose(c);
  print("transposed", c);
  printf("det(a)=%d det(b)=%d\n", det(a, N), det(b, N));
  char grid[3][5] = {"abcd", "efgh", "ijkl"};
  printf("%s %c %d\n", grid[1], grid[2][3], (int)sizeof grid);
  int cube[2][3][4];
  int n = 0;
  for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) cube[i][j][k] = n++;
  printf("cube %d %d %d\n", cube[1][2][3], cube[0][1][2], (int)(sizeof cube / sizeof cube[0][0]));
  return det(a, N) & 0xff;
}
