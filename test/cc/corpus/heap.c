// Heap stress: many allocations of varied sizes, frees in mixed order, realloc growth, calloc.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned state = 2463534242u;
static unsigned next(void) { state ^= state << 13; state ^= state >> 17; state ^= state << 5; return state; }

int main(void) {
  enum { SLOTS = 64 };
  char *slot[SLOTS] = {0};
  int sizes[SLOTS] = {0};
  unsigned checksum = 0;
  for (int round = 0; round < 2000; round++) {
    int k = next() % SLOTS;
    if (slot[k]) {
      for (int i = 0; i < sizes[k]; i++) checksum += (unsigned char)slot[k][i] * (i + 1);
      free(slot[k]);
      slot[k] = 0;
    } else {
      int size = 1 + next() % 300;
      slot[k] = malloc(size);
      if (!slot[k]) { printf("out of memory\n"); return 1; }
      sizes[k] = size;
      memset(slot[k], k + round, size);
    }
  }
  for (int k = 0; k < SLOTS; k++) free(slot[k]);
  int *grow = 0;
  int cap = 0;
  for (int i = 0; i < 5000; i++) {
    if (i == cap) { cap = cap ? cap * 2 : 4; grow = realloc(grow, cap * sizeof *grow); }
    grow[i] = i * 7;
  }
  long total = 0;
  for (int i = 0; i < 5000; i++) total += grow[i];
  free(grow);
  int *z = calloc(1000, sizeof(int));
  int nonzero = 0;
  for (int i = 0; i < 1000; i++) nonzero += z[i] != 0;
  free(z);
  printf("checksum=%u total=%ld cap=%d nonzero=%d\n", checksum, total, cap, nonzero);
  return (int)(checksum & 0x7f);
}
