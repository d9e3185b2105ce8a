// ps [aux | -ef]: the process table.
//
// Plain ps is what the kernel keeps, per process:
//
//   PID  PPID STAT THR      TIME         CYCLES   MEM CMD
//
// STAT is R (running or ready to run), S (sleeping: waiting for input, a
// child or a timer), Z (zombie: terminated, waiting for its parent to
// collect the exit status) or N (new: being created). TIME is CPU time
// (minutes:seconds.milliseconds at the cycle model's 3 GHz), CYCLES the same
// in cycles, THR the number of threads, MEM the user pages mapped, in KiB.
//
// `ps aux` and `ps -ef` print BSD's and System V's formats, computed from
// the same table: %CPU is the CPU time over the time since the process
// was created, %MEM its resident pages over the machine's (sysinfo), VSZ
// the size of its code, data, heap and stack regions, RSS its resident
// pages, both in KiB; STAT adds l (several threads) and + (in the
// console's foreground group); START is when it was created, in minutes
// and seconds since boot. TIME keeps milliseconds and CYCLES stands beside
// it, so a short program's time is not 0. There are no users: the kernel
// runs everything as root.

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/sysinfo.h>
#include <glassbox.h>

#define MAX_PROCS 128

static struct gb_procinfo procs[MAX_PROCS];
static int nprocs;

static unsigned long long u64(unsigned int lo, unsigned int hi) {
  return ((unsigned long long)hi << 32) | lo;
}

// Minutes:seconds.milliseconds of a CPU time.
static void cpu_time(unsigned long long cycles, char *buf, int size) {
  unsigned int ms = (unsigned int)(cycles / (CYCLES_PER_US * 1000ull));
  snprintf(buf, size, "%u:%02u.%03u", ms / 60000, ms / 1000 % 60, ms % 1000);
}

static void plain(void) {
  char time[24];
  char digits[24];
  int i;
  printf("  PID  PPID STAT THR      TIME         CYCLES   MEM CMD\n");
  for (i = 0; i < nprocs; i++) {
    struct gb_procinfo *p = &procs[i];
    unsigned long long cycles = u64(p->cycles_lo, p->cycles_hi);
    cpu_time(cycles, time, sizeof(time));
    gb_u64_text(cycles, digits, sizeof(digits));
    printf("%5d %5d %c    %3d %9s %14s %4dK %s%s\n", p->pid, p->ppid, gb_state_letter(p->state), p->nthreads, time,
           digits, p->mem_pages * 4, p->name, p->state == PSTATE_ZOMBIE ? " <defunct>" : "");
  }
}

// Tenths of a percent of part in whole, as "12.3".
static void percent(unsigned long long part, unsigned long long whole, char *buf, int size) {
  unsigned int permille = whole ? (unsigned int)(part * 1000 / whole) : 0;
  snprintf(buf, size, "%u.%u", permille / 10, permille % 10);
}

// The columns aux and -ef share, computed for p.
struct row {
  char cpu[12];
  unsigned int cpu_whole;    // %CPU rounded down (-ef's C)
  char time[24];
  char cycles[16];
  char start[16];
  char stat[8];
  const char *tty;
  char command[GB_CMDLINE_LEN + 16];
};

static void fill_row(const struct gb_procinfo *p, unsigned long long now, int foreground, struct row *r) {
  unsigned long long cycles = u64(p->cycles_lo, p->cycles_hi);
  unsigned long long start = u64(p->start_lo, p->start_hi);
  unsigned int since = (unsigned int)(start / (CYCLES_PER_US * 1000000ull));
  int n = 0;
  percent(cycles, now - start, r->cpu, sizeof(r->cpu));
  r->cpu_whole = now > start ? (unsigned int)(cycles * 100 / (now - start)) : 0;
  cpu_time(cycles, r->time, sizeof(r->time));
  gb_cycles_text(cycles, r->cycles, sizeof(r->cycles));
  snprintf(r->start, sizeof(r->start), "%u:%02u", since / 60, since % 60);
  r->stat[n++] = gb_state_letter(p->state);
  if (p->nthreads > 1) r->stat[n++] = 'l';
  if (p->pgid == foreground && p->state != PSTATE_ZOMBIE) r->stat[n++] = '+';
  r->stat[n] = 0;
  r->tty = p->on_console ? "console" : "?";
  if (p->state == PSTATE_ZOMBIE) snprintf(r->command, sizeof(r->command), "[%s] <defunct>", p->name);
  else snprintf(r->command, sizeof(r->command), "%s", p->cmdline[0] ? p->cmdline : p->name);
}

static int foreground_group(void) {
  int fd = open("/dev/console", O_RDONLY, 0);
  int pgid = fd >= 0 ? tcgetpgrp(fd) : -1;
  if (fd >= 0) close(fd);
  return pgid;
}

static void aux(void) {
  struct sysinfo si;
  struct row r;
  unsigned long long now = gb_cycles_now();
  int foreground = foreground_group();
  char mem[12];
  int i;
  if (sysinfo(&si) < 0) si.totalram = 0;
  printf("USER       PID %%CPU %%MEM    VSZ   RSS TTY      STAT START      TIME  CYCLES COMMAND\n");
  for (i = 0; i < nprocs; i++) {
    struct gb_procinfo *p = &procs[i];
    fill_row(p, now, foreground, &r);
    percent(p->mem_pages, si.totalram, mem, sizeof(mem));
    printf("%-8s %5d %4s %4s %6u %5u %-8s %-4s %5s %9s %7s %s\n", "root", p->pid, r.cpu, mem, gb_vsize_kib(p->pid),
           p->mem_pages * 4, r.tty, r.stat, r.start, r.time, r.cycles, r.command);
  }
}

static void full(void) {
  struct row r;
  unsigned long long now = gb_cycles_now();
  int foreground = foreground_group();
  int i;
  printf("UID        PID  PPID  C STIME TTY          TIME  CYCLES CMD\n");
  for (i = 0; i < nprocs; i++) {
    struct gb_procinfo *p = &procs[i];
    fill_row(p, now, foreground, &r);
    printf("%-8s %5d %5d %2u %5s %-8s %9s %7s %s\n", "root", p->pid, p->ppid, r.cpu_whole, r.start, r.tty, r.time,
           r.cycles, r.command);
  }
}

static void usage(FILE *to) {
  fprintf(to, "usage: ps [aux | -ef]\n"
              "  ps      PID PPID STAT THR TIME CYCLES MEM CMD, as the kernel keeps them\n"
              "  ps aux  USER PID %%CPU %%MEM VSZ RSS TTY STAT START TIME CYCLES COMMAND\n"
              "  ps -ef  UID PID PPID C STIME TTY TIME CYCLES CMD\n");
}

int main(int argc, char **argv) {
  const char *format = argc > 1 ? argv[1] : "";
  if (argc > 2) {
    usage(stderr);
    return 1;
  }
  if (strcmp(format, "-h") == 0) {
    usage(stdout);
    return 0;
  }
  nprocs = gb_proctable(procs, MAX_PROCS);
  if (nprocs < 0) {
    fprintf(stderr, "ps: cannot read the process table\n");
    return 1;
  }
  if (argc == 1) plain();
  else if (strcmp(format, "aux") == 0 || strcmp(format, "-aux") == 0) aux();
  else if (strcmp(format, "-ef") == 0 || strcmp(format, "-e") == 0) full();
  else {
    usage(stderr);
    return 1;
  }
  return 0;
}
