// leak [N]: a memory leak — a cache that only grows.
//
// A server answers N requests (default 2000). Each request asks for one of
// 256 keys; the server builds a 256-byte response on the heap and keeps it
// in a "cache" list, but it never looks there again and never frees
// anything. Every so often it prints the heap size (the break, sbrk(0),
// minus where the heap started): it grows with every request, without
// bound. With a large N (say 200000) malloc finally fails and the program
// says so. Compare `lrucache N`, which serves the same requests with a
// capped cache and whose heap stays flat.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RESPONSE_SIZE 256

struct entry {
  int key;
  struct entry *next;
  char response[RESPONSE_SIZE];
};

static struct entry *cache;  // every response ever built, newest first

// The request stream (the same in lrucache.c): three requests in four
// ask for one of 24 popular keys, the rest for any of 256.
static int request_key(int i) {
  if (i % 4 != 0) return (i * 5) % 24;
  return (i * 37) % 256;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 2000;
  int every = rounds / 10 > 0 ? rounds / 10 : 1;
  char *start = sbrk(0);
  int i;
  for (i = 1; i <= rounds; i++) {
    struct entry *e = malloc(sizeof(struct entry));
    if (e == NULL) {
      printf("round %d: malloc failed, out of memory (heap %d bytes)\n", i, (int)((char *)sbrk(0) - start));
      return 1;
    }
    e->key = request_key(i);
    snprintf(e->response, RESPONSE_SIZE, "response to key %d", e->key);
    e->next = cache;  // kept forever: the leak
    cache = e;
    if (i % every == 0) printf("round %d: heap %d bytes\n", i, (int)((char *)sbrk(0) - start));
  }
  return 0;
}
