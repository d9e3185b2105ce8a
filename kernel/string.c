// Memory and string helpers for the kernel (there is no libc in here).
// The copy and fill loops move 32-bit words when both sides are aligned,
// because our machine charges per memory access, not per byte.

#include "types.h"
#include "defs.h"

void *memset(void *dst, int c, uint n) {
  uchar *d = (uchar *)dst;
  uint word;
  if ((((uint)d | n) & 3) == 0) {
    uint *w = (uint *)d;
    word = (uint)(c & 0xFF);
    word = word | (word << 8) | (word << 16) | (word << 24);
    n = n >> 2;
    while (n > 0) {
      *w++ = word;
      n--;
    }
    return dst;
  }
  while (n > 0) {
    *d++ = (uchar)c;
    n--;
  }
  return dst;
}

// Copies n bytes; the regions may overlap.
void *memmove(void *dst, const void *src, uint n) {
  uchar *d = (uchar *)dst;
  const uchar *s = (const uchar *)src;
  if (s < d && s + n > d) {
    d += n;
    s += n;
    while (n > 0) {
      *--d = *--s;
      n--;
    }
    return dst;
  }
  if ((((uint)d | (uint)s | n) & 3) == 0) {
    uint *wd = (uint *)d;
    const uint *ws = (const uint *)s;
    n = n >> 2;
    while (n > 0) {
      *wd++ = *ws++;
      n--;
    }
    return dst;
  }
  while (n > 0) {
    *d++ = *s++;
    n--;
  }
  return dst;
}

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
