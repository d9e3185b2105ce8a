// switch: dense (jump table) and sparse cases, fallthrough, default, nesting, chars.
#include <stdio.h>

static const char *dense(int x) {
  switch (x) {
    case 0: return "zero";
    case 1: return "one";
    case 2: return "two";
    case 3: return "three";
    case 4: return "four";
    case 5: return "five";
    case 6: return "six";
    case 8: return "eight";
    default: return "other";
  }
}

static int sparse(int x) {
  int r = 0;
  switch (x) {
    case -100: r = 1; break;
    case 7: r = 2;
    case 8: r += 3; break;
    case 100000: r = 4; break;
    case 'a': r = 5; break;
  }
  return r;
}

static int classify(char c) {
  switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 1;
    case ' ': return 2;
    default:
      if (c >= '0' && c <= '9') return 3;
      return 0;
  }
}

static int nested(int a, int b) {
  switch (a) {
    case 1:
      switch (b) {
        case 1: return 11;
        case 2: return 12;
      }
      return 10;
    case 2:
      return 20;
  }
  return -1;
}

int main(void) {
  for (int i = -1; i < 10; i++) printf("%s ", dense(i));
  printf("\n");
  int vals[] = {-100, 7, 8, 100000, 97, 5};
  for (int i = 0; i < 6; i++) printf("%d ", sparse(vals[i]));
  printf("\n");
  const char *s = "hello world 42";
  int counts[4] = {0, 0, 0, 0};
  for (const char *p = s; *p; p++) counts[classify(*p)]++;
  printf("counts %d %d %d %d\n", counts[0], counts[1], counts[2], counts[3]);
  printf("nested %d %d %d %d\n", nested(1, 1), nested(1, 2), nested(1, 3), nested(3, 0));
  unsigned u = 3000000000u;
  switch (u) {
    case 3000000000u: printf("big unsigned case\n"); break;
    default: printf("wrong\n");
  }
  int loops = 0;
  for (int i = 0; i < 10; i++) {
    switch (i % 3) {
      case 0: continue;
      case 1: loops += 10; break;
      default: loops++;
    }
  }
  printf("loops=%d\n", loops);
  return loops;
}
