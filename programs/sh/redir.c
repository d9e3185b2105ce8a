// Redirections: < > >> <> <& >& and here-documents, applied to the
// shell's own descriptors. In a child that then runs a program they are
// simply applied; for a built-in or a { group } in the shell itself the
// descriptors they replace are first saved (dup) and put back afterwards,
// in reverse order. The saved copies are the shell's: a child closes them
// before it runs a program.
//
// A here-document's text reaches the command through a pipe: written by
// the shell when it fits the pipe's buffer, else by a child that writes it
// (so a long text cannot block the shell).

#include "sh.h"

#define HEREDOC_DIRECT 2048               // bytes written into the pipe by the shell itself

static int hidden[32];                    // saved copies, open in the shell
static int nhidden;

void close_saved_fds(void) {
  int i;
  for (i = 0; i < nhidden; i++) close(hidden[i]);
  nhidden = 0;
}

void hide_fd(int fd) {
  if (nhidden < 32) hidden[nhidden++] = fd;
}

static void save_fd(struct saved_fds *save, int fd) {
  int i;
  int copy;
  if (!save) return;
  for (i = 0; i < save->n; i++)
    if (save->fd[i] == fd) return;
  if (save->n == 10) return;              // fds are 0..9: cannot happen twice per fd
  copy = dup(fd);                         // -1 (EBADF): it was closed
  save->fd[save->n] = fd;
  save->copy[save->n] = copy;
  save->n++;
  if (copy >= 0) hide_fd(copy);
}

void redir_restore(struct saved_fds *save) {
  int i;
  int j;
  for (i = save->n - 1; i >= 0; i--) {
    if (save->copy[i] >= 0) {
      dup2(save->copy[i], save->fd[i]);
      close(save->copy[i]);
      for (j = 0; j < nhidden; j++)
        if (hidden[j] == save->copy[i]) hidden[j] = hidden[--nhidden];
    } else {
      close(save->fd[i]);
    }
  }
  save->n = 0;
}

static void write_all(int fd, const char *s, int n) {
  int w;
  while (n > 0) {
    w = write(fd, s, n);
    if (w <= 0) return;
    s += w;
    n -= w;
  }
}

// A descriptor to read the here-document's text from, or -1.
static int heredoc_fd(struct redir *r) {
  const char *text = r->quoted ? r->body : expand_heredoc(r->body);
  int n = strlen(text);
  int fds[2];
  int pid;
  if (pipe(fds) < 0) {
    sh_error("here-document: no pipe (%s)", strerror(errno));
    return -1;
  }
  if (n <= HEREDOC_DIRECT) {
    write_all(fds[1], text, n);
    close(fds[1]);
    return fds[0];
  }
  pid = fork();
  if (pid < 0) {
    sh_error("here-document: cannot fork (%s)", strerror(errno));
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (pid == 0) {
    close(fds[0]);
    write_all(fds[1], text, n);
    _exit(0);
  }
  close(fds[1]);
  job_add_quiet(pid);                     // reaped quietly with the background jobs
  return fds[0];
}

static int open_target(struct redir *r, const char *name) {
  int flags;
  switch (r->kind) {
  case R_IN:
    flags = O_RDONLY;
    break;
  case R_OUT:
    flags = O_WRONLY | O_CREAT | O_TRUNC;
    break;
  case R_APPEND:
    flags = O_WRONLY | O_CREAT | O_APPEND;
    break;
  default:
    flags = O_RDWR | O_CREAT;
    break;
  }
  int fd = open(name, flags, 0644);
  if (fd < 0) sh_error("%s: cannot %s (%s)", name, r->kind == R_IN ? "open" : "create", strerror(errno));
  return fd;
}

static int apply_one(struct redir *r, struct saved_fds *save) {
  const char *name;
  int fd;
  char *end;
  save_fd(save, r->fd);                   // before opening: the open may take r->fd itself
  if (r->kind == R_HEREDOC) {
    fd = heredoc_fd(r);
  } else {
    name = expand_string(r->target);
    if (expand_failed) return -1;
    if (r->kind == R_DUPIN || r->kind == R_DUPOUT) {
      if (strcmp(name, "-") == 0) {
        close(r->fd);
        return 0;
      }
      fd = strtol(name, &end, 10);
      if (!*name || *end || fd < 0 || fd > 9) {
        sh_error("%s: not a descriptor number (after %s)", name, r->kind == R_DUPIN ? "<&" : ">&");
        return -1;
      }
      if (fd == r->fd) return 0;
      if (dup2(fd, r->fd) < 0) {
        sh_error("%d: bad file descriptor", fd);
        return -1;
      }
      return 0;
    }
    fd = open_target(r, name);
  }
  if (fd < 0) return -1;
  if (fd != r->fd) {
    dup2(fd, r->fd);
    close(fd);
  }
  return 0;
}

int redir_apply(struct redir *r, struct saved_fds *save) {
  for (; r; r = r->next)
    if (apply_one(r, save) < 0) return -1;
  return 0;
}
