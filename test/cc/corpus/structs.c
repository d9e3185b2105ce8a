// Structs: nesting, arrays of structs, assignment, passing and returning by value.
#include <stdio.h>
#include <string.h>

struct point { int x, y; };
struct rect { struct point tl, br; char name[8]; };
typedef struct { short a; char b; int c; char d; } padded;

static struct point add(struct point a, struct point b) {
  struct point r;
  r.x = a.x + b.x;
  r.y = a.y + b.y;
  return r;
}

static int area(const struct rect *r) { return (r->br.x - r->tl.x) * (r->br.y - r->tl.y); }

static struct rect make(int w, int h, const char *name) {
  struct rect r = {{0, 0}, {w, h}, ""};
  strcpy(r.name, name);
  return r;
}

struct node { int v; struct node *next; };

int main(void) {
  struct point p = {1, 2}, q = {10, 20};
  struct point s = add(p, q);
  printf("s=(%d,%d)\n", s.x, s.y);
  struct rect rs[3];
  for (int i = 0; i < 3; i++) rs[i] = make(i + 1, (i + 1) * 2, i == 0 ? "one" : i == 1 ? "two" : "three");
  int total = 0;
  for (int i = 0; i < 3; i++) {
    printf("%s: %d\n", rs[i].name, area(&rs[i]));
    total += area(rs + i);
  }
  struct rect copy = rs[2];
  copy.br.x = 100;
  printf("copy %s %d orig %d\n", copy.name, area(&copy), area(&rs[2]));
  padded pd = {1, 2, 3, 4};
  printf("padded: %d %d %d %d size=%d\n", pd.a, pd.b, pd.c, pd.d, (int)sizeof(padded));
  struct node n3 = {3, 0}, n2 = {2, &n3}, n1 = {1, &n2};
  int sum = 0;
  for (struct node *n = &n1; n; n = n->next) sum += n->v;
  printf("list sum=%d\n", sum);
  struct { int a[4]; struct point p; } anon = {{1, 2, 3, 4}, {5, 6}};
  printf("anon %d %d\n", anon.a[3], anon.p.y);
  return total;
}
