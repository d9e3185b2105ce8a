// The executor: walks the syntax tree. Lists, && and ||, if, while and for
// run in the shell itself; a pipeline forks one child per command, joined
// by pipes; ( ... ) and & fork a subshell; a simple command is expanded,
// then run as a built-in (with its redirections saved and undone) or as a
// program in a child. A child that has nothing left to do after its
// command (the last command of a pipeline or subshell) execs the program
// itself instead of forking again (EX_EXIT).

#include "sh.h"

static int run_simple(struct node *n, int flags);

// In a child: run n, then end with its status.
static void run_and_exit(struct node *n) {
  exit(exec_node(n, EX_EXIT));
}

static int run_pipeline(struct node *n) {
  struct node *c;
  int count = 0;
  int *pids;
  int fds[2];
  int prev = -1;
  int pgid = 0;
  int pid;
  int i = 0;
  for (c = n->a; c; c = c->next) count++;
  pids = arena_alloc(count * sizeof(int));
  for (c = n->a; c; c = c->next) {
    if (c->next && pipe(fds) < 0) {
      sh_error("cannot make a pipe (%s)", strerror(errno));
      break;
    }
    pid = fork_child(pgid, 1);
    if (pid < 0) {
      if (c->next) {
        close(fds[0]);
        close(fds[1]);
      }
      break;
    }
    if (pid == 0) {
      if (prev >= 0) {
        dup2(prev, 0);
        close(prev);
      }
      if (c->next) {
        close(fds[0]);
        dup2(fds[1], 1);
        close(fds[1]);
      }
      run_and_exit(c);
    }
    if (!pgid) pgid = pid;
    pids[i++] = pid;
    if (prev >= 0) close(prev);
    prev = -1;
    if (c->next) {
      close(fds[1]);
      prev = fds[0];
    }
  }
  if (prev >= 0) close(prev);
  if (i == 0) return 1;
  return wait_job(pids, i, pgid, n);
}

static int run_background(struct node *n) {
  int pid = fork_child(0, 0);
  if (pid < 0) return 1;
  if (pid == 0) {
    signal(SIGINT, sh.interactive ? SIG_DFL : SIG_IGN);   // POSIX: a script's & ignores SIGINT
    run_and_exit(n->a);
  }
  sh.lastbg = pid;
  job_add(pid, n->a);
  return 0;
}

static int run_subshell(struct node *n, int flags) {
  int pid;
  int wstatus;
  if (flags & EX_EXIT) {                  // already a child: no need for another
    if (redir_apply(n->redirs, 0) < 0) exit(1);
    run_and_exit(n->a);
  }
  pid = fork_child(0, 1);
  if (pid < 0) return 1;
  if (pid == 0) {
    if (redir_apply(n->redirs, 0) < 0) exit(1);
    run_and_exit(n->a);
  }
  wstatus = wait_job(&pid, 1, pid, n);
  (void)wstatus;
  return wstatus;
}

static int run_for(struct node *n) {
  struct mark m = arena_mark();
  char **items;
  int count;
  int status = 0;
  int i;
  expand_failed = 0;
  if (n->nwords < 0) {
    items = sh.argv + 1;
    count = sh.argc - 1;
  } else {
    items = expand_words(n->words, n->nwords, &count);
    if (expand_failed) {
      arena_release(m);
      return 1;
    }
  }
  for (i = 0; i < count; i++) {
    var_set(n->name, items[i]);
    status = exec_node(n->b, 0);
  }
  arena_release(m);
  return status;
}

// case: the first item with a pattern that matches the subject runs.
static int run_case(struct node *n) {
  struct mark m = arena_mark();
  char *subject = expand_string(n->words[0]);
  struct node *item;
  int i;
  int status = 0;
  for (item = n->b; item; item = item->next) {
    for (i = 0; i < item->nwords; i++) {
      if (glob_match(expand_pattern(item->words[i]), subject)) {
        status = item->a ? exec_node(item->a, 0) : 0;
        arena_release(m);
        return status;
      }
    }
  }
  arena_release(m);
  return 0;
}

// The compound commands and lists.
static int run_compound(struct node *n, int flags) {
  int status = 0;
  switch (n->kind) {
  case N_SEQ:
    exec_node(n->a, 0);
    return exec_node(n->b, flags);
  case N_AND:
    status = exec_node(n->a, 0);
    return status == 0 ? exec_node(n->b, flags) : status;
  case N_OR:
    status = exec_node(n->a, 0);
    return status != 0 ? exec_node(n->b, flags) : status;
  case N_NOT:
    return !exec_node(n->a, 0);
  case N_BG:
    return run_background(n);
  case N_PIPE:
    return run_pipeline(n);
  case N_GROUP:
    return exec_node(n->a, flags);
  case N_IF:
    if (exec_node(n->a, 0) == 0) return exec_node(n->b, flags);
    return n->c ? exec_node(n->c, flags) : 0;
  case N_WHILE:
  case N_UNTIL:
    while ((exec_node(n->a, 0) == 0) == (n->kind == N_WHILE)) status = exec_node(n->b, 0);
    return status;
  case N_FOR:
    return run_for(n);
  case N_CASE:
    return run_case(n);
  default:
    sh_error("internal error: node kind %d", n->kind);
    return 2;
  }
}

int exec_node(struct node *n, int flags) {
  struct saved_fds save;
  int status;
  if (n->kind == N_SIMPLE) {
    status = run_simple(n, flags);
  } else if (n->kind == N_SUBSHELL) {
    status = run_subshell(n, flags);
  } else if (n->redirs) {
    save.n = 0;
    if (redir_apply(n->redirs, &save) < 0) status = 1;
    else status = run_compound(n, 0);
    redir_restore(&save);
  } else {
    status = run_compound(n, flags);
  }
  sh.status = status;
  return status;
}

// Find the program for name: a path as given, else the first directory of
// $PATH that has it. The path, or 0 with errno.
static char *find_program(const char *name) {
  const char *path = var_get("PATH");
  const char *p;
  const char *colon;
  char *full;
  struct stat st;
  int dirlen;
  if (strchr(name, '/')) return (char *)name;
  if (!path) path = "/bin";
  errno = ENOENT;
  for (p = path;; p = colon + 1) {
    colon = strchr(p, ':');
    dirlen = colon ? colon - p : (int)strlen(p);
    full = arena_alloc(dirlen + strlen(name) + 2);
    memcpy(full, p, dirlen);
    if (dirlen == 0) full[dirlen++] = '.';
    full[dirlen] = '/';
    strcpy(full + dirlen + 1, name);
    if (stat(full, &st) == 0 && !S_ISDIR(st.st_mode)) return full;
    if (!colon) return 0;
  }
}

int run_program(char **argv, char **assigns, int nassign) {
  char *path = find_program(argv[0]);
  int err;
  close_saved_fds();
  if (path) {
    execve(path, argv, var_environ(assigns, nassign));
    err = errno;
    if (err == ENOENT) sh_error("%s: command not found", argv[0]);
    else if (err == ENOEXEC) sh_error("%s: cannot execute: not a program or a #! script", argv[0]);
    else sh_error("%s: cannot execute (%s)", argv[0], strerror(err));
    _exit(err == ENOENT ? 127 : 126);
  }
  sh_error("%s: command not found", argv[0]);
  _exit(127);
}

// NAME=value words: expanded; set in the shell (persist) or returned for envp.
static char **expand_assigns(struct node *n, int persist) {
  char **out = arena_alloc((n->nassign + 1) * sizeof(char *));
  char *eq;
  char *value;
  int i;
  for (i = 0; i < n->nassign; i++) {
    eq = strchr(n->words[i], '=');
    value = expand_string(eq + 1);
    if (persist) var_setn(n->words[i], eq - n->words[i], value);
    out[i] = arena_alloc((eq - n->words[i]) + strlen(value) + 2);
    memcpy(out[i], n->words[i], eq - n->words[i] + 1);
    strcpy(out[i] + (eq - n->words[i]) + 1, value);
  }
  return out;
}

// A built-in with X=1 before it sees X only while it runs.
static int run_builtin(builtin_fn fn, int argc, char **argv, char **assigns, int nassign) {
  char **old = arena_alloc((nassign + 1) * sizeof(char *));
  int status;
  int i;
  char *eq;
  for (i = 0; i < nassign; i++) {
    eq = strchr(assigns[i], '=');
    *eq = 0;
    old[i] = (char *)var_get(assigns[i]);
    if (old[i]) old[i] = arena_strdup(old[i]);
    var_set(assigns[i], eq + 1);
    *eq = '=';
  }
  status = fn(argc, argv);
  for (i = 0; i < nassign; i++) {
    eq = strchr(assigns[i], '=');
    *eq = 0;
    if (old[i]) var_set(assigns[i], old[i]);
    else var_unset(assigns[i]);
    *eq = '=';
  }
  return status;
}

static int run_simple(struct node *n, int flags) {
  struct mark m = arena_mark();
  struct saved_fds save;
  char **argv;
  char **assigns;
  builtin_fn fn;
  int argc;
  int pid;
  int status;
  expand_failed = 0;
  sh.signaled = 0;
  subst_status = -1;
  argv = expand_words(n->words + n->nassign, n->nwords - n->nassign, &argc);
  if (expand_failed) {
    arena_release(m);
    return 1;
  }
  if (argc == 0) {                        // assignments and redirections alone
    expand_assigns(n, 1);
    save.n = 0;
    status = expand_failed || redir_apply(n->redirs, &save) < 0 ? 1 : 0;
    if (status == 0 && subst_status >= 0) status = subst_status;   // x=$(false) is false
    redir_restore(&save);
    arena_release(m);
    return status;
  }
  fn = builtin_find(argv[0]);
  if (fn) {
    assigns = expand_assigns(n, 0);
    save.n = 0;
    if (expand_failed || redir_apply(n->redirs, &save) < 0) status = 1;
    else status = run_builtin(fn, argc, argv, assigns, n->nassign);
    redir_restore(&save);
    arena_release(m);
    return status;
  }
  assigns = expand_assigns(n, 0);
  if (expand_failed) {
    arena_release(m);
    return 1;
  }
  if (flags & EX_EXIT) {
    if (redir_apply(n->redirs, 0) < 0) exit(1);
    run_program(argv, assigns, n->nassign);
  }
  pid = fork_child(0, 1);
  if (pid < 0) {
    arena_release(m);
    return 1;
  }
  if (pid == 0) {
    if (redir_apply(n->redirs, 0) < 0) _exit(1);
    run_program(argv, assigns, n->nassign);
  }
  status = wait_job(&pid, 1, pid, n);
  arena_release(m);
  return status;
}
