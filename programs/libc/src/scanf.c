// scanf's family: sscanf, fscanf, scanf and their v- forms.
//
// One scanner, scan(), reads from a Source: a string or a stream (one
// character of look-ahead, given back with ungetc). It knows
//   %d %i %u %x %X %o   integers (%i: 0x.. hex, 0.. octal), via strtol/strtoul
//   %c                  exactly width characters (1 by default), no NUL
//   %s                  a run of non-space characters, NUL-terminated
//   %[set] %[^set]      a run of characters in (or not in) set; ']' first
//                       is part of the set, a-z is a range
//   %f %e %g %a (and E G A) a floating number, as strtod reads it (decimal,
//                       hex, inf, nan); into a float, a double with l (or L)
//   %n                  characters consumed so far (not counted)
//   %%                  a literal '%'
// with a maximum field width, '*' (read but do not store), and the length
// modifiers hh (char) and h (short); l, z, t, j change nothing (32 bits).
// A space in the format skips any white space in the input. The result is
// the number of fields stored, or EOF if the input ended before the first
// conversion.

#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <stdarg.h>

typedef struct {
  const char *str;   // reading a string, or NULL
  FILE *file;        // reading a stream
  int count;         // characters consumed (%n)
} Source;

static int next(Source *in) {
  int c;
  if (in->str) {
    if (*in->str == 0) return EOF;
    c = (unsigned char)*in->str++;
  } else {
    c = fgetc(in->file);
    if (c == EOF) return EOF;
  }
  in->count++;
  return c;
}

// Give back the character next() returned (not EOF).
static void back(Source *in, int c) {
  if (c == EOF) return;
  in->count--;
  if (in->str) in->str--;
  else ungetc(c, in->file);
}

static int peek(Source *in) {
  int c = next(in);
  back(in, c);
  return c;
}

static void skip_space(Source *in) {
  int c;
  do c = next(in);
  while (c != EOF && isspace(c));
  back(in, c);
}

static int digit_in_base(int c, int base) {
  int d;
  if (c >= '0' && c <= '9') d = c - '0';
  else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
  else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
  else return 0;
  return d < base;
}

// Read an integer's characters (at most width) into buf: sign, 0x prefix,
// digits. Sets *base when it was 0 (%i). Returns how many digits.
static int read_integer(Source *in, char *buf, int size, int width, int *base) {
  int n = 0;
  int digits = 0;
  int c = next(in);
  if (c != EOF && (c == '+' || c == '-') && n < width) {
    buf[n++] = (char)c;
    c = next(in);
  }
  if (c == '0' && n < width && (*base == 0 || *base == 16)) {
    buf[n++] = (char)c;
    digits++;
    c = next(in);
    if ((c == 'x' || c == 'X') && n < width) {
      buf[n++] = (char)c;
      digits = 0;
      *base = 16;
      c = next(in);
    } else if (*base == 0) {
      *base = 8;
    }
  }
  if (*base == 0) *base = 10;
  while (c != EOF && n < width && n < size - 1 && digit_in_base(c, *base)) {
    buf[n++] = (char)c;
    digits++;
    c = next(in);
  }
  back(in, c);
  buf[n] = 0;
  return digits;
}

// Store v through the next pointer argument, as the length modifier says.
// Read the longest prefix of a floating number (at most width characters)
// into buf; with one character of look-ahead, "1e+" stays read even when no
// digit follows (then only the number it starts with is taken).
static int read_float(Source *in, char *buf, int size, int width) {
  int n = 0, c = peek(in), digits = 0, hex = 0;
  const char *word = 0;
#define TAKE() (buf[n++] = (char)next(in), c = peek(in))
  if ((c == '+' || c == '-') && n < width) TAKE();
  if (tolower(c) == 'i') word = "infinity";
  else if (tolower(c) == 'n') word = "nan";
  if (word) {
    int k = 0;
    while (word[k] && n < width && n < size - 1 && tolower(c) == word[k]) {
      TAKE();
      k++;
    }
    buf[n] = 0;
    return n;
  }
  if (c == '0' && n < width) {
    TAKE();
    digits = 1;
    if ((c == 'x' || c == 'X') && n < width) {
      TAKE();
      hex = 1;
    }
  }
  while (c != EOF && n < width && n < size - 1 && (isdigit(c) || (hex && isxdigit(c)))) {
    TAKE();
    digits = 1;
  }
  if (c == '.' && n < width && n < size - 1) {
    TAKE();
    while (c != EOF && n < width && n < size - 1 && (isdigit(c) || (hex && isxdigit(c)))) {
      TAKE();
      digits = 1;
    }
  }
  if (digits && (hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E')) && n < width && n < size - 1) {
    TAKE();
    if ((c == '+' || c == '-') && n < width && n < size - 1) TAKE();
    while (c != EOF && n < width && n < size - 1 && isdigit(c)) TAKE();
  }
#undef TAKE
  buf[n] = 0;
  return n;
}

static void store_int(va_list *ap, int length, unsigned long v) {
  if (length == 'H') *va_arg(*ap, char *) = (char)v;
  else if (length == 'h') *va_arg(*ap, short *) = (short)v;
  else *va_arg(*ap, int *) = (int)v;
}

// Parse a scanset after "%[" into set (256 flags); returns the format just
// past its closing ']'.
static const char *parse_set(const char *fmt, char *set) {
  int negate = 0;
  int i;
  memset(set, 0, 256);
  if (*fmt == '^') {
    negate = 1;
    fmt++;
  }
  if (*fmt == ']') set[(unsigned char)*fmt++] = 1;
  while (*fmt && *fmt != ']') {
    if (fmt[1] == '-' && fmt[2] && fmt[2] != ']') {
      for (i = (unsigned char)fmt[0]; i <= (unsigned char)fmt[2]; i++) set[i] = 1;
      fmt += 3;
    } else {
      set[(unsigned char)*fmt++] = 1;
    }
  }
  if (*fmt == ']') fmt++;
  if (negate) {
    for (i = 0; i < 256; i++) set[i] = !set[i];
  }
  return fmt;
}

// %c, %s and %[: copy up to width characters that fit (set, or not space)
// into the next argument unless suppressed. Returns how many were read.
static int read_chars(Source *in, va_list *ap, int conv, int width, int suppress, const char *set) {
  char *out = suppress ? NULL : va_arg(*ap, char *);
  int n = 0;
  int c;
  while (n < width) {
    c = next(in);
    if (c == EOF) break;
    if ((conv == 's' && isspace(c)) || (conv == '[' && !set[c])) {
      back(in, c);
      break;
    }
    if (out) out[n] = (char)c;
    n++;
  }
  if (out && conv != 'c' && n > 0) out[n] = 0;
  return n;
}

static int scan(Source *in, const char *fmt, va_list ap) {
  int stored = 0;
  int converted = 0;
  char set[256];
  char num[400]; // room for long floating inputs
  for (; *fmt; fmt++) {
    int suppress = 0;
    int width = 0;
    int length = 0;
    int conv;
    if (isspace((unsigned char)*fmt)) {
      skip_space(in);
      continue;
    }
    if (*fmt != '%' || fmt[1] == '%') {
      int c;
      if (*fmt == '%') {
        fmt++;
        skip_space(in);
      }
      c = next(in);
      if (c != (unsigned char)*fmt) {
        back(in, c);
        return c == EOF && converted == 0 ? EOF : stored;
      }
      continue;
    }
    fmt++;
    if (*fmt == '*') {
      suppress = 1;
      fmt++;
    }
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    if (*fmt == 'h') {
      length = 'h';
      if (*++fmt == 'h') {
        length = 'H';
        fmt++;
      }
    }
    while (*fmt == 'l' || *fmt == 'z' || *fmt == 't' || *fmt == 'j' || *fmt == 'L') {
      if (*fmt == 'l' || *fmt == 'L') length = 'l';
      fmt++;
    }
    conv = *fmt;
    if (conv == 0) break;
    if (conv == 'n') {
      if (!suppress) store_int(&ap, length, (unsigned long)in->count);
      continue;
    }
    if (conv != 'c' && conv != '[') skip_space(in);
    if (peek(in) == EOF) return converted == 0 ? EOF : stored;
    if (strchr("feEgGaA", conv)) {
      char *end;
      if (width == 0 || width > (int)sizeof(num) - 1) width = sizeof(num) - 1;
      if (read_float(in, num, sizeof(num), width) == 0) return stored;
      // "1e+x" has read "1e+": like glibc, take the number it starts with ("1").
      strtod(num, &end);
      if (end == num) return stored; // not a number ("-", ".", "+inf" cut short)
      *end = 0;
      // A float is rounded once from the digits (strtof), not through a double.
      if (!suppress && length == 'l') *va_arg(ap, double *) = strtod(num, NULL);
      else if (!suppress) *va_arg(ap, float *) = strtof(num, NULL);
    } else if (conv == 'c' || conv == 's' || conv == '[') {
      if (conv == '[') fmt = parse_set(fmt + 1, set) - 1;
      if (width == 0) width = conv == 'c' ? 1 : 0x7fffffff;
      if (read_chars(in, &ap, conv, width, suppress, set) == 0) return stored;
    } else {
      int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
      unsigned long v;
      if (conv != 'd' && conv != 'i' && conv != 'u' && conv != 'o' && conv != 'x' && conv != 'X') return stored;
      if (width == 0 || width > (int)sizeof(num) - 1) width = sizeof(num) - 1;
      if (read_integer(in, num, sizeof(num), width, &base) == 0) return stored;
      v = conv == 'd' || conv == 'i' ? (unsigned long)strtol(num, NULL, base) : strtoul(num, NULL, base);
      if (!suppress) store_int(&ap, length, v);
    }
    converted++;
    if (!suppress) stored++;
  }
  return stored;
}

int vsscanf(const char *s, const char *fmt, va_list ap) {
  Source in;
  in.str = s;
  in.file = NULL;
  in.count = 0;
  return scan(&in, fmt, ap);
}

int vfscanf(FILE *f, const char *fmt, va_list ap) {
  Source in;
  in.str = NULL;
  in.file = f;
  in.count = 0;
  return scan(&in, fmt, ap);
}

int vscanf(const char *fmt, va_list ap) {
  return vfscanf(stdin, fmt, ap);
}

int sscanf(const char *s, const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsscanf(s, fmt, ap);
  va_end(ap);
  return n;
}

int fscanf(FILE *f, const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vfscanf(f, fmt, ap);
  va_end(ap);
  return n;
}

int scanf(const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vfscanf(stdin, fmt, ap);
  va_end(ap);
  return n;
}
