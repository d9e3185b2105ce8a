// printf conversions, flags, widths and precisions.
#include <stdio.h>

int main(void) {
  printf("[%d] [%i] [%u] [%x] [%X] [%o]\n", -42, 17, 3000000000u, 0xbeef, 0xbeef, 8);
  printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%+d]\n", 42, 42, 42, 42, 42, -42);
  printf("[%.3d] [%8.3d] [%-8.3d] [%.0d]\n", 7, 7, 7, 0);
  printf("[%s] [%10s] [%-10s] [%.2s] [%10.3s]\n", "hi", "hi", "hi", "hello", "hello");
  printf("[%c] [%3c] [%-3c]\n", 'x', 'y', 'z');
  printf("[%#x] [%#o] [%#X] [%#x]\n", 255, 8, 255, 0);
  printf("[%*d] [%-*d] [%.*d]\n", 6, 1, 6, 2, 4, 3);
  printf("[%%] [%d%%]\n", 50);
  printf("[%d] [%d]\n", -2147483647 - 1, 2147483647);
  printf("[%u] [%x]\n", 4294967295u, 4294967295u);
  printf("[%ld] [%lu] [%lx]\n", 123456L, 123456UL, 0xabcL);
  printf("[%hd] [%hhd]\n", 5, 6);
  int n = printf("counted\n");
  printf("n=%d\n", n);
  return n;
}
