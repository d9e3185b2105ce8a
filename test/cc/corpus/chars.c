// Characters: signed char arithmetic, escapes, ctype, case conversion, counting.
#include <stdio.h>
#include <ctype.h>

int main(void) {
  const char *s = "Hello, World! 123 \t tabs\n";
  int up = 0, low = 0, dig = 0, sp = 0, pun = 0;
  for (const char *p = s; *p; p++) {
    if (isupper(*p)) up++;
    if (islower(*p)) low++;
    if (isdigit(*p)) dig++;
    if (isspace(*p)) sp++;
    if (ispunct(*p)) pun++;
  }
  printf("up=%d low=%d dig=%d sp=%d pun=%d\n", up, low, dig, sp, pun);
  char buf[32];
  int i = 0;
  for (const char *p = "MiXeD cAsE"; *p; p++) buf[i++] = islower(*p) ? toupper(*p) : tolower(*p);
  buf[i] = 0;
  printf("%s\n", buf);
  char c = 'A';
  c += 25;
  printf("%c %d\n", c, c);
  char neg = -100;
  neg -= 100;
  printf("neg wrapped %d\n", neg);
  printf("escapes: [\\] [\"] [\'] [\x41] [\101] [\t] %d %d\n", '\n', '\0');
  printf("octal %d hex %d\n", '\177', '\xff');
  int hist[26] = {0};
  for (const char *p = "the quick brown fox jumps over the lazy dog"; *p; p++) if (isalpha(*p)) hist[*p - 'a']++;
  for (int k = 0; k < 26; k++) if (hist[k] > 1) printf("%c%d ", 'a' + k, hist[k]);
  printf("\n");
  unsigned char hi = 200;
  char signed_hi = (char)hi;
  printf("%d %d %d\n", hi, signed_hi, hi == (unsigned char)signed_hi);
  return up + low;
}
