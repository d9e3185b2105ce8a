// Processes: forking children into the right process group, waiting for
// the foreground job, and the background jobs. An interactive shell gives
// every job its own process group and makes a foreground job's group the
// console's (tcsetpgrp), so Ctrl-C reaches the job and not the shell; a
// background job's end is reported before the next prompt. A shell that
// runs a script leaves its children in its own group, as dash does.

#include "sh.h"

struct job {
  int pid;
  int quiet;                              // a here-document writer: reaped without a word
  struct job *next;
};

static struct job *jobs;

// The message bash prints for a program killed by sig.
static const char *signal_message(int sig) {
  switch (sig) {
  case SIGSEGV:
    return "Segmentation fault";
  case SIGILL:
    return "Illegal instruction";
  case SIGFPE:
    return "Floating point exception";
  case SIGKILL:
    return "Killed";
  case SIGTERM:
    return "Terminated";
  case SIGINT:
    return "Interrupt";
  case SIGABRT:
    return "Aborted";
  case SIGTRAP:
    return "Trace/breakpoint trap";
  case SIGBUS:
    return "Bus error";
  case SIGHUP:
    return "Hangup";
  case SIGQUIT:
    return "Quit";
  case SIGUSR1:
    return "User defined signal 1";
  case SIGUSR2:
    return "User defined signal 2";
  case SIGPIPE:
    return "Broken pipe";
  case SIGALRM:
    return "Alarm clock";
  default:
    return 0;
  }
}

static void say_signal(int sig, int pid) {
  char buf[64];
  const char *msg = signal_message(sig);
  if (pid) snprintf(buf, sizeof(buf), "[%d] ", pid);
  else buf[0] = 0;
  out_str(2, buf);
  if (msg) {
    out_str(2, msg);
    out_str(2, "\n");
  } else {
    snprintf(buf, sizeof(buf), "Killed by signal %d\n", sig);
    out_str(2, buf);
  }
}

// $? for a wait status. A death by signal is told (not SIGINT: the console
// showed ^C; not when quiet) and marks sh.signaled.
int status_of(int wstatus, int quiet) {
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
  int pid = fork();
  int job_control = sh.interactive && !sh.in_child;
  if (pid < 0) {
    sh_error("cannot fork (%s)", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    if (job_control) {
      setpgid(0, pgid);
      if (foreground) tcsetpgrp(0, pgid ? pgid : getpid());
    }
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    sh.in_child = 1;
    jobs = 0;                             // the parent's jobs are not this process's children
    return 0;
  }
  if (job_control) setpgid(pid, pgid ? pgid : pid);
  return pid;
}

static int wait_for(int pid, int *wstatus) {
  while (waitpid(pid, wstatus, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return 0;
}

// Wait for the processes of a foreground job (pgid its group); the status
// is the last one's. Another process speaks up only when a signal other
// than SIGPIPE killed it.
int wait_job(int *pids, int n, int pgid) {
  int job_control = sh.interactive && !sh.in_child;
  int wstatus = 0;
  int status = 0;
  int i;
  if (job_control && pgid) tcsetpgrp(0, pgid);
  for (i = 0; i < n; i++) {
    if (wait_for(pids[i], &wstatus) < 0) continue;
    if (i == n - 1) status = status_of(wstatus, 0);
    else if (WIFSIGNALED(wstatus) && WTERMSIG(wstatus) != SIGPIPE) status_of(wstatus, 0);
  }
  if (job_control && pgid) tcsetpgrp(0, sh.pgid);
  return status;
}

// A background job (pid < 0: a quiet helper process, -pid).
void job_add(int pid, const char *what) {
  struct job *j = malloc(sizeof(struct job));
  (void)what;
  if (!j) return;
  j->quiet = pid < 0;
  j->pid = pid < 0 ? -pid : pid;
  j->next = jobs;
  jobs = j;
}

static void report(struct job *j, int wstatus) {
  char buf[64];
  if (j->quiet) return;
  if (WIFSIGNALED(wstatus)) {
    say_signal(WTERMSIG(wstatus), j->pid);
    return;
  }
  if (WEXITSTATUS(wstatus)) snprintf(buf, sizeof(buf), "[%d] Exit %d\n", j->pid, WEXITSTATUS(wstatus));
  else snprintf(buf, sizeof(buf), "[%d] Done\n", j->pid);
  out_str(2, buf);
}

void job_reap(int say) {
  struct job **pp = &jobs;
  struct job *j;
  int wstatus;
  while (*pp) {
    j = *pp;
    if (waitpid(j->pid, &wstatus, WNOHANG) == j->pid) {
      if (say) report(j, wstatus);
      *pp = j->next;
      free(j);
    } else {
      pp = &j->next;
    }
  }
}

// wait [pid]: for one background job (its status; 127 if it is none of
// ours) or for all of them (0).
int job_wait(int pid) {
  struct job **pp = &jobs;
  struct job *j;
  int wstatus = 0;
  int status = 127;
  while (*pp) {
    j = *pp;
    if (pid && j->pid != pid) {
      pp = &j->next;
      continue;
    }
    if (wait_for(j->pid, &wstatus) == 0) status = status_of(wstatus, 1);
    *pp = j->next;
    free(j);
    if (pid) return status;
  }
  return pid ? 127 : 0;
}

void job_list(void) {
  struct job *j;
  char buf[48];
  job_reap(1);
  for (j = jobs; j; j = j->next) {
    if (j->quiet) continue;
    snprintf(buf, sizeof(buf), "[%d] Running\n", j->pid);
    out_str(1, buf);
  }
}
