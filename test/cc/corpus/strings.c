// Strings: the libc string functions and hand-written ones.
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static void reverse(char *s) {
  int n = strlen(s);
  for (int i = 0, j = n - 1; i < j; i++, j--) {
    char t = s[i]; s[i] = s[j]; s[j] = t;
  }
}

static int count_char(const char *s, char c) {
  int n = 0;
  while ((s = strchr(s, c)) != NULL) { n++; s++; }
  return n;
}

int main(void) {
  char buf[64];
  strcpy(buf, "Hello");
  strcat(buf, ", ");
  strncat(buf, "World!!!", 6);
  printf("%s len=%d\n", buf, (int)strlen(buf));
  reverse(buf);
  printf("%s\n", buf);
  printf("cmp %d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strcmp("same", "same"));
  printf("ncmp %d\n", strncmp("abcdef", "abcxyz", 3));
  const char *text = "the quick brown fox jumps over the lazy dog";
  printf("e count=%d strstr=%s\n", count_char(text, 'e'), strstr(text, "fox"));
  printf("strrchr=%s\n", strrchr(text, 't'));
  char copy[64];
  strncpy(copy, text, 9);
  copy[9] = 0;
  printf("[%s]\n", copy);
  memset(copy, 'x', 5);
  printf("[%s]\n", copy);
  memmove(copy + 2, copy, 5);
  printf("[%s]\n", copy);
  char tok[] = "a,b,,c;d";
  for (char *t = strtok(tok, ",;"); t; t = strtok(NULL, ",;")) printf("<%s>", t);
  printf("\n");
  printf("spn=%d cspn=%d\n", (int)strspn("abcde", "abc"), (int)strcspn("abcde", "de"));
  char *d = strdup("duplicate");
  printf("%s %d\n", d, memcmp(d, "dup", 3));
  free(d);
  return strlen(text);
}
