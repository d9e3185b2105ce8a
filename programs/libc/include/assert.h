// assert.h: assert(e) prints the failed expression with its place and aborts.
// Define NDEBUG before including it to turn assertions off. (No include
// guard: C lets a file re-include it to change NDEBUG.)
#undef assert

void __assert_fail(const char *expr, const char *file, int line, const char *func);

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
