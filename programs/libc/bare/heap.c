// The bare machine's heap: from the end of the program (_end, defined by the
// linker) up to 64 KiB below where the stack started (crt0 saves esp in
// __stack_top). __sys_sbrk(n) moves the break by n bytes and returns the old
// break, or (void *)-1 when the heap would run into the stack.

extern char _end[];

unsigned int __stack_top;
char **environ;

#define STACK_RESERVE 0x10000

static char *brk_now;

void *__sys_sbrk(int increment) {
  char *old;
  unsigned int limit = __stack_top - STACK_RESERVE;
  if (brk_now == 0) brk_now = (char *)(((unsigned int)_end + 15) & ~15u);
  old = brk_now;
  if (increment > 0 && (unsigned int)increment > limit - (unsigned int)brk_now) return (void *)-1;
  if (increment < 0 && (unsigned int)-increment > (unsigned int)brk_now - (unsigned int)_end) return (void *)-1;
  brk_now += increment;
  return old;
}
