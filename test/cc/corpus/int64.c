// 64-bit integers the way programs use them: a FNV-1a hash, a xorshift
// generator, Fibonacci numbers past 2^32, a 64-bit factorial modulo a prime,
// cycle-count style differences, and printf's %ll conversions.
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <limits.h>

static uint64_t fnv1a(const char *s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  while (*s) {
    h ^= (unsigned char)*s++;
    h *= 0x100000001b3ULL;
  }
  return h;
}

static uint64_t state = 88172645463325252ULL;

static uint64_t xorshift64(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static long long mulmod(long long a, long long b, long long m) {
  long long r = 0;
  a %= m;
  while (b > 0) {
    if (b & 1) r = (r + a) % m;
    a = (a * 2) % m;
    b >>= 1;
  }
  return r;
}

struct sample {
  char name[8];
  int64_t start;
  uint64_t end;
};

int main(void) {
  const char *words[] = { "", "a", "glassbox", "long long", "The quick brown fox" };
  for (int i = 0; i < 5; i++) printf("fnv %-20s %016llx\n", words[i], (unsigned long long)fnv1a(words[i]));
  uint64_t sum = 0;
  for (int i = 0; i < 1000; i++) sum += xorshift64() % 1000003;
  printf("xorshift %llu %llu\n", (unsigned long long)xorshift64(), (unsigned long long)sum);
  long long a = 0, b = 1;
  for (int i = 0; i < 90; i++) {
    long long t = a + b;
    a = b;
    b = t;
    if (i % 15 == 14) printf("fib %d %lld\n", i + 2, b);
  }
  long long f = 1;
  const long long p = 1000000000000000003LL;
  for (int i = 2; i <= 50; i++) f = mulmod(f, i, p);
  printf("50! mod p = %lld\n", f);
  struct sample s[3] = { { "boot", 100, 4000000000ULL }, { "fork", -5, 7 }, { "exec", LLONG_MIN, ULLONG_MAX } };
  for (int i = 0; i < 3; i++) {
    uint64_t d = s[i].end - (uint64_t)s[i].start;
    printf("%s %lld %llu %llu %lld %llo\n", s[i].name, (long long)s[i].start, (unsigned long long)s[i].end,
           (unsigned long long)d, (long long)d / 1000, (unsigned long long)d >> 40);
  }
  printf("%lld %lld %llu\n", strtoll("-123456789012345", NULL, 10), atoll("9223372036854775807"),
         strtoull("ffffffffffff", NULL, 16));
  long long q = -7;
  printf("%lld %lld %lld %lld\n", q / 2, q % 2, q >> 1, (long long)((unsigned long long)q >> 60));
  return (int)(fnv1a("exit") & 0x7f);
}
