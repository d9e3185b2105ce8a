// Structs by value: large and small, nested calls, returned structs used directly.
#include <stdio.h>

typedef struct { int v[10]; } vec10;
typedef struct { char name[20]; int age; } person;
typedef struct { short a; char b; } tiny;
typedef struct { vec10 a, b; } big;

static vec10 scale(vec10 v, int k) { for (int i = 0; i < 10; i++) v.v[i] *= k; return v; }
static vec10 add(vec10 a, vec10 b) { vec10 r; for (int i = 0; i < 10; i++) r.v[i] = a.v[i] + b.v[i]; return r; }
static int total(vec10 v) { int s = 0; for (int i = 0; i < 10; i++) s += v.v[i]; return s; }
static person older(person p, int years) { p.age += years; return p; }
static tiny mk(short a, char b) { tiny t = {a, b}; return t; }
static big swap(big x) { big y; y.a = x.b; y.b = x.a; return y; }

int main(void) {
  vec10 v;
  for (int i = 0; i < 10; i++) v.v[i] = i;
  vec10 w = scale(v, 3);
  printf("v=%d w=%d sum=%d\n", total(v), total(w), total(add(v, scale(w, 2))));
  printf("direct element %d\n", scale(v, 5).v[9]);
  person p = {"Ada", 36};
  person q = older(older(p, 1), 2);
  printf("%s %d -> %s %d\n", p.name, p.age, q.name, q.age);
  tiny t = mk(-3, 'z');
  printf("tiny %d %c %d\n", t.a, t.b, mk(7, 'q').a);
  big b;
  b.a = v;
  b.b = w;
  big s = swap(b);
  printf("swapped %d %d\n", total(s.a), total(s.b));
  person people[3];
  for (int i = 0; i < 3; i++) people[i] = older(p, i * 10);
  printf("ages %d %d %d\n", people[0].age, people[1].age, people[2].age);
  return total(s.a) % 256;
}
