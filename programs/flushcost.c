// flushcost [-p PAGES]: what one TLB flush costs, measured from the guest.
//
// Two ways to drop translations, each timed in ring 0 by the kernel (the
// instructions are privileged; gb_flushcost, <glassbox.h>) with the cycle
// counter around exactly the flushing instruction:
//   - a CR3 write (the page-table switch of the article's step 6): every
//     non-global entry goes;
//   - invlpg: one page's entry goes.
// A flush costs twice: the instruction itself, and later the refills, as
// the pages it dropped are walked again. So for each it also times
// touching PAGES pages (default 32) right after the flush, against the
// same touch with nothing flushed; the difference is the refill cost.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glassbox.h>

#define PAGE 4096
#define DEFAULT_PAGES 32

static void usage(void) {
  printf("usage: flushcost [-p PAGES]\n");
  printf("  cycles of one CR3 write and one invlpg, and of touching PAGES pages\n");
  printf("  (default %d, at most %d) after each, against the same touch unflushed\n", DEFAULT_PAGES, GB_FLUSH_MAX_PAGES);
}

static void report(const char *what, struct gb_flushcost *c, int pages) {
  printf("%-10s %8u cycles; touching %d pages after it: %u cycles (%u without a flush, refill %u)\n",
         what, c->op_cycles, pages, c->touch_after, c->touch_warm,
         c->touch_after > c->touch_warm ? c->touch_after - c->touch_warm : 0);
}

int main(int argc, char **argv) {
  int pages = DEFAULT_PAGES;
  struct gb_flushcost cr3;
  struct gb_flushcost page;
  char *raw;
  char *base;
  int i;
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0) {
      usage();
      return 0;
    } else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
      pages = atoi(argv[++i]);
      if (pages < 1 || pages > GB_FLUSH_MAX_PAGES) {
        printf("flushcost: -p needs a number from 1 to %d\n", GB_FLUSH_MAX_PAGES);
        return 2;
      }
    } else {
      usage();
      return 2;
    }
  }
  raw = malloc((unsigned)(pages + 1) * PAGE);
  if (raw == NULL) {
    printf("flushcost: cannot allocate %d pages\n", pages);
    return 1;
  }
  base = (char *)(((unsigned)raw + PAGE - 1) & ~(unsigned)(PAGE - 1));
  memset(base, 1, (unsigned)pages * PAGE);
  if (gb_flushcost(GB_FLUSH_CR3, base, pages, &cr3) < 0 || gb_flushcost(GB_FLUSH_INVLPG, base, pages, &page) < 0) {
    printf("flushcost: gb_flushcost failed\n");
    return 1;
  }
  report("CR3 write", &cr3, pages);
  report("invlpg", &page, pages);
  return 0;
}
