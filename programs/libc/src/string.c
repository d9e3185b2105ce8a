// string.h: byte strings and memory blocks, written plainly (one byte at a
// time) so each loop is easy to follow when single-stepping.

#include <string.h>
#include <stdlib.h>
#include <errno.h>

void *memcpy(void *dst, const void *src, size_t n) {
  char *d = dst;
  const char *s = src;
  while (n >= 4) {
    *(int *)d = *(const int *)s;
    d += 4;
    s += 4;
    n -= 4;
  }
  while (n--) *d++ = *s++;
  return dst;
}

// Copies correctly when the blocks overlap: backwards when dst is above src.
void *memmove(void *dst, const void *src, size_t n) {
  char *d = dst;
  const char *s = src;
  if (d == s || n == 0) return dst;
  if (d < s || d >= s + n) return memcpy(dst, src, n);
  d += n;
  s += n;
  while (n--) *--d = *--s;
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  unsigned int word = (unsigned char)c;
  word |= word << 8;
  word |= word << 16;
  while (n >= 4) {
    *(unsigned int *)d = word;
    d += 4;
    n -= 4;
  }
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *p = a;
  const unsigned char *q = b;
  for (; n; n--, p++, q++) {
    if (*p != *q) return *p - *q;
  }
  return 0;
}

void *memchr(const void *s, int c, size_t n) {
  const unsigned char *p = s;
  for (; n; n--, p++) {
    if (*p == (unsigned char)c) return (void *)p;
  }
  return NULL;
}

size_t strlen(const char *s) {
  const char *p = s;
  while (*p) p++;
  return p - s;
}

size_t strnlen(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && s[n]) n++;
  return n;
}

// Compares as unsigned char, as the C standard says.
int strcmp(const char *a, const char *b) {
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n) {
  for (; n; n--, a++, b++) {
    if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
    if (*a == 0) return 0;
  }
  return 0;
}

char *strcpy(char *dst, const char *src) {
  char *d = dst;
  while ((*d++ = *src++) != 0);
  return dst;
}

// Pads with NULs up to n; no terminator when src is n bytes or longer.
char *strncpy(char *dst, const char *src, size_t n) {
  size_t i = 0;
  for (; i < n && src[i]; i++) dst[i] = src[i];
  for (; i < n; i++) dst[i] = 0;
  return dst;
}

char *strcat(char *dst, const char *src) {
  strcpy(dst + strlen(dst), src);
  return dst;
}

char *strncat(char *dst, const char *src, size_t n) {
  char *d = dst + strlen(dst);
  while (n-- && *src) *d++ = *src++;
  *d = 0;
  return dst;
}

char *strchr(const char *s, int c) {
  for (;; s++) {
    if (*s == (char)c) return (char *)s;
    if (*s == 0) return NULL;
  }
}

char *strrchr(const char *s, int c) {
  const char *last = NULL;
  for (;; s++) {
    if (*s == (char)c) last = s;
    if (*s == 0) return (char *)last;
  }
}

char *strstr(const char *haystack, const char *needle) {
  size_t n = strlen(needle);
  if (n == 0) return (char *)haystack;
  for (; *haystack; haystack++) {
    if (*haystack == *needle && strncmp(haystack, needle, n) == 0) return (char *)haystack;
  }
  return NULL;
}

size_t strspn(const char *s, const char *accept) {
  size_t n = 0;
  while (s[n] && strchr(accept, s[n])) n++;
  return n;
}

size_t strcspn(const char *s, const char *reject) {
  size_t n = 0;
  while (s[n] && !strchr(reject, s[n])) n++;
  return n;
}

char *strpbrk(const char *s, const char *accept) {
  s += strcspn(s, accept);
  return *s ? (char *)s : NULL;
}

// Splits s at bytes of delim; remembers where it stopped between calls.
char *strtok(char *s, const char *delim) {
  static char *next;
  char *start;
  if (s) next = s;
  if (!next) return NULL;
  next += strspn(next, delim);
  if (*next == 0) {
    next = NULL;
    return NULL;
  }
  start = next;
  next += strcspn(next, delim);
  if (*next) *next++ = 0;
  else next = NULL;
  return start;
}

char *strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

static const char *const error_names[] = {
  "Success", "Operation not permitted", "No such file or directory", "No such process",
  "Interrupted system call", "Input/output error", "No such device or address", "Argument list too long",
  "Exec format error", "Bad file descriptor", "No child processes", "Resource temporarily unavailable",
  "Cannot allocate memory", "Permission denied", "Bad address", "Block device required",
  "Device or resource busy", "File exists", "Invalid cross-device link", "No such device",
  "Not a directory", "Is a directory", "Invalid argument", "Too many open files in system",
  "Too many open files", "Inappropriate ioctl for device", "Text file busy", "File too large",
  "No space left on device", "Illegal seek", "Read-only file system", "Too many links",
  "Broken pipe", "Numerical argument out of domain", "Numerical result out of range",
  "Resource deadlock avoided", "File name too long", "No locks available", "Function not implemented",
  "Directory not empty",
};

char *strerror(int errnum) {
  static char unknown[32];
  char *p;
  unsigned int n;
  if (errnum >= 0 && errnum < (int)(sizeof(error_names) / sizeof(error_names[0]))) return (char *)error_names[errnum];
  strcpy(unknown, "Unknown error ");
  p = unknown + strlen(unknown);
  n = errnum < 0 ? -(unsigned int)errnum : (unsigned int)errnum;
  if (errnum < 0) *p++ = '-';
  {
    char digits[12];
    int k = 0;
    do {
      digits[k++] = '0' + n % 10;
      n /= 10;
    } while (n);
    while (k) *p++ = digits[--k];
  }
  *p = 0;
  return unknown;
}
