// Scopes: shadowing in nested blocks, static locals, block-scope extern, declarations anywhere.
#include <stdio.h>

int shared = 1;

static int counter(void) {
  static int n;
  return ++n;
}

static int fact_memo(int k) {
  static int memo[13];
  if (k <= 1) return 1;
  if (memo[k]) return memo[k];
  return memo[k] = k * fact_memo(k - 1);
}

int main(void) {
  int x = 1;
  printf("outer x=%d\n", x);
  {
    int x = 2;
    printf("inner x=%d\n", x);
    {
      int x = x + 0;
      x = 3;
      printf("innermost x=%d\n", x);
    }
    printf("inner again x=%d\n", x);
  }
  for (int x = 10; x < 12; x++) printf("loop x=%d\n", x);
  printf("outer again x=%d\n", x);
  int shared = 50;
  {
    extern int shared;
    printf("extern shared=%d\n", shared);
    shared += 5;
  }
  printf("local shared=%d\n", shared);
  for (int i = 0; i < 3; i++) counter();
  printf("counter=%d\n", counter());
  printf("fact(12)=%d fact(10)=%d\n", fact_memo(12), fact_memo(10));
  int total = 0;
  for (int i = 0; i < 3; i++) {
    int sq = i * i;
    total += sq;
    int cube = sq * i;
    total += cube;
  }
  printf("total=%d\n", total);
  typedef int myint;
  myint m = 5;
  {
    typedef char myint;
    myint small = 'c';
    printf("typedef shadow %c %d\n", small, (int)sizeof(myint));
  }
  printf("m=%d size=%d\n", m, (int)sizeof(myint));
  return total + counter();
}
