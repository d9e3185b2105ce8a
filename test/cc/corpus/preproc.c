// The preprocessor: object and function macros, # and ##, conditionals, variadic macros.
#include <stdio.h>

#define SQUARE(x) ((x) * (x))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define STR(x) #x
#define XSTR(x) STR(x)
#define CAT(a, b) a##b
#define VERSION 3
#define NAME glass##box
#define LOG(fmt, ...) printf("[log] " fmt "\n", __VA_ARGS__)
#define LOG0(fmt, ...) printf("[log0] " fmt "\n", ##__VA_ARGS__)
#define EMPTY
#define COUNT_ARGS(...) COUNT_(__VA_ARGS__, 5, 4, 3, 2, 1)
#define COUNT_(a, b, c, d, e, n, ...) n

#if VERSION >= 3 && defined(VERSION)
#define FEATURE "new"
#elif VERSION == 2
#define FEATURE "mid"
#else
#define FEATURE "old"
#endif

#ifdef UNDEFINED_THING
#error "should not happen"
#endif

#ifndef GUARD
#define GUARD 1
#endif

#if (1 << 4) != 16 || -1 > 0 || 0xffffffff != 4294967295
#error "arithmetic in #if is wrong"
#endif

int CAT(my, var) = 99;
static int glassbox = 5;

#undef SQUARE
#define SQUARE(x) ((x) * (x) + 0)

int main(void) {
  int RECURSE = 1;
#define RECURSE (RECURSE + 1)
  printf("square=%d max=%d\n", SQUARE(7), MAX(3, 9));
  printf("str=%s xstr=%s\n", STR(hello world), XSTR(VERSION));
  printf("cat=%d name=%d\n", myvar, NAME);
  printf("feature=%s guard=%d\n", FEATURE, GUARD);
  LOG("%d+%d=%d", 1, 2, 3);
  LOG0("no args");
  printf("count=%d %d %d\n", COUNT_ARGS(a), COUNT_ARGS(a, b, c), COUNT_ARGS(a, b, c, d, e));
  printf("line=%d file ends with .c=%d\n", __LINE__, __FILE__[sizeof(__FILE__) - 2] == 'c');
  printf("recurse=%d\n", RECURSE);
  printf("stringize quotes: %s\n", STR("quoted" and 'c'));
  EMPTY printf("empty ok\n");
#define LOCAL 10
#if LOCAL > 5
  int big = 1;
#else
  int big = 0;
#endif
  return SQUARE(big + 2) + COUNT_ARGS(x, y);
}
