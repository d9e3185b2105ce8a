// stdio.h: streams over the back-end's __sys_read/__sys_write, and printf.
//
// A stream has one buffer (stdio_impl.h). stdout is line-buffered (flushed
// at '\n', when full, at exit, and before stdin is read, so prompts
// appear); stderr is unbuffered; stdin reads as much as the back-end gives
// (a line from the kernel's console, or what is queued on the bare
// machine). Files opened with fopen (file.c) are fully buffered.
//
// All of printf's family share one formatter, format(), which writes into
// a Sink: either a bounded buffer (snprintf) or a stream (fprintf).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "stdio_impl.h"

static FILE stdin_file = { 0, F_READ, 0, 0, EOF, 0 };
static FILE stdout_file = { 1, F_WRITE | F_LINEBUF, 0, 0, EOF, &stdin_file };
static FILE stderr_file = { 2, F_WRITE | F_UNBUF, 0, 0, EOF, &stdout_file };

FILE *stdin = &stdin_file;
FILE *stdout = &stdout_file;
FILE *stderr = &stderr_file;
FILE *__stdio_files = &stderr_file;

// Write all of buf, retrying short writes; -1 on error.
static int write_all(int fd, const char *buf, int n) {
  while (n > 0) {
    int w = __sys_write(fd, buf, n);
    if (w <= 0) return -1;
    buf += w;
    n -= w;
  }
  return 0;
}

// Write out what f has buffered for output.
static int flush_output(FILE *f) {
  if ((f->flags & F_WRITE) && f->len == 0 && f->pos > 0) {
    int n = f->pos;
    f->pos = 0;
    if (write_all(f->fd, f->buf, n) < 0) {
      f->flags |= F_ERR;
      return EOF;
    }
  }
  return 0;
}

// fflush(NULL) flushes every open stream; input buffers are kept.
int fflush(FILE *f) {
  int r = 0;
  if (f == NULL) {
    for (f = __stdio_files; f; f = f->next) {
      if (flush_output(f) == EOF) r = EOF;
    }
    return r;
  }
  return flush_output(f);
}

void __stdio_flush_all(void) {
  fflush(NULL);
}

// Make f ready to read: pending output is written first.
int __stdio_to_read(FILE *f) {
  if (!(f->flags & F_READ)) return EOF;
  if (f->len == 0 && f->pos > 0) {
    if (flush_output(f) == EOF) return EOF;
  }
  return 0;
}

// Make f ready to write: bytes read ahead are given back to the file (the
// offset moves back over them), so writing starts where the program is.
int __stdio_to_write(FILE *f) {
  if (!(f->flags & F_WRITE)) {
    f->flags |= F_ERR;
    return EOF;
  }
  if (f->len > 0 || f->unget != EOF) {
    int back = f->len - f->pos + (f->unget != EOF);
    if (back > 0 && __sys_lseek(f->fd, -back, SEEK_CUR) < 0) {
      f->flags |= F_ERR;
      return EOF;
    }
    f->pos = 0;
    f->len = 0;
    f->unget = EOF;
  }
  return 0;
}

int fputc(int c, FILE *f) {
  unsigned char b = (unsigned char)c;
  if (__stdio_to_write(f) == EOF) return EOF;
  if (f->flags & F_UNBUF) {
    if (write_all(f->fd, (char *)&b, 1) < 0) {
      f->flags |= F_ERR;
      return EOF;
    }
    return b;
  }
  f->buf[f->pos++] = b;
  if (f->pos == BUFSIZ || (b == '\n' && (f->flags & F_LINEBUF))) {
    if (fflush(f) == EOF) return EOF;
  }
  return b;
}

int putc(int c, FILE *f) {
  return fputc(c, f);
}

int putchar(int c) {
  return fputc(c, stdout);
}

size_t fwrite(const void *p, size_t size, size_t count, FILE *f) {
  const unsigned char *s = p;
  size_t n = size * count;
  size_t i;
  if (size == 0) return 0;
  if (f->flags & F_UNBUF) {
    if (__stdio_to_write(f) == EOF) return 0;
    if (write_all(f->fd, p, (int)n) < 0) {
      f->flags |= F_ERR;
      return 0;
    }
    return count;
  }
  for (i = 0; i < n; i++) {
    if (fputc(s[i], f) == EOF) return i / size;
  }
  return count;
}

int fputs(const char *s, FILE *f) {
  size_t n = strlen(s);
  return fwrite(s, 1, n, f) == n ? 0 : EOF;
}

int puts(const char *s) {
  if (fputs(s, stdout) == EOF) return EOF;
  return fputc('\n', stdout) == EOF ? EOF : 0;
}

int fgetc(FILE *f) {
  if (__stdio_to_read(f) == EOF) return EOF;
  if (f->unget != EOF) {
    int c = f->unget;
    f->unget = EOF;
    return c;
  }
  if (f->pos >= f->len) {
    int n;
    if (f->flags & F_EOF) return EOF;
    fflush(stdout);
    n = __sys_read(f->fd, f->buf, BUFSIZ);
    f->pos = 0;
    f->len = 0;
    if (n <= 0) {
      f->flags |= n < 0 ? F_ERR : F_EOF;
      return EOF;
    }
    f->len = n;
  }
  return (unsigned char)f->buf[f->pos++];
}

int getc(FILE *f) {
  return fgetc(f);
}

int getchar(void) {
  return fgetc(stdin);
}

int ungetc(int c, FILE *f) {
  if (c == EOF || f->unget != EOF) return EOF;
  f->unget = (unsigned char)c;
  f->flags &= ~F_EOF;
  return f->unget;
}

char *fgets(char *buf, int size, FILE *f) {
  int i = 0;
  if (size <= 0) return NULL;
  while (i < size - 1) {
    int c = fgetc(f);
    if (c == EOF) break;
    buf[i++] = (char)c;
    if (c == '\n') break;
  }
  if (i == 0) return NULL;
  buf[i] = 0;
  return buf;
}

// getdelim/getline (POSIX): read up to and including delim into *line,
// growing it with realloc as needed (*cap is its size). Returns the length
// read, or -1 at end of file (or on error, or out of memory: errno set).
ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f) {
  size_t n = 0;
  int c;
  if (!line || !cap) {
    errno = EINVAL;
    return -1;
  }
  for (;;) {
    if (n + 2 > *cap) {
      size_t want = *cap < 64 ? 64 : 2 * *cap;
      char *bigger = realloc(*line, want);
      if (!bigger) {
        errno = ENOMEM;
        return -1;
      }
      *line = bigger;
      *cap = want;
    }
    c = fgetc(f);
    if (c == EOF) break;
    (*line)[n++] = (char)c;
    if (c == delim) break;
  }
  (*line)[n] = 0;
  return n == 0 ? -1 : (ssize_t)n;
}

ssize_t getline(char **line, size_t *cap, FILE *f) {
  return getdelim(line, cap, '\n', f);
}

size_t fread(void *p, size_t size, size_t count, FILE *f) {
  unsigned char *d = p;
  size_t n = size * count;
  size_t i;
  if (size == 0) return 0;
  for (i = 0; i < n; i++) {
    int c = fgetc(f);
    if (c == EOF) break;
    d[i] = (unsigned char)c;
  }
  return i / size;
}

int feof(FILE *f) {
  return (f->flags & F_EOF) != 0;
}

int ferror(FILE *f) {
  return (f->flags & F_ERR) != 0;
}

void clearerr(FILE *f) {
  f->flags &= ~(F_EOF | F_ERR);
}

int fileno(FILE *f) {
  return f->fd;
}

void perror(const char *s) {
  if (s && *s) fprintf(stderr, "%s: %s\n", s, strerror(errno));
  else fprintf(stderr, "%s\n", strerror(errno));
}

// ----------------------------------------------------------------------------
// The formatter

#define STAGE_SIZE 256

typedef struct {
  char *buf;    // bounded buffer, or NULL when writing to a stream
  size_t cap;   // room in buf, the terminating NUL included
  FILE *file;
  int count;    // characters produced (even those that did not fit)
  char *stage;  // for an unbuffered stream: what goes out in one write
  int staged;
} Sink;

// An unbuffered stream (stderr) still gets each printf call's text in one
// write, as glibc does, not one system call per character.
static void unstage(Sink *s) {
  if (s->staged > 0) fwrite(s->stage, 1, (size_t)s->staged, s->file);
  s->staged = 0;
}

static void put(Sink *s, char c) {
  if (s->stage) {
    if (s->staged == STAGE_SIZE) unstage(s);
    s->stage[s->staged++] = c;
  } else if (s->file) {
    fputc(c, s->file);
  } else if (s->count + 1 < (int)s->cap) {
    s->buf[s->count] = c;
  }
  s->count++;
}

static void put_repeat(Sink *s, char c, int n) {
  while (n-- > 0) put(s, c);
}

// Spec flags.
#define LEFT 1
#define ZERO 2
#define PLUS 4
#define SPACE 8
#define ALT 16

// Emit a converted field: sign/prefix, zero or space padding, digits.
static void emit_field(Sink *s, const char *prefix, const char *digits, int ndigits, int flags, int width, int precision) {
  int plen = strlen(prefix);
  int zeros = precision > ndigits ? precision - ndigits : 0;
  int body = plen + zeros + ndigits;
  int pad = width > body ? width - body : 0;
  int i;
  if (!(flags & LEFT) && !((flags & ZERO) && precision < 0)) put_repeat(s, ' ', pad);
  for (i = 0; i < plen; i++) put(s, prefix[i]);
  if (!(flags & LEFT) && (flags & ZERO) && precision < 0) put_repeat(s, '0', pad);
  put_repeat(s, '0', zeros);
  for (i = 0; i < ndigits; i++) put(s, digits[i]);
  if (flags & LEFT) put_repeat(s, ' ', pad);
}

// Digits of v in base (most significant first) into buf; returns how many.
// While v needs more than 32 bits a digit costs a 64-bit division (a helper
// call); below that, one div instruction.
static int to_digits(char *buf, unsigned long long v, unsigned int base, int upper) {
  const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[24];
  int n = 0;
  int i;
  do {
    unsigned int digit;
    if (v >> 32) {
      digit = (unsigned int)(v % base);
      v /= base;
    } else {
      digit = (unsigned int)v % base;
      v = (unsigned int)v / base;
    }
    tmp[n++] = set[digit];
  } while (v);
  for (i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
  return n;
}

// A floating conversion: the sign as a prefix, zero padding only for finite values.
static void emit_double(Sink *s, double x, int conv, int flags, int width, int precision) {
  char body[__FMT_DOUBLE_MAX];
  union { double d; unsigned long long u; } v;
  int finite;
  int n = __format_double(body, x, conv, precision, (flags & ALT) != 0, &finite);
  const char *sign;
  v.d = x;
  sign = (v.u >> 63) ? "-" : (flags & PLUS) ? "+" : (flags & SPACE) ? " " : "";
  emit_field(s, sign, body, n, finite ? flags : flags & ~ZERO, width, -1);
}

static void format(Sink *s, const char *fmt, va_list ap) {
  for (; *fmt; fmt++) {
    int flags = 0;
    int width = 0;
    int precision = -1;
    char digits[24];
    int n;
    int longs = 0;
    char c;
    if (*fmt != '%') {
      put(s, *fmt);
      continue;
    }
    fmt++;
    for (;; fmt++) {
      if (*fmt == '-') flags |= LEFT;
      else if (*fmt == '0') flags |= ZERO;
      else if (*fmt == '+') flags |= PLUS;
      else if (*fmt == ' ') flags |= SPACE;
      else if (*fmt == '#') flags |= ALT;
      else break;
    }
    if (*fmt == '*') {
      width = va_arg(ap, int);
      if (width < 0) {
        flags |= LEFT;
        width = -width;
      }
      fmt++;
    } else {
      while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    }
    if (*fmt == '.') {
      fmt++;
      precision = 0;
      if (*fmt == '*') {
        precision = va_arg(ap, int);
        fmt++;
      } else {
        while (*fmt >= '0' && *fmt <= '9') precision = precision * 10 + (*fmt++ - '0');
      }
    }
    // Length modifiers: char, short, int and long all arrive as 4 bytes;
    // only ll (long long) is different, 8 bytes. L (long double) is double.
    for (; *fmt == 'l' || *fmt == 'h' || *fmt == 'z' || *fmt == 't' || *fmt == 'j' || *fmt == 'L'; fmt++) {
      if (*fmt == 'l') longs++;
    }
    c = *fmt;
    if (c == 0) break;
    switch (c) {
    case 'd':
    case 'i': {
      long long v = longs >= 2 ? va_arg(ap, long long) : va_arg(ap, int);
      unsigned long long mag = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
      const char *sign = v < 0 ? "-" : (flags & PLUS) ? "+" : (flags & SPACE) ? " " : "";
      n = (precision == 0 && v == 0) ? 0 : to_digits(digits, mag, 10, 0);
      emit_field(s, sign, digits, n, flags, width, precision);
      break;
    }
    case 'u':
    case 'x':
    case 'X':
    case 'o': {
      unsigned long long v = longs >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
      unsigned int base = c == 'u' ? 10 : c == 'o' ? 8 : 16;
      const char *prefix = "";
      n = (precision == 0 && v == 0) ? 0 : to_digits(digits, v, base, c == 'X');
      if ((flags & ALT) && v != 0) prefix = c == 'x' ? "0x" : c == 'X' ? "0X" : "";
      if ((flags & ALT) && c == 'o' && (n == 0 || digits[0] != '0') && precision <= n) precision = n + 1;
      emit_field(s, prefix, digits, n, flags, width, precision);
      break;
    }
    case 'p': {
      void *p = va_arg(ap, void *);
      if (p == NULL) {
        emit_field(s, "", "(nil)", 5, flags & LEFT, width, -1);
        break;
      }
      n = to_digits(digits, (unsigned int)p, 16, 0);
      emit_field(s, "0x", digits, n, flags, width, precision);
      break;
    }
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
      emit_double(s, va_arg(ap, double), c, flags, width, precision);
      break;
    case 'c':
      digits[0] = (char)va_arg(ap, int);
      emit_field(s, "", digits, 1, flags & LEFT, width, -1);
      break;
    case 's': {
      const char *str = va_arg(ap, const char *);
      if (str == NULL) str = "(null)";
      n = precision >= 0 ? (int)strnlen(str, precision) : (int)strlen(str);
      emit_field(s, "", str, n, flags & LEFT, width, -1);
      break;
    }
    case '%':
      put(s, '%');
      break;
    default:
      // Unknown conversion: print it as written.
      put(s, '%');
      put(s, c);
      break;
    }
  }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
  Sink s;
  s.buf = buf;
  s.cap = size;
  s.file = NULL;
  s.count = 0;
  s.stage = NULL;
  s.staged = 0;
  format(&s, fmt, ap);
  if (size > 0) buf[(size_t)s.count < size ? (size_t)s.count : size - 1] = 0;
  return s.count;
}

int vsprintf(char *buf, const char *fmt, va_list ap) {
  return vsnprintf(buf, 0x7fffffff, fmt, ap);
}

int vfprintf(FILE *f, const char *fmt, va_list ap) {
  Sink s;
  char stage[STAGE_SIZE];
  s.buf = NULL;
  s.cap = 0;
  s.file = f;
  s.count = 0;
  s.stage = (f->flags & F_UNBUF) ? stage : NULL;
  s.staged = 0;
  format(&s, fmt, ap);
  if (s.stage) unstage(&s);
  return s.count;
}

int vprintf(const char *fmt, va_list ap) {
  return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int fprintf(FILE *f, const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int sprintf(char *buf, const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(buf, 0x7fffffff, fmt, ap);
  va_end(ap);
  return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}
