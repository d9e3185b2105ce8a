// sh: the Glassbox shell.
//
// Reads a line, splits it into words ('...' and "..." quote), and runs it:
// the built-ins cd, pwd and exit run in the shell itself; anything else is a
// program in /bin (or a path), started the Unix way: fork, then execve in
// the child, then waitpid in the parent. The child gets its own process
// group, made the console's foreground group, so Ctrl-C interrupts it and
// not the shell. `a | b | c` connects commands with pipes (they share one
// process group); `cmd &` runs in the background; `> file`, `>> file` and
// `< file` redirect. After each command the shell reports a non-zero exit
// status, or the signal that killed the program ("Segmentation fault").
//
// The prompt is "glassbox:DIR$ ".

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <errno.h>

#define MAXLINE 256
#define MAXWORDS 32
#define MAXCMDS 8

struct command {
  char *argv[MAXWORDS + 1];
  int argc;
  char *in;                  // < file
  char *out;                 // > file or >> file
  int append;
};

// The commands of one line, connected by pipes.
struct pipeline {
  struct command cmds[MAXCMDS];
  int n;
  int background;
};

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

// Say how a program ended, unless it succeeded.
static void report(int pid, int status, int background) {
  const char *msg;
  if (WIFSIGNALED(status)) {
    if (WTERMSIG(status) == SIGINT && !background) return;   // Ctrl-C: the console already showed ^C
    msg = signal_message(WTERMSIG(status));
    if (background) printf("[%d] ", pid);
    if (msg) printf("%s\n", msg);
    else printf("Killed by signal %d\n", WTERMSIG(status));
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    if (background) printf("[%d] Exit %d\n", pid, WEXITSTATUS(status));
    else printf("[exit status %d]\n", WEXITSTATUS(status));
  } else if (background) {
    printf("[%d] Done\n", pid);
  }
}

// Split line into pl. Returns 0, or -1 after printing a syntax error.
static int parse(char *line, struct pipeline *pl) {
  char *p = line;
  char *word;
  char quote;
  char **target;
  struct command *cmd;
  memset(pl, 0, sizeof(struct pipeline));
  pl->n = 1;
  cmd = &pl->cmds[0];
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\n') p++;
    if (*p == 0) break;
    if (*p == '&') {
      pl->background = 1;
      p++;
      continue;
    }
    if (*p == '|') {
      if (cmd->argc == 0 || pl->n == MAXCMDS) {
        printf(cmd->argc == 0 ? "sh: missing command before |\n" : "sh: too many commands in a pipeline\n");
        return -1;
      }
      cmd->argv[cmd->argc] = 0;
      cmd = &pl->cmds[pl->n++];
      p++;
      continue;
    }
    target = 0;
    if (*p == '<') {
      target = &cmd->in;
      p++;
    } else if (*p == '>') {
      target = &cmd->out;
      p++;
      if (*p == '>') {
        cmd->append = 1;
        p++;
      }
    }
    while (*p == ' ' || *p == '\t') p++;
    word = p;
    char *w = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '&' && *p != '<' && *p != '>' && *p != '|') {
      if (*p == '\'' || *p == '"') {
        quote = *p++;
        while (*p && *p != quote) *w++ = *p++;
        if (*p != quote) {
          printf("sh: missing closing %c\n", quote);
          return -1;
        }
        p++;
      } else {
        *w++ = *p++;
      }
    }
    if (*p == ' ' || *p == '\t' || *p == '\n') p++;
    *w = 0;
    if (target) {
      if (*word == 0) {
        printf("sh: missing file name after redirection\n");
        return -1;
      }
      *target = word;
      continue;
    }
    if (cmd->argc == MAXWORDS) {
      printf("sh: too many words\n");
      return -1;
    }
    cmd->argv[cmd->argc++] = word;
  }
  cmd->argv[cmd->argc] = 0;
  if (pl->n > 1 && cmd->argc == 0) {
    printf("sh: missing command after |\n");
    return -1;
  }
  return 0;
}

// In the child: apply redirections, then become the program.
static void run_child(struct command *cmd) {
  int fd;
  signal(SIGINT, SIG_DFL);
  if (cmd->in) {
    fd = open(cmd->in, O_RDONLY, 0);
    if (fd < 0) {
      printf("sh: %s: cannot open\n", cmd->in);
      _exit(1);
    }
    dup2(fd, 0);
    close(fd);
  }
  if (cmd->out) {
    fd = open(cmd->out, O_WRONLY | O_CREAT | (cmd->append ? O_APPEND : O_TRUNC), 0644);
    if (fd < 0) {
      printf("sh: %s: cannot create\n", cmd->out);
      _exit(1);
    }
    dup2(fd, 1);
    close(fd);
  }
  execvp(cmd->argv[0], cmd->argv);
  if (errno == ENOENT) printf("sh: %s: command not found\n", cmd->argv[0]);
  else printf("sh: %s: cannot execute (error %d)\n", cmd->argv[0], errno);
  _exit(127);
}

// Collect background jobs that have finished.
static void reap_background(void) {
  int status;
  int pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) report(pid, status, 1);
}

static int builtin(struct command *cmd) {
  char cwd[128];
  const char *dir;
  if (strcmp(cmd->argv[0], "cd") == 0) {
    dir = cmd->argc > 1 ? cmd->argv[1] : "/";
    if (chdir(dir) < 0) printf("sh: cd: %s: no such directory\n", dir);
    return 1;
  }
  if (strcmp(cmd->argv[0], "pwd") == 0) {
    if (getcwd(cwd, sizeof(cwd))) printf("%s\n", cwd);
    return 1;
  }
  if (strcmp(cmd->argv[0], "exit") == 0) {
    exit(cmd->argc > 1 ? atoi(cmd->argv[1]) : 0);
  }
  return 0;
}

// Start every command of the pipeline, each in a child connected to the
// next by a pipe, all in one process group (the first child's pid); then,
// unless it runs in the background, make that group the foreground and wait.
static void run(struct pipeline *pl) {
  int pids[MAXCMDS];
  int fds[2];
  int prev_read = -1;
  int pgid = 0;
  int status = 0;
  int i;
  int pid;
  if (pl->n == 1 && builtin(&pl->cmds[0])) return;
  for (i = 0; i < pl->n; i++) {
    if (i + 1 < pl->n && pipe(fds) < 0) {
      printf("sh: pipe failed (error %d)\n", errno);
      break;
    }
    pid = fork();
    if (pid < 0) {
      printf("sh: fork failed (error %d)\n", errno);
      if (i + 1 < pl->n) {
        close(fds[0]);
        close(fds[1]);
      }
      break;
    }
    if (pid == 0) {
      setpgid(0, pgid);
      if (!pl->background && i == 0) tcsetpgrp(0, getpid());
      if (prev_read >= 0) {
        dup2(prev_read, 0);
        close(prev_read);
      }
      if (i + 1 < pl->n) {
        close(fds[0]);
        dup2(fds[1], 1);
        close(fds[1]);
      }
      run_child(&pl->cmds[i]);
    }
    if (i == 0) pgid = pid;
    setpgid(pid, pgid);
    pids[i] = pid;
    if (prev_read >= 0) close(prev_read);
    prev_read = -1;
    if (i + 1 < pl->n) {
      close(fds[1]);
      prev_read = fds[0];
    }
  }
  if (prev_read >= 0) close(prev_read);
  if (i == 0) return;
  if (pl->background) {
    printf("[%d]\n", pgid);
    return;
  }
  tcsetpgrp(0, pgid);
  while (i > 0) {
    i--;
    while (waitpid(pids[i], &status, 0) < 0) {
      if (errno != EINTR) break;
    }
    // The pipeline's status is its last command's; others speak up only
    // when a signal other than SIGPIPE killed them.
    if (i == pl->n - 1 || (WIFSIGNALED(status) && WTERMSIG(status) != SIGPIPE)) report(pids[i], status, 0);
  }
  tcsetpgrp(0, getpgrp());
}

// The prompt goes out with write(), so it shows whatever stdio buffers.
static void prompt(const char *cwd) {
  char buf[160];
  snprintf(buf, sizeof(buf), "glassbox:%s$ ", cwd);
  write(1, buf, strlen(buf));
}

// Ctrl-C at the prompt: the console has thrown the line away and shown ^C;
// the interrupted read returns EINTR and the loop prints a new prompt.
static void on_interrupt(int sig) {
  (void)sig;
}

int main(void) {
  char line[MAXLINE];
  char cwd[128];
  struct pipeline pl;
  int n;
  signal(SIGINT, on_interrupt);
  setpgid(0, 0);
  tcsetpgrp(0, getpid());
  for (;;) {
    reap_background();
    if (!getcwd(cwd, sizeof(cwd))) strcpy(cwd, "?");
    prompt(cwd);
    n = read(0, line, sizeof(line) - 1);
    if (n <= 0) {
      if (n == 0) {
        printf("exit\n");
        return 0;
      }
      continue;
    }
    line[n] = 0;
    if (parse(line, &pl) < 0 || pl.cmds[0].argc == 0) continue;
    run(&pl);
  }
}
