// getopt: POSIX command-line options.
//
// optstring lists the option letters; "b:" means -b takes an argument
// (-bVALUE or -b VALUE), "c::" an optional one (only -cVALUE). Options may
// be grouped (-ab). Scanning stops at the first argument that is not an
// option, at "-", or after "--" (which is skipped). An unknown letter
// returns '?', a missing argument '?' too, or ':' when optstring starts
// with ':' (which also silences the messages on stderr); optopt holds the
// letter. Setting optind to 0 (or 1 after a run) starts over.

#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1;
int opterr = 1;
int optopt;

static int place;              // next letter's offset in argv[optind]; 0 = a new argument
static int last_optind = 1;    // optind as getopt left it, to see when the program moves it

static int complain(char *const argv[], const char *optstring, const char *what, int c) {
  if (opterr && optstring[0] != ':') fprintf(stderr, "%s: %s -- '%c'\n", argv[0], what, c);
  return '?';
}

int getopt(int argc, char *const argv[], const char *optstring) {
  const char *arg;
  const char *spec;
  int c;
  if (optind == 0 || optind != last_optind) {
    if (optind == 0) optind = 1;
    place = 0;
  }
  optarg = NULL;
  if (place == 0) {
    if (optind >= argc || argv[optind] == NULL || argv[optind][0] != '-' || argv[optind][1] == 0) {
      last_optind = optind;
      return -1;
    }
    if (strcmp(argv[optind], "--") == 0) {
      last_optind = ++optind;
      return -1;
    }
    place = 1;
  }
  arg = argv[optind];
  c = (unsigned char)arg[place++];
  spec = c == ':' ? NULL : strchr(optstring, c);
  if (arg[place] == 0) {
    optind++;
    place = 0;
  }
  last_optind = optind;
  if (spec == NULL) {
    optopt = c;
    return complain(argv, optstring, "invalid option", c);
  }
  if (spec[1] != ':') return c;
  if (place != 0) {                       // the rest of this argument is the value
    optarg = (char *)arg + place;
    last_optind = ++optind;
    place = 0;
  } else if (spec[2] != ':') {            // a required value: the next argument
    if (optind >= argc) {
      optopt = c;
      if (optstring[0] == ':') return ':';
      return complain(argv, optstring, "option requires an argument", c);
    }
    optarg = argv[optind];
    last_optind = ++optind;
  }
  return c;
}
