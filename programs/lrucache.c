// lrucache [N]: the cure for `leak` — a cache with a size limit.
//
// The same N requests as `leak` (default 2000), served through an LRU
// cache of at most 32 entries: a hit moves the entry to the front of the
// list; a miss builds a new entry, and when the cache is full the least
// recently used entry (the list's tail) is removed and freed first. The
// heap grows while the cache warms up, then stays flat: each malloc reuses
// the memory the last free gave back. The program prints the heap size
// (sbrk(0) minus where the heap started) every N/10 requests, and the hits
// and misses at the end.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RESPONSE_SIZE 256
#define CAPACITY 32

struct entry {
  int key;
  struct entry *prev;
  struct entry *next;
  char response[RESPONSE_SIZE];
};

static struct entry *head;  // most recently used
static struct entry *tail;  // least recently used
static int size;

// The request stream (the same in leak.c): three requests in four
// ask for one of 24 popular keys, the rest for any of 256.
static int request_key(int i) {
  if (i % 4 != 0) return (i * 5) % 24;
  return (i * 37) % 256;
}

static void unlink_entry(struct entry *e) {
  if (e->prev) e->prev->next = e->next; else head = e->next;
  if (e->next) e->next->prev = e->prev; else tail = e->prev;
}

static void push_front(struct entry *e) {
  e->prev = 0;
  e->next = head;
  if (head) head->prev = e; else tail = e;
  head = e;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 2000;
  int every = rounds / 10 > 0 ? rounds / 10 : 1;
  char *start = sbrk(0);
  int hits = 0;
  int misses = 0;
  int i;
  for (i = 1; i <= rounds; i++) {
    int key = request_key(i);
    struct entry *e;
    for (e = head; e && e->key != key; e = e->next) {}
    if (e) {
      hits++;
      unlink_entry(e);  // a hit: move to the front
    } else {
      misses++;
      if (size == CAPACITY) {  // full: evict and free the least recently used
        struct entry *old = tail;
        unlink_entry(old);
        free(old);
        size--;
      }
      e = malloc(sizeof(struct entry));
      if (e == NULL) {
        printf("round %d: malloc failed\n", i);
        return 1;
      }
      e->key = key;
      snprintf(e->response, RESPONSE_SIZE, "response to key %d", key);
      size++;
    }
    push_front(e);
    if (i % every == 0) printf("round %d: heap %d bytes\n", i, (int)((char *)sbrk(0) - start));
  }
  printf("%d hits, %d misses, %d entries cached\n", hits, misses, size);
  return 0;
}
