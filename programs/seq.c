// seq [-s SEP] [FIRST [INCREMENT]] LAST: print the integers from FIRST
// (default 1) to LAST in steps of INCREMENT (default 1; negative counts
// down), one per line, or separated by SEP. Integers only: the machine's
// libc prints no floating point yet.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

static void usage(FILE *to) {
  fprintf(to, "usage: seq [-s SEP] [FIRST [INCREMENT]] LAST\n"
              "  print FIRST, FIRST+INCREMENT, ... up to LAST (integers)\n");
}

// The integer text s, or exit with a message.
static long number(const char *s) {
  char *end;
  long v;
  errno = 0;
  v = strtol(s, &end, 10);
  if (*s == 0 || *end != 0 || errno == ERANGE) {
    fprintf(stderr, "seq: invalid integer argument: '%s'\n", s);
    exit(1);
  }
  return v;
}

int main(int argc, char **argv) {
  const char *sep = "\n";
  long first = 1;
  long step = 1;
  long last;
  long long v;
  int nargs;
  int opt;
  int printed = 0;
  // A negative number is an argument, not an option: stop at "-<digit>".
  while (optind < argc && !(argv[optind][0] == '-' && argv[optind][1] >= '0' && argv[optind][1] <= '9') &&
         (opt = getopt(argc, argv, "s:h")) != -1) {
    if (opt == 's') sep = optarg;
    else if (opt == 'h') {
      usage(stdout);
      return 0;
    } else {
      usage(stderr);
      return 1;
    }
  }
  nargs = argc - optind;
  if (nargs < 1 || nargs > 3) {
    usage(stderr);
    return 1;
  }
  last = number(argv[argc - 1]);
  if (nargs >= 2) first = number(argv[optind]);
  if (nargs == 3) step = number(argv[optind + 1]);
  if (step == 0) {
    fprintf(stderr, "seq: invalid zero increment\n");
    return 1;
  }
  for (v = first; step > 0 ? v <= last : v >= last; v += step) {
    printf("%s%ld", printed ? sep : "", (long)v);
    printed = 1;
  }
  if (printed) printf("\n");
  return 0;
}
