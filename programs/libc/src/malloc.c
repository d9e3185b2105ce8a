// malloc, free, calloc, realloc: the allocator of K&R (section 8.7).
//
// Free blocks form a circular list sorted by address; each block starts with
// a header holding its size in units of one header (8 bytes, so every
// pointer returned is 8-aligned). malloc takes the first block that fits,
// splitting off its tail; free puts a block back in address order and merges
// it with free neighbours, so the heap does not fragment into slivers. When
// nothing fits, the heap grows through the back-end's __sys_sbrk (at least
// 4 KiB at a time).

#include <stdlib.h>
#include <string.h>
#include <errno.h>

void *__sys_sbrk(int increment);

typedef union header {
  struct {
    union header *next; // next free block (only while free)
    unsigned int units; // size of this block, header included
  } s;
  int align[2];
} Header;

static Header base;           // a zero-size block that anchors the list
static Header *freep = NULL;  // where the last search stopped

#define MIN_GROW_UNITS 512

// Ask the back-end for at least `units` more; hand them to free(). NULL on failure.
static Header *grow(unsigned int units) {
  Header *h;
  char *p;
  if (units < MIN_GROW_UNITS) units = MIN_GROW_UNITS;
  if (units > 0x7fffffff / sizeof(Header)) return NULL;
  p = __sys_sbrk((int)(units * sizeof(Header)));
  if (p == (char *)-1) return NULL;
  h = (Header *)p;
  h->s.units = units;
  free(h + 1);
  return freep;
}

void *malloc(size_t size) {
  Header *p;
  Header *prev;
  unsigned int units;
  if (size == 0) size = 1;
  if (size > 0x7ffffff0) {
    errno = ENOMEM;
    return NULL;
  }
  units = (size + sizeof(Header) - 1) / sizeof(Header) + 1;
  if ((prev = freep) == NULL) {
    base.s.next = freep = prev = &base;
    base.s.units = 0;
  }
  for (p = prev->s.next;; prev = p, p = p->s.next) {
    if (p->s.units >= units) {
      if (p->s.units == units) {
        prev->s.next = p->s.next;
      } else {
        // Give away the tail: the block we keep on the list stays in place.
        p->s.units -= units;
        p += p->s.units;
        p->s.units = units;
      }
      freep = prev;
      return p + 1;
    }
    if (p == freep) {
      if ((p = grow(units)) == NULL) {
        errno = ENOMEM;
        return NULL;
      }
    }
  }
}

void free(void *ptr) {
  Header *b;
  Header *p;
  if (ptr == NULL) return;
  b = (Header *)ptr - 1;
  // Find p with p < b < p->next (or b at either end of the arena).
  for (p = freep; !(b > p && b < p->s.next); p = p->s.next) {
    if (p >= p->s.next && (b > p || b < p->s.next)) break;
  }
  if (b + b->s.units == p->s.next) {
    b->s.units += p->s.next->s.units;
    b->s.next = p->s.next->s.next;
  } else {
    b->s.next = p->s.next;
  }
  if (p + p->s.units == b) {
    p->s.units += b->s.units;
    p->s.next = b->s.next;
  } else {
    p->s.next = b;
  }
  freep = p;
}

void *calloc(size_t count, size_t size) {
  void *p;
  if (size && count > 0x7ffffff0 / size) {
    errno = ENOMEM;
    return NULL;
  }
  p = malloc(count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

void *realloc(void *ptr, size_t size) {
  Header *h;
  size_t have;
  void *q;
  if (ptr == NULL) return malloc(size);
  if (size == 0) {
    free(ptr);
    return NULL;
  }
  h = (Header *)ptr - 1;
  have = (h->s.units - 1) * sizeof(Header);
  if (size <= have) return ptr;
  q = malloc(size);
  if (q == NULL) return NULL;
  memcpy(q, ptr, have);
  free(ptr);
  return q;
}
