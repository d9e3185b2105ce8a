// stdio on files (test/kernel/libc.test.ts): every fopen mode, reading and
// writing through the buffer, seeking, ungetc, errors, and a stream that
// exit must flush.
#include <stdio.h>
#include <errno.h>

static void show(const char *path) {
  FILE *f = fopen(path, "r");
  int c;
  int n = 0;
  while ((c = fgetc(f)) != EOF) {
    putchar(c);
    n++;
  }
  printf("%d bytes\n", n);
  fclose(f);
}

int main(void) {
  char line[64];
  FILE *f;
  int c;
  f = fopen("/nonexistent/x", "r");
  printf("missing: %s errno=%d\n", f ? "opened" : "NULL", errno);

  f = fopen("/tmp-f.txt", "w");
  fprintf(f, "line %d\n", 1);
  fputs("line two\n", f);
  fputc('x', f);
  putc('\n', f);
  printf("ftell after writes: %ld\n", ftell(f));
  printf("fileno above 2: %d\n", fileno(f) > 2);
  fclose(f);

  f = fopen("/tmp-f.txt", "r");
  while (fgets(line, sizeof line, f)) printf("read: %s", line);
  printf("feof=%d ferror=%d\n", feof(f), ferror(f));
  rewind(f);
  c = fgetc(f);
  ungetc('L', f);
  printf("first=%c ", c);
  printf("pushed=%c ", getc(f));
  printf("ftell after=%ld\n", ftell(f));
  fseek(f, -2, SEEK_END);
  c = fgetc(f);
  printf("at -2 from end: '%c' ftell=%ld\n", c, ftell(f));
  fseek(f, 5, SEEK_SET);
  c = (int)fread(line, 1, 3, f);
  line[3] = 0;
  printf("fread=%d bytes=%s\n", c, line);
  c = fputc('z', f);
  printf("write on r: %s, ferror=%d\n", c == EOF ? "EOF" : "written", ferror(f));
  fclose(f);

  f = fopen("/tmp-f.txt", "a");
  fputs("appended\n", f);
  fclose(f);
  f = fopen("/tmp-f.txt", "r+");
  fgets(line, sizeof line, f);
  fputs("LINE", f);               // over "line" of the second line
  fclose(f);
  printf("r+:\n");
  show("/tmp-f.txt");

  f = fopen("/tmp-f.txt", "w+");
  fputs("fresh", f);
  rewind(f);
  fgets(line, sizeof line, f);
  printf("w+: %s\n", line);
  fclose(f);
  f = fopen("/tmp-f.txt", "a+");
  fputs("!", f);
  fseek(f, 0, SEEK_SET);
  fgets(line, sizeof line, f);
  printf("a+: %s\n", line);
  fclose(f);

  f = fopen("/tmp-f.txt", "w+");
  fprintf(f, "%d %s %x\n", 12, "abc", 255);
  rewind(f);
  c = fscanf(f, "%d %s %x", &c, line, &c);
  printf("fscanf: %d [%s]\n", c, line);
  c = fscanf(f, "%d", &c);
  printf("fscanf at end: %d\n", c);
  fclose(f);

  f = fopen("/tmp-f.txt", "q");
  printf("bad mode: %s errno=%d\n", f ? "opened" : "NULL", errno);
  fprintf(stderr, "to stderr %d\n", 42);
  fprintf(stdout, "to stdout %s\n", "ok");
  f = fopen("/tmp-g.txt", "w");
  fputs("left in the buffer at exit", f);
  return 0;
}
