// Function pointers: tables (like a syscall table), callbacks, returning function pointers.
#include <stdio.h>

typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int divi(int a, int b) { return b ? a / b : 0; }

static binop table[] = { add, sub, mul, divi };
static const char *names[] = { "add", "sub", "mul", "div" };

static int sys_getpid(void) { return 42; }
static int sys_answer(void) { return 7; }
static int (*syscalls[])(void) = { [0] = sys_getpid, [3] = sys_answer };

static binop pick(char op) {
  switch (op) { case '+': return add; case '-': return sub; case '*': return &mul; default: return divi; }
}

static void apply(int *a, int n, int (*f)(int)) { for (int i = 0; i < n; i++) a[i] = f(a[i]); }
static int square(int x) { return x * x; }
static int negate(int x) { return -x; }

struct ops { const char *name; int (*fn)(int, int); };
static struct ops ops[] = { {"plus", add}, {"times", mul} };

int main(void) {
  for (int i = 0; i < 4; i++) printf("%s(20,6)=%d\n", names[i], table[i](20, 6));
  int calls = 0;
  for (int i = 0; i < 4; i++) if (syscalls[i]) calls += syscalls[i]();
  printf("syscalls=%d\n", calls);
  printf("pick: %d %d %d %d\n", pick('+')(5, 3), pick('-')(5, 3), (*pick('*'))(5, 3), pick('/')(9, 3));
  int a[5] = {1, 2, 3, 4, 5};
  apply(a, 5, square);
  apply(a, 5, &negate);
  for (int i = 0; i < 5; i++) printf("%d ", a[i]);
  printf("\n");
  for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) printf("%s=%d ", ops[i].name, ops[i].fn(6, 7));
  printf("\n");
  binop f = add;
  int acc = 0;
  for (int i = 1; i <= 10; i++) acc = f(acc, i);
  printf("acc=%d same=%d\n", acc, f == table[0]);
  return acc;
}
