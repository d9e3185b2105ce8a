// printf FORMAT [ARGUMENT ...]: format and print the arguments, as POSIX's
// printf utility does.
//
// FORMAT is copied to standard output, with these escapes: \\ \a \b \f \n
// \r \t \v \" \' \NNN (octal, one to three digits) and \xHH (hex), and
// these conversions, each taking the next argument: %d %i (integer),
// %u %o %x %X (unsigned, in 32 bits), %c (the first character), %s
// (string), %% (a '%'); flags (- 0 + space #), a width and a precision
// (either may be *) go between. A numeric argument may be decimal, 0x hex,
// 0 octal, or 'c (the character's code). When arguments are left after the
// format is used up, the format is used again; missing ones are "" or 0.
// A bad number is reported and counted as 0, and the exit status is 1.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

static char **args;
static int nargs;
static int status;

static void usage(FILE *to) {
  fprintf(to, "usage: printf FORMAT [ARGUMENT ...]\n"
              "  conversions: %%d %%i %%u %%o %%x %%X %%c %%s %%%%, with flags, width and precision\n"
              "  escapes: \\\\ \\a \\b \\f \\n \\r \\t \\v \\NNN \\xHH\n");
}

static const char *next_arg(void) {
  if (nargs == 0) return 0;
  nargs--;
  return *args++;
}

static long numeric_arg(void) {
  const char *s = next_arg();
  char *end;
  long v;
  if (!s || *s == 0) return 0;
  if (*s == '\'' || *s == '"') return (unsigned char)s[1];
  errno = 0;
  v = strtol(s, &end, 0);
  if (*end != 0 || errno == ERANGE) {
    fprintf(stderr, "printf: '%s': %s\n", s, errno == ERANGE ? "out of range" : "expected a numeric value");
    status = 1;
  }
  return v;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Print the escape at p (just after the backslash); returns the text after it.
static const char *escape(const char *p) {
  const char *from = "\\abfnrtv\"'";
  const char *to = "\\\a\b\f\n\r\t\v\"'";
  const char *hit = *p ? strchr(from, *p) : 0;
  int v = 0;
  int n;
  if (hit) {
    putchar(to[hit - from]);
    return p + 1;
  }
  if (*p >= '0' && *p <= '7') {
    for (n = 0; n < 3 && *p >= '0' && *p <= '7'; n++) v = v * 8 + (*p++ - '0');
    putchar(v);
    return p;
  }
  if (*p == 'x' && hex_value(p[1]) >= 0) {
    p++;
    for (n = 0; n < 2 && hex_value(*p) >= 0; n++) v = v * 16 + hex_value(*p++);
    putchar(v);
    return p;
  }
  putchar('\\');                            // not an escape: the backslash stands for itself
  return p;
}

// Append to spec the flags, width and precision at p (taking * from the
// arguments); returns the text after them.
static const char *spec_modifiers(const char *p, char *spec, int max) {
  int len = (int)strlen(spec);
  while (*p && strchr("-+ #0", *p) && len < max - 1) spec[len++] = *p++;
  spec[len] = 0;
  if (*p == '*') {
    p++;
    len += snprintf(spec + len, max - len, "%ld", numeric_arg());
  }
  while (*p >= '0' && *p <= '9' && len < max - 1) spec[len++] = *p++;
  if (*p == '.') {
    spec[len++] = *p++;
    spec[len] = 0;
    if (*p == '*') {
      p++;
      len += snprintf(spec + len, max - len, "%ld", numeric_arg());
    }
    while (*p >= '0' && *p <= '9' && len < max - 1) spec[len++] = *p++;
  }
  spec[len] = 0;
  return p;
}

// Print the conversion at p (just after the '%'); returns the text after it, or 0 if it is not one.
static const char *conversion(const char *p) {
  char spec[48] = "%";
  const char *s;
  int len;
  p = spec_modifiers(p, spec, (int)sizeof(spec) - 2);
  len = (int)strlen(spec);
  spec[len] = *p;
  spec[len + 1] = 0;
  switch (*p) {
  case 'd':
  case 'i':
  case 'u':
  case 'o':
  case 'x':
  case 'X':
    printf(spec, numeric_arg());
    return p + 1;
  case 'c':
    s = next_arg();
    printf(spec, s ? *s : 0);               // a missing or empty argument is a NUL, as in GNU printf
    return p + 1;
  case 's':
    s = next_arg();
    printf(spec, s ? s : "");
    return p + 1;
  default:
    return 0;
  }
}

// Print the format once. Returns 0, or -1 after a bad conversion.
static int format_once(const char *p) {
  const char *after;
  while (*p) {
    if (*p == '\\') {
      p = escape(p + 1);
    } else if (*p == '%' && p[1] == '%') {
      putchar('%');
      p += 2;
    } else if (*p == '%') {
      after = conversion(p + 1);
      if (!after) {
        fprintf(stderr, "printf: %s: invalid conversion\n", p);
        return -1;
      }
      p = after;
    } else {
      putchar(*p++);
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  int before;
  if (argc < 2) {
    usage(stderr);
    return 1;
  }
  if (strcmp(argv[1], "-h") == 0) {
    usage(stdout);
    return 0;
  }
  args = argv + 2;
  nargs = argc - 2;
  do {
    before = nargs;
    if (format_once(argv[1]) < 0) return 1;
  } while (nargs > 0 && nargs < before);
  return status;
}
