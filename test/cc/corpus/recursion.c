// Recursion: fib, Ackermann, Hanoi, gcd, mutual recursion, permutations.
#include <stdio.h>

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int ack(int m, int n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static int moves;
static void hanoi(int n, int from, int to, int via) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  moves++;
  hanoi(n - 1, via, to, from);
}

static unsigned gcd(unsigned a, unsigned b) { return b == 0 ? a : gcd(b, a % b); }

static int is_odd(int n);
static int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }

static int count;
static void permute(char *s, int k, int n) {
  if (k == n) {
    if (count < 8) printf("%s ", s);
    count++;
    return;
  }
  for (int i = k; i < n; i++) {
    char t = s[k]; s[k] = s[i]; s[i] = t;
    permute(s, k + 1, n);
    t = s[k]; s[k] = s[i]; s[i] = t;
  }
}

int main(void) {
  for (int i = 0; i <= 20; i += 5) printf("fib(%d)=%d\n", i, fib(i));
  printf("ack(2,3)=%d ack(3,3)=%d\n", ack(2, 3), ack(3, 3));
  hanoi(10, 1, 3, 2);
  printf("hanoi(10) moves=%d\n", moves);
  printf("gcd=%u %u\n", gcd(1071, 462), gcd(4294967295u, 65535));
  printf("even(10)=%d odd(7)=%d\n", is_even(10), is_odd(7));
  char s[] = "abcd";
  permute(s, 0, 4);
  printf("\npermutations=%d\n", count);
  return fib(10) % 256;
}
