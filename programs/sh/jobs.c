// Processes and job control: forking children into the right process
// group, waiting for the foreground job, the table of jobs, and the
// built-ins that work on it (jobs, fg, bg, kill, wait).
//
// An interactive shell gives every job (a pipeline, or a command run with
// &) its own process group and makes a foreground job's group the
// console's (tcsetpgrp), so Ctrl-C, Ctrl-\ and Ctrl-Z reach the job and not
// the shell. It waits with WUNTRACED: a job whose processes all stopped
// (Ctrl-Z) goes into the table as Stopped, "[1]+  Stopped  cmd", and the
// shell takes the terminal back, with the modes it left it in. fg gives
// the job the terminal again (and its modes) and continues it with SIGCONT;
// bg continues it in the background. A background job's end is reported
// before the next prompt, "[1]+  Done  cmd", as bash does. A shell that
// runs a script leaves its children in its own group, as dash does.
//
// Jobs are numbered from 1 (%1); %+ (or %%) is the current job, the one
// most recently stopped or put in the background, %- the one before it.

#include "sh.h"
#include <termios.h>

#define MAXJOBPROCS 32                    // processes of one pipeline the table follows

struct job {
  int id;                                 // %N (0: a quiet helper, never shown)
  int pgid;
  int n;                                  // processes
  int pids[MAXJOBPROCS];
  int alive[MAXJOBPROCS];                 // not yet reaped
  int stopped[MAXJOBPROCS];               // reported stopped and not continued since
  int wstatus[MAXJOBPROCS];               // each one's wait status, once reaped
  int background;                         // running without the terminal (started with &, or bg)
  int stamp;                              // when it last stopped or went to the background (%+ %-)
  int have_modes;                         // tmodes holds the terminal's modes as it stopped
  struct termios tmodes;
  char *text;                             // the command, as typed (heap)
  struct job *next;
};

enum { JOB_RUNNING, JOB_STOPPED, JOB_DONE };

static struct job *jobs;
static int stamps;

static int job_control(void) {
  return sh.interactive && !sh.in_child;
}

// ---- processes

static void say_signal(int sig, int pid) {
  char buf[80];
  if (pid) snprintf(buf, sizeof(buf), "[%d] %s\n", pid, strsignal(sig));
  else snprintf(buf, sizeof(buf), "%s\n", strsignal(sig));
  out_str(2, buf);
}

// $? for a wait status. A death by signal is told (not SIGINT: the console
// showed ^C; not when quiet) and marks sh.signaled, as a stop does.
int status_of(int wstatus, int quiet) {
  if (WIFSTOPPED(wstatus)) {
    sh.signaled = 1;
    return 128 + WSTOPSIG(wstatus);
  }
  if (WIFSIGNALED(wstatus)) {
    sh.signaled = 1;
    if (!quiet && WTERMSIG(wstatus) != SIGINT) say_signal(WTERMSIG(wstatus), 0);
    return 128 + WTERMSIG(wstatus);
  }
  sh.signaled = 0;
  return WEXITSTATUS(wstatus);
}

void child_reset(void) {
  signal(SIGINT, SIG_DFL);
  signal(SIGQUIT, SIG_DFL);
  sh.in_child = 1;
  jobs = 0;                               // the parent's jobs are not this process's children
}

int fork_child(int pgid, int foreground) {
  int control = job_control();
  int pid = fork();
  if (pid < 0) {
    sh_error("cannot fork (%s)", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    if (control) {
      setpgid(0, pgid);
      if (foreground) tcsetpgrp(0, pgid ? pgid : getpid());
      signal(SIGTSTP, SIG_DFL);
      signal(SIGTTIN, SIG_DFL);
      signal(SIGTTOU, SIG_DFL);
    }
    child_reset();
    return 0;
  }
  if (control) setpgid(pid, pgid ? pgid : pid);
  return pid;
}

// ---- the table

static struct job *job_new(int *pids, int n, int pgid, const char *text, int len) {
  struct job *j = calloc(1, sizeof(struct job));
  struct job *k;
  int i;
  if (!j) return 0;
  if (n > MAXJOBPROCS) {
    pids += n - MAXJOBPROCS;              // the last ones decide the status
    n = MAXJOBPROCS;
  }
  for (i = 0; i < n; i++) {
    j->pids[i] = pids[i];
    j->alive[i] = 1;
  }
  j->n = n;
  j->pgid = pgid ? pgid : pids[0];
  j->text = malloc(len + 1);
  if (j->text) {
    memcpy(j->text, text, len);
    j->text[len] = 0;
  }
  return j;
}

// Put j in the table with the next free number (one more than the highest).
static void job_insert(struct job *j) {
  struct job **pp = &jobs;
  int id = 1;
  for (; *pp; pp = &(*pp)->next)
    if ((*pp)->id >= id) id = (*pp)->id + 1;
  j->id = id;
  *pp = j;
}

static void job_free(struct job *j) {
  struct job **pp;
  for (pp = &jobs; *pp; pp = &(*pp)->next) {
    if (*pp == j) {
      *pp = j->next;
      break;
    }
  }
  free(j->text);
  free(j);
}

static int job_state(struct job *j) {
  int i;
  int alive = 0;
  int running = 0;
  for (i = 0; i < j->n; i++) {
    if (!j->alive[i]) continue;
    alive = 1;
    if (!j->stopped[i]) running = 1;
  }
  if (!alive) return JOB_DONE;
  return running ? JOB_RUNNING : JOB_STOPPED;
}

// Note what waitpid said of process i of j.
static void job_update(struct job *j, int i, int wstatus) {
  if (WIFSTOPPED(wstatus)) {
    j->stopped[i] = 1;
  } else if (WIFCONTINUED(wstatus)) {
    j->stopped[i] = 0;
  } else {
    j->alive[i] = 0;
    j->stopped[i] = 0;
    j->wstatus[i] = wstatus;
  }
}

// Collect what changed in j without waiting.
static void job_poll(struct job *j) {
  int i;
  int wstatus;
  int flags = WNOHANG | (job_control() ? WUNTRACED | WCONTINUED : 0);
  for (i = 0; i < j->n; i++) {
    if (!j->alive[i]) continue;
    while (waitpid(j->pids[i], &wstatus, flags) == j->pids[i]) {
      job_update(j, i, wstatus);
      if (!j->alive[i]) break;
    }
  }
}

// Block until j has ended or (under job control) stopped.
static void job_wait_change(struct job *j) {
  int i;
  int wstatus;
  int flags = job_control() ? WUNTRACED : 0;
  for (;;) {
    for (i = 0; i < j->n; i++)
      if (j->alive[i] && !j->stopped[i]) break;
    if (i == j->n) return;
    if (waitpid(j->pids[i], &wstatus, flags) == j->pids[i]) {
      job_update(j, i, wstatus);
    } else if (errno != EINTR) {
      j->alive[i] = 0;                    // not our child any more: nothing to wait for
    }
  }
}

static struct job *job_current(int which) {
  struct job *j;
  struct job *best = 0;
  struct job *second = 0;
  for (j = jobs; j; j = j->next) {
    if (!j->id) continue;
    if (!best || j->stamp > best->stamp) {
      second = best;
      best = j;
    } else if (!second || j->stamp > second->stamp) {
      second = j;
    }
  }
  return which == '-' ? second : best;
}

static int job_mark(struct job *j) {
  if (j == job_current('+')) return '+';
  if (j == job_current('-')) return '-';
  return ' ';
}

// "Done", "Exit 3", "Stopped", "Terminated" …: how bash names a state.
static const char *state_words(struct job *j, char *buf, int size) {
  int state = job_state(j);
  int last = j->wstatus[j->n - 1];
  if (state == JOB_RUNNING) return "Running";
  if (state == JOB_STOPPED) return "Stopped";
  if (WIFSIGNALED(last)) return strsignal(WTERMSIG(last));
  if (WEXITSTATUS(last) == 0) return "Done";
  snprintf(buf, size, "Exit %d", WEXITSTATUS(last));
  return buf;
}

// One line about j, as bash's jobs prints it: "[1]+  Running   spin &".
static void job_print(struct job *j, int fd, int with_pid) {
  char buf[320];
  char words[32];
  const char *state = state_words(j, words, sizeof(words));
  int running_bg = job_state(j) == JOB_RUNNING && j->background;
  if (with_pid) {
    snprintf(buf, sizeof(buf), "[%d]%c %5d %-24s%s%s\n", j->id, job_mark(j), j->pgid, state,
             j->text ? j->text : "", running_bg ? " &" : "");
  } else {
    snprintf(buf, sizeof(buf), "[%d]%c  %-24s%s%s\n", j->id, job_mark(j), state, j->text ? j->text : "",
             running_bg ? " &" : "");
  }
  out_str(fd, buf);
}

// ---- foreground and background

// Give the terminal to group pgid (0: back to the shell), with modes if given.
static void give_terminal(int pgid, struct termios *modes) {
  if (!job_control()) return;
  if (modes) tcsetattr(0, TCSADRAIN, modes);
  tcsetpgrp(0, pgid ? pgid : sh.pgid);
}

// Wait for j in the foreground; its status. A job that stopped stays in
// the table (and is said to have stopped); one that ended leaves it.
static int job_foreground(struct job *j) {
  int status;
  int i;
  give_terminal(j->pgid, 0);
  job_wait_change(j);
  give_terminal(0, 0);
  if (job_state(j) == JOB_STOPPED) {
    if (!j->id) job_insert(j);
    j->have_modes = tcgetattr(0, &j->tmodes) == 0;
    j->background = 0;
    j->stamp = ++stamps;
    job_print(j, 2, 0);
    sh.signaled = 1;
    return 128 + SIGTSTP;
  }
  // Another process than the last speaks up only when a signal other than
  // SIGPIPE killed it.
  for (i = 0; i < j->n - 1; i++)
    if (WIFSIGNALED(j->wstatus[i]) && WTERMSIG(j->wstatus[i]) != SIGPIPE) status_of(j->wstatus[i], 0);
  status = status_of(j->wstatus[j->n - 1], 0);
  if (j->id) job_free(j);
  else {
    free(j->text);
    free(j);
  }
  return status;
}

int wait_job(int *pids, int n, int pgid, struct node *cmd) {
  struct job *j = job_new(pids, n, pgid, cmd && cmd->text ? cmd->text : "", cmd ? cmd->textlen : 0);
  if (!j) {
    sh_error("out of memory");
    return 1;
  }
  return job_foreground(j);
}

// A background job: pid leads its own group (under job control).
void job_add(int pid, struct node *cmd) {
  struct job *j = job_new(&pid, 1, pid, cmd && cmd->text ? cmd->text : "", cmd ? cmd->textlen : 0);
  char buf[32];
  if (!j) return;
  j->background = 1;
  j->stamp = ++stamps;
  job_insert(j);
  if (job_control()) {
    snprintf(buf, sizeof(buf), "[%d] %d\n", j->id, pid);
    out_str(2, buf);
  }
}

// A helper process (a here-document's writer): reaped without a word.
void job_add_quiet(int pid) {
  struct job *j = job_new(&pid, 1, pid, "", 0);
  if (!j) return;
  j->next = jobs;
  jobs = j;
}

// Before a prompt: collect what changed; say which jobs ended (and leave
// them out of the table) or stopped in the background.
void job_reap(int say) {
  struct job *j = jobs;
  struct job *next;
  int was;
  for (; j; j = next) {
    next = j->next;
    was = job_state(j);
    job_poll(j);
    if (job_state(j) == JOB_DONE) {
      if (say && j->id) job_print(j, 2, 0);
      job_free(j);
    } else if (say && j->id && was != JOB_STOPPED && job_state(j) == JOB_STOPPED) {
      j->background = 0;
      j->stamp = ++stamps;
      job_print(j, 2, 0);
    }
  }
}

int jobs_stopped(void) {
  struct job *j;
  for (j = jobs; j; j = j->next)
    if (j->id && job_state(j) == JOB_STOPPED) return 1;
  return 0;
}

// ---- job specifications: %N %+ %% %- %prefix, or (find_by_pid) a pid

static struct job *find_job(const char *spec, const char *who) {
  struct job *j;
  int id;
  int n = 0;
  struct job *found = 0;
  if (!spec || strcmp(spec, "%%") == 0 || strcmp(spec, "%+") == 0 || strcmp(spec, "%") == 0) {
    j = job_current('+');
    if (!j) sh_error("%s: no current job", who);
    return j;
  }
  if (strcmp(spec, "%-") == 0) {
    j = job_current('-');
    if (!j) sh_error("%s: no previous job", who);
    return j;
  }
  if (spec[0] == '%' && spec[1] >= '0' && spec[1] <= '9') {
    id = atoi(spec + 1);
    for (j = jobs; j; j = j->next)
      if (j->id == id) return j;
  } else if (spec[0] == '%') {
    for (j = jobs; j; j = j->next) {
      if (j->id && j->text && strncmp(j->text, spec + 1, strlen(spec + 1)) == 0) {
        found = j;
        n++;
      }
    }
    if (n == 1) return found;
    if (n > 1) {
      sh_error("%s: %s: ambiguous job", who, spec);
      return 0;
    }
  } else {
    id = atoi(spec);
    for (j = jobs; j; j = j->next)
      for (n = 0; n < j->n; n++)
        if (j->id && j->pids[n] == id) return j;
  }
  sh_error("%s: %s: no such job", who, spec);
  return 0;
}

// ---- built-ins

// jobs [-l | -p]
int builtin_jobs(int argc, char **argv) {
  struct job *j;
  char buf[16];
  int with_pid = argc > 1 && strcmp(argv[1], "-l") == 0;
  int pids_only = argc > 1 && strcmp(argv[1], "-p") == 0;
  job_reap(1);
  for (j = jobs; j; j = j->next) {
    if (!j->id) continue;
    if (pids_only) {
      snprintf(buf, sizeof(buf), "%d\n", j->pgid);
      out_str(1, buf);
    } else {
      job_print(j, 1, with_pid);
    }
  }
  return 0;
}

static int continue_job(struct job *j) {
  int i;
  for (i = 0; i < j->n; i++) j->stopped[i] = 0;
  if (kill(job_control() ? -j->pgid : j->pids[0], SIGCONT) < 0 && errno != ESRCH) {
    sh_error("cannot continue job %d (%s)", j->id, strerror(errno));
    return -1;
  }
  return 0;
}

// fg [job]: continue it in the foreground and wait for it.
int builtin_fg(int argc, char **argv) {
  struct job *j;
  if (!job_control()) {
    sh_error("fg: no job control");
    return 1;
  }
  j = find_job(argc > 1 ? argv[1] : 0, "fg");
  if (!j) return 1;
  out_str(2, j->text ? j->text : "");
  out_str(2, "\n");
  j->background = 0;
  give_terminal(j->pgid, j->have_modes ? &j->tmodes : 0);
  if (continue_job(j) < 0) {
    give_terminal(0, 0);
    return 1;
  }
  return job_foreground(j);
}

// bg [job...]: continue them in the background.
int builtin_bg(int argc, char **argv) {
  struct job *j;
  char buf[320];
  int i = 1;
  int status = 0;
  if (!job_control()) {
    sh_error("bg: no job control");
    return 1;
  }
  do {
    j = find_job(i < argc ? argv[i] : 0, "bg");
    if (!j) {
      status = 1;
      continue;
    }
    if (job_state(j) == JOB_RUNNING && j->background) {
      sh_error("bg: job %d already in background", j->id);
      continue;
    }
    j->background = 1;
    j->stamp = ++stamps;
    if (continue_job(j) < 0) {
      status = 1;
      continue;
    }
    snprintf(buf, sizeof(buf), "[%d]%c %s &\n", j->id, job_mark(j), j->text ? j->text : "");
    out_str(2, buf);
  } while (++i < argc);
  return status;
}

static void list_signals(void) {
  char buf[24];
  int sig;
  for (sig = 1; sig < NSIG; sig++) {
    if (!signal_name(sig)) continue;
    snprintf(buf, sizeof(buf), "%2d) SIG%s\n", sig, signal_name(sig));
    out_str(1, buf);
  }
}

// kill -l [status]: the signal names, or the name of status's signal.
static int kill_list(int argc, char **argv) {
  int n;
  if (argc < 3) {
    list_signals();
    return 0;
  }
  n = atoi(argv[2]);
  if (n > 128) n -= 128;
  if (!signal_name(n)) {
    sh_error("kill: %s: invalid signal number", argv[2]);
    return 1;
  }
  out_str(1, signal_name(n));
  out_str(1, "\n");
  return 0;
}

static int is_number(const char *s) {
  if (*s == '-') s++;
  if (!*s) return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return 0;
  return 1;
}

// Send sig to one target: %job (its whole group; a stopped job also gets
// SIGCONT, so that it can act on the signal) or a pid (negative: a group).
static int kill_one(const char *target, int sig) {
  struct job *j;
  int pid;
  if (target[0] == '%') {
    j = find_job(target, "kill");
    if (!j) return 1;
    pid = job_control() ? -j->pgid : j->pids[j->n - 1];
    if (kill(pid, sig) < 0) {
      sh_error("kill: %s: %s", target, strerror(errno));
      return 1;
    }
    if (job_state(j) == JOB_STOPPED && sig != SIGKILL && sig != SIGCONT && !(sig >= SIGSTOP && sig <= SIGTTOU))
      kill(pid, SIGCONT);
    return 0;
  }
  if (!is_number(target)) {
    sh_error("kill: %s: arguments must be process or job IDs", target);
    return 1;
  }
  if (kill(atoi(target), sig) < 0) {
    sh_error("kill: (%s): %s", target, errno == ESRCH ? "no such process" : strerror(errno));
    return 1;
  }
  return 0;
}

// kill [-s SIG | -SIG] pid|%job ...   kill -l [status]
int builtin_kill(int argc, char **argv) {
  int sig = SIGTERM;
  int i = 1;
  int status = 0;
  if (argc > 1 && strcmp(argv[1], "-l") == 0) return kill_list(argc, argv);
  if (argc > 2 && strcmp(argv[1], "-s") == 0) {
    sig = signal_from_name(argv[2]);
    i = 3;
  } else if (argc > 1 && argv[1][0] == '-' && argv[1][1] && !(argv[1][1] >= '0' && argv[1][1] <= '9' && argc == 2)) {
    sig = strcmp(argv[1], "--") == 0 ? SIGTERM : signal_from_name(argv[1] + 1);
    i = 2;
  }
  if (sig < 0) {
    sh_error("kill: %s: invalid signal specification", argv[i - 1]);
    return 2;
  }
  if (i >= argc) {
    sh_error("kill: usage: kill [-s SIGNAL | -SIGNAL] pid | %%job ...  or  kill -l [status]");
    return 2;
  }
  for (; i < argc; i++)
    if (kill_one(argv[i], sig)) status = 1;
  sched_yield();                          // let a victim die now: its end is told before the next prompt
  return status;
}

// wait [pid | %job ...]: for the given jobs (the status of the last; 127
// for one that is none of ours) or for all running ones (0).
int builtin_wait(int argc, char **argv) {
  struct job *j;
  struct job *next;
  int status = 0;
  int i;
  int pid;
  if (argc == 1) {
    for (j = jobs; j; j = next) {
      next = j->next;
      if (job_state(j) == JOB_STOPPED) continue;
      job_wait_change(j);
      if (job_state(j) == JOB_DONE) job_free(j);
    }
    return 0;
  }
  for (i = 1; i < argc; i++) {
    j = 0;
    if (argv[i][0] == '%') {
      j = find_job(argv[i], "wait");
    } else {
      pid = atoi(argv[i]);
      for (j = jobs; j; j = j->next)
        if (j->pids[j->n - 1] == pid) break;
    }
    if (!j) {
      status = 127;
      continue;
    }
    job_wait_change(j);
    if (job_state(j) == JOB_DONE) {
      status = status_of(j->wstatus[j->n - 1], 1);
      job_free(j);
    } else {
      status = 128 + SIGTSTP;
    }
  }
  return status;
}
