// sh: the Glassbox shell, a POSIX-shaped subset (see sh.h for its parts).
//
//   sh                 interactive when stdin is the terminal: a prompt
//                      "glassbox:DIR$ ", the line editor with history and
//                      Tab completion (edit.c), job control (jobs.c),
//                      "[exit status N]"
//   sh FILE [ARG...]   a script ($0 FILE, $1 … ARG); #!/bin/sh scripts
//                      arrive here through execve
//   sh -c TEXT [NAME [ARG...]]
//
// The input is read a line at a time; a line that leaves a command open
// (an if without fi, a trailing |, a quote, a here-document) is joined with
// the next ("> " prompts for it) and the whole is parsed before any of it
// runs. A script stops at a syntax error with status 2, as dash does.

#include "sh.h"

struct shell sh;

static const char *source_name;           // for positions in messages: the script, "-c" or "stdin"

void out_write(int fd, const char *s, int n) {
  int w;
  while (n > 0) {
    w = write(fd, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    s += w;
    n -= w;
  }
}

void out_str(int fd, const char *s) {
  out_write(fd, s, strlen(s));
}

void sh_error(const char *fmt, ...) {
  char buf[512];
  va_list ap;
  int n;
  strcpy(buf, "sh: ");
  va_start(ap, fmt);
  vsnprintf(buf + 4, sizeof(buf) - 5, fmt, ap);
  va_end(ap);
  n = strlen(buf);
  buf[n] = '\n';
  out_write(2, buf, n + 1);
}

// "sh: FILE:LINE:COL: syntax error: …" for an error at src[pos]; the text
// began at line first.
static void syntax_error(const char *src, struct parse_result *r, int first) {
  int line = first;
  int col = 1;
  int i;
  for (i = 0; i < r->errpos; i++) {
    if (src[i] == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  sh_error("%s:%d:%d: syntax error: %s", source_name, line, col, r->error);
}

static const char *prompt(void) {
  static char buf[240];
  char cwd[200];
  if (!getcwd(cwd, sizeof(cwd))) strcpy(cwd, "?");
  snprintf(buf, sizeof(buf), "glassbox:%s$ ", cwd);
  return buf;
}

// May an interactive shell end now? Not the first time it is asked with
// jobs stopped (as bash: the second time in a row, it does).
int may_exit(void) {
  if (!sh.interactive || sh.in_child || !jobs_stopped() || sh.exit_warned) return 1;
  out_str(2, "There are stopped jobs.\n");
  sh.exit_warned = 2;
  return 0;
}

static int count_lines(const char *s, int n) {
  int lines = 0;
  int i;
  for (i = 0; i < n; i++)
    if (s[i] == '\n') lines++;
  return lines;
}

// Read, parse and run commands until the input ends.
static int run_input(struct input *in) {
  struct strbuf cmd = {0};
  struct parse_result pr;
  struct mark m;
  int line = 1;
  int r;
  char buf[40];
  for (;;) {
    in->prompt = 0;
    if (sh.interactive) {
      if (cmd.len == 0) {
        job_reap(1);
        in->prompt = prompt();
      } else {
        in->prompt = "> ";
      }
    }
    r = input_line(in, &cmd);
    if (r < 0) {                          // Ctrl-C: the line was thrown away (and ^C shown)
      cmd.len = 0;
      continue;
    }
    if (sh.exit_warned) sh.exit_warned--;
    if (r == 0 && cmd.len == 0) {
      if (!may_exit()) continue;
      break;
    }
    m = arena_mark();
    pr = parse(sb_str(&cmd), cmd.len);
    if (pr.error && pr.incomplete && r != 0) {
      arena_release(m);
      continue;                           // the command goes on in the next line
    }
    edit_restore();
    if (pr.error) {
      syntax_error(sb_str(&cmd), &pr, line);
      sh.status = 2;
      if (!sh.interactive) exit(2);
    } else if (pr.tree) {
      exec_node(pr.tree, 0);
      if (sh.interactive && sh.status != 0 && !sh.signaled) {
        snprintf(buf, sizeof(buf), "[exit status %d]\n", sh.status);
        out_str(2, buf);
      }
    }
    arena_release(m);
    line += count_lines(sb_str(&cmd), cmd.len);
    cmd.len = 0;
    if (r == 0) break;
  }
  sb_free(&cmd);
  return sh.status;
}

// Ctrl-C at the prompt: the interrupted read returns EINTR, or, if the
// signal came as a read was returning a byte, the editor sees the flag.
volatile int sh_sigint;

static void on_interrupt(int sig) {
  (void)sig;
  sh_sigint = 1;
}

static void default_var(const char *name, const char *value) {
  if (!var_get(name)) {
    var_set(name, value);
    var_export(name);
  }
}

int main(int argc, char **argv, char **envp) {
  struct input in;
  int fd;
  memset(&in, 0, sizeof(in));
  memset(&sh, 0, sizeof(sh));
  sh.pid = getpid();
  var_import(envp);
  default_var("PATH", "/bin");
  default_var("HOME", "/");
  sh.argc = argc;
  sh.argv = argv;
  if (argc > 1 && strcmp(argv[1], "-c") == 0) {
    if (argc < 3) {
      sh_error("-c: needs a command");
      return 2;
    }
    in.fd = -1;
    in.text = argv[2];
    source_name = "-c";
    sh.argv = argv + (argc > 3 ? 3 : 0);
    sh.argc = argc > 3 ? argc - 3 : 1;
  } else if (argc > 1) {
    fd = open(argv[1], O_RDONLY);
    if (fd < 0) {
      sh_error("%s: cannot open (%s)", argv[1], strerror(errno));
      return 127;
    }
    in.fd = fd;
    hide_fd(fd);
    source_name = argv[1];
    sh.argv = argv + 1;
    sh.argc = argc - 1;
  } else {
    in.fd = 0;
    source_name = "stdin";
    sh.interactive = isatty(0);
  }
  if (sh.interactive) {
    signal(SIGINT, on_interrupt);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    setpgid(0, 0);
    tcsetpgrp(0, getpid());
    sh.pgid = getpgrp();
    in.edit = 1;
  }
  run_input(&in);
  edit_restore();
  if (sh.interactive) out_str(2, "exit\n");
  return sh.status;
}
