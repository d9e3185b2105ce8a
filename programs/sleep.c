// sleep: wait for a number of seconds (fractions allowed: `sleep 0.5`).

#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *s;
  unsigned int seconds = 0;
  unsigned int micros = 0;
  unsigned int scale = 100000;
  if (argc != 2) {
    printf("usage: sleep SECONDS\n");
    return 2;
  }
  for (s = argv[1]; *s >= '0' && *s <= '9'; s++) seconds = seconds * 10 + (*s - '0');
  if (*s == '.') {
    for (s++; *s >= '0' && *s <= '9'; s++) {
      micros += (*s - '0') * scale;
      scale /= 10;
    }
  }
  if (*s != 0) {
    printf("sleep: invalid time '%s'\n", argv[1]);
    return 2;
  }
  if (seconds > 0 && sleep(seconds) != 0) return 1;
  if (micros > 0 && usleep(micros) < 0) return 1;
  return 0;
}
