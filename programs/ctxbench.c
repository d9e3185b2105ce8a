// ctxbench [-w PAGES] [-n ROUNDS]: what a context switch costs, between two
// processes and between two threads of one process, and what it does to
// the TLB (the article's step 6: "page table switch -> TLB flush").
//
// Two parties ping-pong one byte over a pair of pipes: each read blocks, so
// every message is a switch to the other party. After each switch the party
// that now runs touches its own working set of W pages (W = 0, 1, 2, 4 …
// PAGES, default 256), as a real program would touch its data. Per round
// trip (two switches) it prints the cycles (rdtsc, <x86intrin.h>), the CR3
// writes, and the TLB misses per switch, from the machine's own counters
// (gb_counters, <glassbox.h>).
//
// Two processes live in two address spaces: every switch writes CR3, and
// without PCIDs that flushes the TLB's non-global entries, so the working
// set is walked again after every switch. Two threads share one address
// space: no CR3 write, and their entries survive.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/wait.h>
#include <glassbox.h>
#include <x86intrin.h>

#define PAGE 4096
#define DEFAULT_PAGES 256
#define MAX_PAGES 1024
#define DEFAULT_ROUNDS 200

struct party {
  int in;        // read end: wait for the other party here
  int out;       // write end: wake the other party
  char *pages;   // this party's working set
  int touch;     // how many of its pages to touch after each switch
  int rounds;
};

struct result {
  unsigned cycles;
  unsigned cr3_writes;
  unsigned misses;
};

static volatile int sink;

static void touch_pages(char *pages, int n) {
  int i;
  for (i = 0; i < n; i++) sink += pages[i * PAGE];
}

// One side of the ping-pong: wait for a byte, touch, answer.
static void answer(struct party *p) {
  char byte;
  int i;
  for (i = 0; i < p->rounds; i++) {
    if (read(p->in, &byte, 1) != 1) exit(1);
    touch_pages(p->pages, p->touch);
    if (write(p->out, &byte, 1) != 1) exit(1);
  }
}

// The other side, timed: send, wait for the answer, touch.
static void ask(struct party *p, struct result *r) {
  unsigned before[COUNTER_COUNT];
  unsigned after[COUNTER_COUNT];
  unsigned t0;
  char byte = 'x';
  int i;
  gb_counters(before, COUNTER_COUNT);
  t0 = __rdtsc32();
  for (i = 0; i < p->rounds; i++) {
    if (write(p->out, &byte, 1) != 1) exit(1);
    if (read(p->in, &byte, 1) != 1) exit(1);
    touch_pages(p->pages, p->touch);
  }
  r->cycles = __rdtsc32() - t0;
  gb_counters(after, COUNTER_COUNT);
  r->cr3_writes = after[COUNTER_CR3_WRITES] - before[COUNTER_CR3_WRITES];
  r->misses = after[COUNTER_TLB_MISSES] - before[COUNTER_TLB_MISSES];
}

static char *working_set(int pages) {
  char *raw = malloc((unsigned)(pages + 1) * PAGE);
  char *base;
  if (raw == NULL) {
    printf("ctxbench: cannot allocate %d pages\n", pages);
    exit(1);
  }
  base = (char *)(((unsigned)raw + PAGE - 1) & ~(unsigned)(PAGE - 1));
  memset(base, 1, (unsigned)pages * PAGE);  // fault every page in before timing
  return base;
}

static void processes(int touch, int rounds, char *mine, struct result *r) {
  int to_child[2];
  int to_parent[2];
  struct party p;
  char ready;
  int pid;
  if (pipe(to_child) < 0 || pipe(to_parent) < 0) exit(1);
  pid = fork();
  if (pid < 0) exit(1);
  p.touch = touch;
  p.rounds = rounds;
  p.pages = mine;  // the child's copy of the working set is its own (copy-on-write, then written)
  if (pid == 0) {
    p.in = to_child[0];
    p.out = to_parent[1];
    memset(p.pages, 2, (unsigned)touch * PAGE);  // its own frames now, not the parent's
    if (write(p.out, "r", 1) != 1) exit(1);      // ready: the copying is not timed
    answer(&p);
    exit(0);
  }
  p.in = to_parent[0];
  p.out = to_child[1];
  if (read(p.in, &ready, 1) != 1) exit(1);
  ask(&p, r);
  waitpid(pid, NULL, 0);
  close(to_child[0]);
  close(to_child[1]);
  close(to_parent[0]);
  close(to_parent[1]);
}

static void *thread_main(void *arg) {
  answer((struct party *)arg);
  return NULL;
}

static void threads(int touch, int rounds, char *mine, char *theirs, struct result *r) {
  int to_thread[2];
  int to_main[2];
  struct party me;
  struct party other;
  pthread_t t;
  if (pipe(to_thread) < 0 || pipe(to_main) < 0) exit(1);
  other.in = to_thread[0];
  other.out = to_main[1];
  other.pages = theirs;
  other.touch = touch;
  other.rounds = rounds;
  me.in = to_main[0];
  me.out = to_thread[1];
  me.pages = mine;
  me.touch = touch;
  me.rounds = rounds;
  if (pthread_create(&t, NULL, thread_main, &other) != 0) exit(1);
  ask(&me, r);
  pthread_join(t, NULL);
  close(to_thread[0]);
  close(to_thread[1]);
  close(to_main[0]);
  close(to_main[1]);
}

// x / y with two decimals, as fixed point (the compiler has no floating point).
static void print_ratio(unsigned x, unsigned y, int width) {
  unsigned hundredths = y ? (x / y) * 100 + ((x % y) * 100 + y / 2) / y : 0;
  printf(" %*u.%02u", width - 3, hundredths / 100, hundredths % 100);
}

static void row(const char *what, int pages, int rounds, struct result *r) {
  printf("%-8s %5d %12u", what, pages, r->cycles / (unsigned)rounds);
  print_ratio(r->cr3_writes, (unsigned)rounds, 10);
  print_ratio(r->misses, 2u * (unsigned)rounds, 14);
  printf("\n");
}

static int parse_count(const char *flag, const char *value, int max) {
  int n = value ? atoi(value) : -1;
  if (n < 0 || n > max) {
    printf("ctxbench: %s needs a number from 0 to %d\n", flag, max);
    exit(2);
  }
  return n;
}

static void usage(void) {
  printf("usage: ctxbench [-w PAGES] [-n ROUNDS]\n");
  printf("  ping-pong between two processes and between two threads, touching a\n");
  printf("  working set of 0, 1, 2, 4 ... PAGES pages (default %d) after each switch;\n", DEFAULT_PAGES);
  printf("  ROUNDS round trips per size (default %d)\n", DEFAULT_ROUNDS);
}

int main(int argc, char **argv) {
  int pages = DEFAULT_PAGES;
  int rounds = DEFAULT_ROUNDS;
  char *mine;
  char *theirs;
  struct result r;
  int w;
  int i;
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-h") == 0) {
      usage();
      return 0;
    } else if (strcmp(argv[i], "-w") == 0) {
      pages = parse_count("-w", argv[++i], MAX_PAGES);
    } else if (strcmp(argv[i], "-n") == 0) {
      rounds = parse_count("-n", argv[++i], 100000);
      if (rounds == 0) rounds = 1;
    } else {
      usage();
      return 2;
    }
  }
  mine = working_set(pages > 0 ? pages : 1);
  theirs = working_set(pages > 0 ? pages : 1);
  printf("ctxbench: ping-pong over pipes, %d round trips (2 switches each) per row\n", rounds);
  printf("%-8s %5s %12s %10s %14s\n", "switch", "pages", "cycles/rt", "cr3/rt", "misses/switch");
  for (w = 0; w <= pages; w = w ? w * 2 : 1) {
    processes(w, rounds, mine, &r);
    row("process", w, rounds, &r);
    threads(w, rounds, mine, theirs, &r);
    row("thread", w, rounds, &r);
  }
  return 0;
}
