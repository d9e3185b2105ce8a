// Global and static initializers: scalars, arrays, structs, strings, pointers to globals, &arr[3].
#include <stdio.h>

int counter = 10;
int squares[8] = {0, 1, 4, 9, 16, 25};
int *pmid = &squares[3];
int *pend = squares + 8;
char greeting[] = "hi there";
char *message = "a message";
const char *names[] = {"zero", "one", "two"};
struct config { const char *name; int level; int flags[3]; } configs[] = {
  {"low", 1, {1, 0, 0}},
  {"high", 9, {1, 1, 1}},
  {0},
};
struct config *current = &configs[1];
short shorts[] = {-1, 2, -3};
unsigned char bytes[4] = {0xde, 0xad, 0xbe, 0xef};
int zeroed[100];
static int file_static = 3;
long sizes[] = {sizeof(int), sizeof(short[3]), sizeof greeting};
int matrix[2][3] = {{1, 2, 3}, {4, 5, 6}};
int *row1 = matrix[1];
char nested_str[2][6] = {"ab", "cdefg"};
struct { int a; char b[3]; } mixed = {7, "xy"};
int after_designated[5] = {[3] = 33, [1] = 11};
struct point { int x, y; } pts[] = {{.y = 2, .x = 1}, {.x = 3}};

static int next_id(void) {
  static int id = 100;
  return id++;
}

int main(void) {
  printf("counter=%d squares[5]=%d *pmid=%d pend-squares=%d\n", counter, squares[5], *pmid, (int)(pend - squares));
  printf("%s / %s / %s\n", greeting, message, names[2]);
  for (struct config *c = configs; c->name; c++) printf("%s:%d:%d%d%d ", c->name, c->level, c->flags[0], c->flags[1], c->flags[2]);
  printf("\ncurrent=%s\n", current->name);
  printf("shorts %d %d %d bytes %x%x%x%x\n", shorts[0], shorts[1], shorts[2], bytes[0], bytes[1], bytes[2], bytes[3]);
  int z = 0;
  for (int i = 0; i < 100; i++) z |= zeroed[i];
  printf("zeroed=%d static=%d sizes=%ld %ld %ld\n", z, file_static, sizes[0], sizes[1], sizes[2]);
  printf("row1[2]=%d nested=%s,%s mixed=%d,%s\n", row1[2], nested_str[0], nested_str[1], mixed.a, mixed.b);
  printf("designated %d %d %d %d %d\n", after_designated[0], after_designated[1], after_designated[2], after_designated[3], after_designated[4]);
  printf("pts %d %d %d %d\n", pts[0].x, pts[0].y, pts[1].x, pts[1].y);
  int a = next_id(), b = next_id(), c = next_id();
  printf("ids %d %d %d\n", a, b, c);
  counter += *pmid;
  return counter;
}
