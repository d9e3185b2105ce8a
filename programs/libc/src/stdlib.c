// stdlib.h: number conversion, sorting and searching, pseudo-random numbers,
// abs/div, getenv, and ending the program (exit runs atexit handlers and
// flushes stdio before the back-end's __sys_exit).

#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>

void __sys_exit(int status);
void __stdio_flush_all(void);

extern char **environ;

int errno;

static int digit_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// The magnitude of the number at s (after space and sign), with overflow
// past max noted; *end is set past the digits, or to the start if none.
static unsigned long long parse_unsigned(const char *s, char **end, int base, unsigned long long max, int *negative,
                                         int *overflow) {
  const char *p = s;
  unsigned long long v = 0;
  unsigned long long limit;
  unsigned int last;
  int any = 0;
  *negative = 0;
  *overflow = 0;
  while (isspace(*p)) p++;
  if (*p == '+' || *p == '-') *negative = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = p[0] == '0' ? 8 : 10;
  }
  if (base < 2 || base > 36) {
    errno = EINVAL;
    if (end) *end = (char *)s;
    return 0;
  }
  // v * base + d overflows past v == limit, d == last.
  limit = max / base;
  last = (unsigned int)(max % base);
  for (;; p++) {
    int d = digit_value(*p);
    if (d >= base) break;
    any = 1;
    if (v > limit || (v == limit && (unsigned int)d > last)) *overflow = 1;
    v = v * base + d;
  }
  if (end) *end = (char *)(any ? p : s);
  return v;
}

long strtol(const char *s, char **end, int base) {
  int negative;
  int overflow;
  unsigned long v = (unsigned long)parse_unsigned(s, end, base, ULONG_MAX, &negative, &overflow);
  if (negative) {
    if (overflow || v > (unsigned long)LONG_MAX + 1) {
      errno = ERANGE;
      return LONG_MIN;
    }
    return (long)-v;
  }
  if (overflow || v > LONG_MAX) {
    errno = ERANGE;
    return LONG_MAX;
  }
  return (long)v;
}

unsigned long strtoul(const char *s, char **end, int base) {
  int negative;
  int overflow;
  unsigned long v = (unsigned long)parse_unsigned(s, end, base, ULONG_MAX, &negative, &overflow);
  if (overflow) {
    errno = ERANGE;
    return ULONG_MAX;
  }
  return negative ? -v : v;
}

long long strtoll(const char *s, char **end, int base) {
  int negative;
  int overflow;
  unsigned long long v = parse_unsigned(s, end, base, ULLONG_MAX, &negative, &overflow);
  unsigned long long max = (unsigned long long)LLONG_MAX + negative; // the magnitude of LLONG_MIN when negative
  if (overflow || v > max) {
    errno = ERANGE;
    v = max;
  }
  return (long long)(negative ? -v : v);
}

unsigned long long strtoull(const char *s, char **end, int base) {
  int negative;
  int overflow;
  unsigned long long v = parse_unsigned(s, end, base, ULLONG_MAX, &negative, &overflow);
  if (overflow) {
    errno = ERANGE;
    return ULLONG_MAX;
  }
  return negative ? -v : v;
}

long long atoll(const char *s) {
  return strtoll(s, NULL, 10);
}

int atoi(const char *s) {
  return (int)strtol(s, NULL, 10);
}

long atol(const char *s) {
  return strtol(s, NULL, 10);
}

int abs(int x) {
  return x < 0 ? -x : x;
}

long labs(long x) {
  return x < 0 ? -x : x;
}

div_t div(int num, int den) {
  div_t r;
  r.quot = num / den;
  r.rem = num % den;
  return r;
}

ldiv_t ldiv(long num, long den) {
  ldiv_t r;
  r.quot = num / den;
  r.rem = num % den;
  return r;
}

// Swap two elements byte by byte.
static void swap_bytes(char *a, char *b, size_t size) {
  while (size--) {
    char t = *a;
    *a++ = *b;
    *b++ = t;
  }
}

// Quicksort on the middle element, insertion sort for short runs; recurses
// into the smaller half so the stack stays O(log n).
static void sort_range(char *lo, size_t count, size_t size, int (*compare)(const void *, const void *)) {
  while (count > 8) {
    char *mid = lo + (count / 2) * size;
    char *hi = lo + (count - 1) * size;
    char *i;
    char *store;
    size_t left;
    swap_bytes(mid, hi, size);
    store = lo;
    for (i = lo; i < hi; i += size) {
      if (compare(i, hi) < 0) {
        if (i != store) swap_bytes(i, store, size);
        store += size;
      }
    }
    swap_bytes(store, hi, size);
    left = (store - lo) / size;
    if (left < count - left - 1) {
      sort_range(lo, left, size, compare);
      lo = store + size;
      count = count - left - 1;
    } else {
      sort_range(store + size, count - left - 1, size, compare);
      count = left;
    }
  }
  {
    size_t a;
    for (a = 1; a < count; a++) {
      char *p = lo + a * size;
      while (p > lo && compare(p - size, p) > 0) {
        swap_bytes(p - size, p, size);
        p -= size;
      }
    }
  }
}

void qsort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *)) {
  if (count > 1 && size > 0) sort_range(base, count, size, compare);
}

void *bsearch(const void *key, const void *base, size_t count, size_t size, int (*compare)(const void *, const void *)) {
  const char *lo = base;
  while (count > 0) {
    const char *mid = lo + (count / 2) * size;
    int c = compare(key, mid);
    if (c == 0) return (void *)mid;
    if (c > 0) {
      lo = mid + size;
      count -= count / 2 + 1;
    } else {
      count /= 2;
    }
  }
  return NULL;
}

// The example generator of the C standard (7.20.2.2): deterministic.
static unsigned long rand_next = 1;

int rand(void) {
  rand_next = rand_next * 1103515245 + 12345;
  return (unsigned int)(rand_next / 65536) % 32768;
}

void srand(unsigned int seed) {
  rand_next = seed;
}

char *getenv(const char *name) {
  size_t n = strlen(name);
  char **e;
  if (!environ) return NULL;
  for (e = environ; *e; e++) {
    if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
  }
  return NULL;
}

#define MAX_ATEXIT 32
static void (*exit_handlers[MAX_ATEXIT])(void);
static int exit_count;

int atexit(void (*fn)(void)) {
  if (exit_count >= MAX_ATEXIT) return -1;
  exit_handlers[exit_count++] = fn;
  return 0;
}

void exit(int status) {
  while (exit_count > 0) exit_handlers[--exit_count]();
  __stdio_flush_all();
  __sys_exit(status);
  for (;;);
}

void _Exit(int status) {
  __sys_exit(status);
  for (;;);
}

void abort(void) {
  fputs("abort\n", stderr);
  __stdio_flush_all();
  __sys_exit(134);
  for (;;);
}

void __assert_fail(const char *expr, const char *file, int line, const char *func) {
  fprintf(stderr, "%s:%d: %s: Assertion `%s' failed.\n", file, line, func, expr);
  abort();
}
