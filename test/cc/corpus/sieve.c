// Sieve of Eratosthenes, twin primes, and a prime-counting check.
#include <stdio.h>
#include <string.h>

#define LIMIT 20000
static char composite[LIMIT + 1];

int main(void) {
  memset(composite, 0, sizeof composite);
  for (int i = 2; i * i <= LIMIT; i++)
    if (!composite[i])
      for (int j = i * i; j <= LIMIT; j += i) composite[j] = 1;
  int count = 0, twins = 0, last = 0;
  for (int i = 2; i <= LIMIT; i++) {
    if (composite[i]) continue;
    count++;
    if (last && i - last == 2) twins++;
    last = i;
  }
  printf("primes<=%d: %d, twin pairs: %d, largest: %d\n", LIMIT, count, twins, last);
  for (int i = 2, shown = 0; shown < 15; i++) if (!composite[i]) { printf("%d ", i); shown++; }
  printf("\n");
  return count % 256;
}
