// Command substitution, $( … ) and ` … `: the command runs in a child
// whose standard output is a pipe; the shell reads everything it writes,
// waits for it, and the text less its trailing newlines replaces the
// substitution. The child is a subshell: it sees the shell's variables and
// has no job control of its own; it stays in the shell's process group,
// so Ctrl-C reaches it like the shell, and it keeps the shell's ignored
// SIGTSTP (a substitution cannot be stopped and left behind).

#include "sh.h"

int subst_status = -1;                    // the last substitution's status (-1: none since reset)

// In the child: run text and end with its status.
static void run_text(const char *text) {
  struct parse_result pr = parse(text, strlen(text));
  if (pr.error) {
    sh_error("command substitution: syntax error: %s", pr.error);
    _exit(2);
  }
  if (!pr.tree) _exit(0);
  exit(exec_node(pr.tree, EX_EXIT));
}

// Everything fd gives until end of file, in b.
static void read_all(int fd, struct strbuf *b) {
  char buf[512];
  int n;
  for (;;) {
    n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    sb_putn(b, buf, n);
  }
}

char *command_output(const char *text) {
  struct strbuf out = {0};
  char *result;
  int fds[2];
  int pid;
  int wstatus = 0;
  if (pipe(fds) < 0) {
    sh_error("command substitution: cannot make a pipe (%s)", strerror(errno));
    expand_failed = 1;
    return "";
  }
  pid = fork();
  if (pid < 0) {
    sh_error("command substitution: cannot fork (%s)", strerror(errno));
    close(fds[0]);
    close(fds[1]);
    expand_failed = 1;
    return "";
  }
  if (pid == 0) {
    close(fds[0]);
    if (fds[1] != 1) {
      dup2(fds[1], 1);
      close(fds[1]);
    }
    child_reset();
    run_text(text);
  }
  close(fds[1]);
  read_all(fds[0], &out);
  close(fds[0]);
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
    ;
  subst_status = status_of(wstatus, 1);
  while (out.len > 0 && out.s[out.len - 1] == '\n') out.len--;
  if (out.s) out.s[out.len] = 0;
  result = sb_arena(&out);
  sb_free(&out);
  return result;
}
