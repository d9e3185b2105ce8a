// top [-b] [-n N] [-d SECONDS]: the processes that use the CPU most, as
// top's batch mode prints them: a summary (time since boot, processes by
// state, memory from sysinfo) and the table sorted by %CPU, N times (1 by
// default), DELAY apart.
//
// %CPU is measured, as top does, over an interval: the CPU cycles each
// process got between two readings of the table, over the cycles that
// passed (-d, 0.05 s by default: 50 timer ticks). A process born in the
// interval counts from its creation. Only batch mode exists (-b is
// accepted): the console has no full-screen mode.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/sysinfo.h>
#include <glassbox.h>

#define MAX_PROCS 128

struct sample {
  struct gb_procinfo p;
  unsigned long long used;   // CPU cycles in the interval
};

static struct gb_procinfo before[MAX_PROCS];
static int nbefore;
static struct sample now[MAX_PROCS];
static int nnow;

static unsigned long long u64(unsigned int lo, unsigned int hi) {
  return ((unsigned long long)hi << 32) | lo;
}

static void usage(FILE *to) {
  fprintf(to, "usage: top [-b] [-n N] [-d SECONDS]\n"
              "  print the processes sorted by CPU use over an interval (batch mode)\n"
              "  -n N  N times (default 1)   -d SECONDS  the interval (default 0.05, as 1.5 or 0.2)\n");
}

// "1.5" as 1,500,000 us; -1 if it is not a number of seconds.
static long parse_seconds(const char *s) {
  long us = 0;
  long scale = 1000000;
  int digits = 0;
  while (*s >= '0' && *s <= '9' && us < 1000) {    // whole seconds, at most 9999
    us = us * 10 + (*s++ - '0');
    digits++;
  }
  us *= 1000000;
  if (*s == '.') {
    for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
      scale /= 10;
      us += (*s - '0') * scale;
    }
  }
  return *s || digits == 0 ? -1 : us;
}

// The CPU time pid had in the first reading, or -1 if it was not there.
static long long cycles_before(int pid) {
  int i;
  for (i = 0; i < nbefore; i++) {
    if (before[i].pid == pid) return (long long)u64(before[i].cycles_lo, before[i].cycles_hi);
  }
  return -1;
}

static int by_cpu(const void *pa, const void *pb) {
  const struct sample *a = pa;
  const struct sample *b = pb;
  if (a->used != b->used) return a->used > b->used ? -1 : 1;
  return a->p.pid - b->p.pid;
}

static void summary(unsigned long long t) {
  struct sysinfo si;
  unsigned int s = (unsigned int)(t / (CYCLES_PER_US * 1000000ull));
  int running = 0;
  int sleeping = 0;
  int zombie = 0;
  int i;
  for (i = 0; i < nnow; i++) {
    if (now[i].p.state == PSTATE_ZOMBIE) zombie++;
    else if (now[i].p.state == PSTATE_WAITING) sleeping++;
    else running++;
  }
  printf("top - up %u:%02u:%02u, %d processes: %d running, %d sleeping, %d zombie\n", s / 3600, s / 60 % 60, s % 60,
         nnow, running, sleeping, zombie);
  if (sysinfo(&si) == 0) {
    unsigned int k = si.mem_unit / 1024;
    printf("KiB Mem: %u total, %u used, %u free, %u shared, %u ramfs\n", si.totalram * k,
           (si.totalram - si.freeram) * k, si.freeram * k, si.sharedram * k, si.bufferram * k);
  }
}

// Read the table, wait delay_us, read it again: now[] gets each process
// with the cycles it used in between. *t0 and *t1 get the two times.
static void take_sample(long delay_us, unsigned long long *t0, unsigned long long *t1) {
  static struct gb_procinfo table[MAX_PROCS];
  struct timespec ts;
  long long was;
  unsigned long long c;
  int n;
  int i;
  nbefore = gb_proctable(before, MAX_PROCS);
  *t0 = gb_cycles_now();
  ts.tv_sec = (int)(delay_us / 1000000);
  ts.tv_nsec = (int)(delay_us % 1000000) * 1000;
  nanosleep(&ts, 0);
  n = gb_proctable(table, MAX_PROCS);
  *t1 = gb_cycles_now();
  for (nnow = 0; nnow < n; nnow++) {
    c = u64(table[nnow].cycles_lo, table[nnow].cycles_hi);
    was = cycles_before(table[nnow].pid);
    now[nnow].p = table[nnow];
    now[nnow].used = was >= 0 ? c - (unsigned long long)was : c;
  }
  qsort(now, nnow, sizeof(struct sample), by_cpu);
}

static void frame(long delay_us) {
  unsigned long long t0;
  unsigned long long t1;
  unsigned long long start;
  unsigned int permille;
  char cycles[16];
  char total[16];
  int i;
  take_sample(delay_us, &t0, &t1);
  summary(t1);
  printf("\n  PID USER  %%CPU S THR    RSS     CYCLES  TOTAL COMMAND\n");
  for (i = 0; i < nnow; i++) {
    struct gb_procinfo *p = &now[i].p;
    start = u64(p->start_lo, p->start_hi);
    permille = (unsigned int)(now[i].used * 1000 / (t1 - (start > t0 ? start : t0)));
    gb_cycles_text(now[i].used, cycles, sizeof(cycles));
    gb_cycles_text(u64(p->cycles_lo, p->cycles_hi), total, sizeof(total));
    printf("%5d root %3u.%u %c %3d %5uK %10s %6s %s\n", p->pid, permille / 10, permille % 10, gb_state_letter(p->state),
           p->nthreads, p->mem_pages * 4, cycles, total, p->state == PSTATE_ZOMBIE ? p->name : p->cmdline);
  }
}

int main(int argc, char **argv) {
  long delay_us = 50000;
  long frames = 1;
  char *end;
  int opt;
  int i;
  while ((opt = getopt(argc, argv, "bn:d:h")) != -1) {
    if (opt == 'b') continue;
    if (opt == 'n') {
      frames = strtol(optarg, &end, 10);
      if (*end || frames < 1) {
        fprintf(stderr, "top: bad count '%s'\n", optarg);
        return 1;
      }
    } else if (opt == 'd') {
      delay_us = parse_seconds(optarg);
      if (delay_us <= 0) {
        fprintf(stderr, "top: bad delay '%s'\n", optarg);
        return 1;
      }
    } else if (opt == 'h') {
      usage(stdout);
      return 0;
    } else {
      usage(stderr);
      return 1;
    }
  }
  if (optind != argc) {
    usage(stderr);
    return 1;
  }
  for (i = 0; i < frames; i++) {
    if (i > 0) printf("\n");
    frame(delay_us);
  }
  return 0;
}
