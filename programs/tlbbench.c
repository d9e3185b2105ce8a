// tlbbench [-p MAXPAGES] [-r ROUNDS]: what a memory access costs as the
// number of pages it touches grows — the TLB staircase.
//
// The experiment of Operating Systems: Three Easy Pieces, chapter
// "Translation Lookaside Buffers" (its homework), done so that only the TLB
// can shape the curve. For N = 1, 2, 4 … MAXPAGES pages it builds a ring of
// pointers, one per page, visited in a random page order, and times a
// dependent pointer chase around it (tlbbench.s) with the cycle counter,
// read from user mode (__rdtsc32, <x86intrin.h>):
//   - dependent: each address comes from the previous load, so no access
//     can be overlapped with or predicted from another;
//   - random page order (a fixed-seed shuffle, so every run is the same):
//     no stride for a prefetcher to follow;
//   - staggered offsets: page i's pointer sits at a different 64-byte line
//     of its page, so the pointers do not all fall in one cache set.
// While N pages fit in the TLB every access hits; past its size most
// accesses miss and pay a page walk. Each N runs at least MINACCESSES
// accesses and ROUNDS trips around the ring, after one untimed trip that
// fills the TLB (and faults the pages in), and keeps the best of TRIALS
// timings: a timer interrupt that lands in one of them (a few thousand
// cycles of kernel work) is not the TLB's cost.
//
// Output: one line per N, "pages  cycles/access" with two decimals, as
// fixed point: the C compiler has no floating point.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>

#define PAGE 4096
#define LINE 64
#define MINACCESSES 4096
#define DEFAULT_MAXPAGES 4096
#define DEFAULT_ROUNDS 8
#define TRIALS 3
// Limits that keep accesses * 100 below 2^32 (the fixed-point arithmetic).
#define MAX_PAGES 16384
#define MAX_ROUNDS 256

void **tlb_chase(void **p, unsigned count);

static unsigned seed = 12345;

// A linear congruential generator (Numerical Recipes' constants): the same
// shuffle on every run.
static unsigned next_random(void) {
  seed = seed * 1664525u + 1013904223u;
  return seed >> 8;
}

static void usage(void) {
  printf("usage: tlbbench [-p MAXPAGES] [-r ROUNDS]\n");
  printf("  cycles per memory access over 1, 2, 4 ... MAXPAGES pages (default %d),\n", DEFAULT_MAXPAGES);
  printf("  a random-order dependent pointer chase, ROUNDS trips per size (default %d)\n", DEFAULT_ROUNDS);
}

// Links pages 0..n-1 of `base` into one ring in a random order; returns
// the first pointer. Page k's pointer is at line (k mod lines) of it.
static void **build_ring(char *base, int n, int *order) {
  int i;
  for (i = 0; i < n; i++) order[i] = i;
  for (i = n - 1; i > 0; i--) {
    int j = (int)(next_random() % (unsigned)(i + 1));
    int t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (i = 0; i < n; i++) {
    int from = order[i];
    int to = order[(i + 1) % n];
    void **slot = (void **)(base + from * PAGE + (from % (PAGE / LINE)) * LINE);
    *slot = base + to * PAGE + (to % (PAGE / LINE)) * LINE;
  }
  return (void **)(base + order[0] * PAGE + (order[0] % (PAGE / LINE)) * LINE);
}

// Cycles per access for a ring of n pages, times 100.
static unsigned measure(char *base, int n, int rounds, int *order) {
  void **start = build_ring(base, n, order);
  unsigned trips = (unsigned)rounds;
  unsigned accesses;
  unsigned t0;
  unsigned cycles;
  unsigned best = 0xFFFFFFFFu;
  int trial;
  if (trips * (unsigned)n < MINACCESSES) trips = (MINACCESSES + n - 1) / n;
  accesses = trips * (unsigned)n;
  tlb_chase(start, (unsigned)n);  // warm: fault the pages in, fill the TLB
  for (trial = 0; trial < TRIALS; trial++) {
    t0 = __rdtsc32();
    tlb_chase(start, accesses);
    cycles = __rdtsc32() - t0;
    if (cycles < best) best = cycles;
  }
  cycles = best;
  // Fixed point without overflow: the whole part, then two decimals of the rest.
  return cycles / accesses * 100 + ((cycles % accesses) * 100 + accesses / 2) / accesses;
}

static int parse_count(const char *flag, const char *value, int max) {
  int n = value ? atoi(value) : 0;
  if (n < 1 || n > max) {
    printf("tlbbench: %s needs a number from 1 to %d\n", flag, max);
    exit(2);
  }
  return n;
}

int main(int argc, char **argv) {
  int maxpages = DEFAULT_MAXPAGES;
  int rounds = DEFAULT_ROUNDS;
  char *raw;
  char *base;
  int *order;
  int n;
  int i;
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0) {
      usage();
      return 0;
    } else if (strcmp(argv[i], "-p") == 0) {
      maxpages = parse_count("-p", argv[++i], MAX_PAGES);
    } else if (strcmp(argv[i], "-r") == 0) {
      rounds = parse_count("-r", argv[++i], MAX_ROUNDS);
    } else {
      usage();
      return 2;
    }
  }
  raw = malloc((unsigned)(maxpages + 1) * PAGE);
  order = malloc((unsigned)maxpages * sizeof(int));
  if (raw == NULL || order == NULL) {
    printf("tlbbench: cannot allocate %d pages\n", maxpages);
    return 1;
  }
  base = (char *)(((unsigned)raw + PAGE - 1) & ~(unsigned)(PAGE - 1));
  printf("tlbbench: dependent pointer chase, random page order, %d rounds\n", rounds);
  printf("%8s %14s\n", "pages", "cycles/access");
  for (n = 1; n <= maxpages; n *= 2) {
    unsigned c = measure(base, n, rounds, order);
    printf("%8d %11u.%02u\n", n, c / 100, c % 100);
  }
  return 0;
}
