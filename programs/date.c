// date [+FORMAT]: the machine's clock. It counts from boot (there is no
// calendar clock: a deterministic machine reads nothing from the host's,
// see kernel/time.c), so date says the time since boot:
//
//   0:00:12.345678901 since boot
//
// +FORMAT prints FORMAT with %s (whole seconds since boot), %N
// (nanoseconds, 9 digits), %H %M %S (hours, minutes, seconds, 2 digits),
// %T (%H:%M:%S), %n, %t and %% replaced, as date(1) does.

#include <stdio.h>
#include <string.h>
#include <time.h>

static void format(const char *f, const struct timespec *ts) {
  unsigned int s = (unsigned int)ts->tv_sec;
  for (; *f; f++) {
    if (*f != '%' || f[1] == 0) {
      putchar(*f);
      continue;
    }
    switch (*++f) {
    case 's': printf("%u", s); break;
    case 'N': printf("%09d", ts->tv_nsec); break;
    case 'H': printf("%02u", s / 3600); break;
    case 'M': printf("%02u", s / 60 % 60); break;
    case 'S': printf("%02u", s % 60); break;
    case 'T': printf("%02u:%02u:%02u", s / 3600, s / 60 % 60, s % 60); break;
    case 'n': putchar('\n'); break;
    case 't': putchar('\t'); break;
    case '%': putchar('%'); break;
    default: printf("%%%c", *f); break;
    }
  }
  putchar('\n');
}

int main(int argc, char **argv) {
  struct timespec ts;
  if (argc == 2 && strcmp(argv[1], "-h") == 0) {
    printf("usage: date [+FORMAT]\n"
           "  the time since boot (the machine has no calendar clock)\n"
           "  FORMAT: %%s seconds, %%N nanoseconds, %%H %%M %%S, %%T, %%n %%t %%%%\n");
    return 0;
  }
  if (argc > 2 || (argc == 2 && argv[1][0] != '+')) {
    fprintf(stderr, "usage: date [+FORMAT]\n");
    return 1;
  }
  if (clock_gettime(CLOCK_REALTIME, &ts) < 0) {
    perror("date");
    return 1;
  }
  if (argc == 2) format(argv[1] + 1, &ts);
  else format("%H:%M:%S.%N since boot", &ts);
  return 0;
}
