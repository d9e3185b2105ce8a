// Enums and unions: values, switch over enums, type punning through a union (little-endian).
#include <stdio.h>

enum color { RED, GREEN = 5, BLUE, ALPHA = -2, LAST };
typedef enum { SMALL = 1, MEDIUM = 10, LARGE = 100 } size_class;

union word { unsigned int u; unsigned short h[2]; unsigned char b[4]; int i; };

struct tagged {
  enum { INT, STR, PAIR } kind;
  union { int i; const char *s; struct { short a, b; } pair; } as;
};

static const char *color_name(enum color c) {
  switch (c) {
    case RED: return "red";
    case GREEN: return "green";
    case BLUE: return "blue";
    case ALPHA: return "alpha";
    case LAST: return "last";
  }
  return "?";
}

static int describe(struct tagged t) {
  switch (t.kind) {
    case INT: printf("int %d\n", t.as.i); return t.as.i;
    case STR: printf("str %s\n", t.as.s); return 0;
    case PAIR: printf("pair %d %d\n", t.as.pair.a, t.as.pair.b); return t.as.pair.a + t.as.pair.b;
  }
  return -1;
}

int main(void) {
  printf("%d %d %d %d %d\n", RED, GREEN, BLUE, ALPHA, LAST);
  for (int c = RED; c <= BLUE + 1; c++) printf("%s ", color_name((enum color)c));
  printf("\n");
  size_class s = MEDIUM;
  printf("size=%d sum=%d\n", s, SMALL + MEDIUM + LARGE);
  union word w;
  w.u = 0x11223344;
  printf("bytes %x %x %x %x halves %x %x\n", w.b[0], w.b[1], w.b[2], w.b[3], w.h[0], w.h[1]);
  w.b[3] = 0xff;
  printf("as int %d as uint %u size %d\n", w.i, w.u, (int)sizeof w);
  struct tagged items[3];
  items[0].kind = INT; items[0].as.i = 42;
  items[1].kind = STR; items[1].as.s = "hello";
  items[2].kind = PAIR; items[2].as.pair.a = 3; items[2].as.pair.b = 4;
  int total = 0;
  for (int i = 0; i < 3; i++) total += describe(items[i]);
  enum color arr[LAST - ALPHA];
  printf("array len %d\n", (int)(sizeof arr / sizeof arr[0]));
  return total;
}
