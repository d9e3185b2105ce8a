// getopt on the bare machine (test/cc/libc.test.ts): each run parses one
// argument vector and prints what it saw.
#include <stdio.h>
#include <unistd.h>

static void parse(int argc, char **argv, const char *optstring) {
  int c;
  optind = 0;
  printf("%s:", optstring);
  while ((c = getopt(argc, argv, optstring)) != -1) {
    if (c == '?' || c == ':') printf(" %c(%c)", c, optopt);
    else if (optarg) printf(" %c=%s", c, optarg);
    else printf(" %c", c);
  }
  printf(" | optind=%d", optind);
  for (c = optind; c < argc; c++) printf(" [%s]", argv[c]);
  printf("\n");
}

int main(void) {
  char *a[] = {"prog", "-a", "-bval", "-c", "rest", 0};
  char *b[] = {"prog", "-ab", "val", "-cx", "--", "-a", 0};
  char *c[] = {"prog", "-ac", "-", "-b", 0};
  char *d[] = {"prog", "-z", "-b", 0};
  char *e[] = {"prog", "-b", 0};
  char *f[] = {"prog", "file", "-a", 0};
  parse(5, a, "ab:c::");
  parse(6, b, "ab:c::");
  parse(4, c, "ab:c::");
  parse(3, d, ":ab:");
  opterr = 0;
  parse(2, e, "ab:");
  opterr = 1;
  parse(3, f, "a");
  parse(2, e, "ab:");
  return 0;
}
