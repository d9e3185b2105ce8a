// String and memory helpers for the kernel (there is no libc in here).
// memset and memmove, the hot loops, are in memory.s.

#include "types.h"
#include "defs.h"

void *memcpy(void *dst, const void *src, uint n) {
  return memmove(dst, src, n);
}

int memcmp(const void *a, const void *b, uint n) {
  const uchar *p = (const uchar *)a;
  const uchar *q = (const uchar *)b;
  while (n > 0) {
    if (*p != *q) return *p - *q;
    p++;
    q++;
    n--;
  }
  return 0;
}

uint strlen(const char *s) {
  uint n = 0;
  while (s[n]) n++;
  return n;
}

int strncmp(const char *p, const char *q, uint n) {
  while (n > 0 && *p && *p == *q) {
    n--;
    p++;
    q++;
  }
  if (n == 0) return 0;
  return (uchar)*p - (uchar)*q;
}

int strcmp(const char *p, const char *q) {
  while (*p && *p == *q) {
    p++;
    q++;
  }
  return (uchar)*p - (uchar)*q;
}

// Like strncpy but always NUL-terminates (when n > 0).
char *safestrcpy(char *dst, const char *src, int n) {
  char *d = dst;
  if (n <= 0) return dst;
  while (--n > 0 && (*d++ = *src++) != 0)
    ;
  *d = 0;
  return dst;
}
