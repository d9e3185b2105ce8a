// xargs [-n N] [COMMAND [ARGUMENT ...]]: run COMMAND (echo by default)
// with the words of standard input appended to its arguments, as many per
// run as fit (at most N with -n). Words are separated by blanks and
// newlines; '...', "..." and a backslash quote as in POSIX's xargs.
//
// Exit status (POSIX, GNU's numbers): 0 if every run succeeded, 123 if one
// exited with 1-125, 124 if one exited with 255 (xargs stops), 125 if one
// was killed by a signal (xargs stops), 126 if COMMAND cannot run, 127 if
// it is not found, 1 for xargs's own errors.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

// What one execve may carry (the kernel's MAXARG and MAXARGBYTES).
#define MAX_ARGS 31                 // plus the terminating null pointer: 32
#define ARG_BYTES 4096
#define MAX_WORD 256

static char *cmd[MAX_ARGS + 1];
static int ncmd;                    // the fixed part: COMMAND and its arguments
static int nwords;
static int ran;                     // a batch has run (with no input at all, the command runs once)
static int used;                    // bytes of argument strings in cmd, NULs included
static int per_run = MAX_ARGS;

static void usage(FILE *to) {
  fprintf(to, "usage: xargs [-n N] [COMMAND [ARGUMENT ...]]\n"
              "  run COMMAND (default echo) with the words of standard input as arguments\n"
              "  -n N  at most N words per run\n");
}

// The next word of standard input into buf, or 0 at the end; exits on a quoting error.
static char *next_word(char *buf) {
  int c;
  int n = 0;
  int quote = 0;
  while ((c = getchar()) == ' ' || c == '\t' || c == '\n')
    ;
  while (c != EOF && (quote || (c != ' ' && c != '\t' && c != '\n'))) {
    if (quote && c == quote) {
      quote = 0;
    } else if (!quote && (c == '\'' || c == '"')) {
      quote = c;
    } else {
      if (!quote && c == '\\') c = getchar();
      if (c == EOF || (quote && c == '\n')) break;
      if (n == MAX_WORD - 1) {
        fprintf(stderr, "xargs: a word is longer than %d bytes\n", MAX_WORD - 1);
        exit(1);
      }
      buf[n++] = (char)c;
    }
    c = getchar();
  }
  if (quote) {
    fprintf(stderr, "xargs: unmatched %s quote\n", quote == '"' ? "double" : "single");
    exit(1);
  }
  buf[n] = 0;
  return n > 0 || c != EOF ? buf : 0;
}

// Run the command with its words; returns the exit status xargs owes it (0 = go on).
static int run(void) {
  int pid;
  int wstatus;
  cmd[ncmd + nwords] = 0;
  fflush(stdout);
  pid = fork();
  if (pid < 0) {
    fprintf(stderr, "xargs: fork: %s\n", strerror(errno));
    exit(1);
  }
  if (pid == 0) {
    execvp(cmd[0], cmd);
    fprintf(stderr, "xargs: %s: %s\n", cmd[0], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
  }
  while (waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) return 1;
  }
  while (nwords > 0) {
    nwords--;
    used -= strlen(cmd[ncmd + nwords]) + 1;
    free(cmd[ncmd + nwords]);
  }
  if (WIFSIGNALED(wstatus)) return 125;
  if (WEXITSTATUS(wstatus) == 255) return 124;
  if (WEXITSTATUS(wstatus) == 126 || WEXITSTATUS(wstatus) == 127) return WEXITSTATUS(wstatus);
  return WEXITSTATUS(wstatus) ? 123 : 0;
}

// Run one batch and fold its result into *status; 1 when xargs must stop
// (the command exited 255, was killed, cannot run or was not found).
static int run_batch(int *status) {
  int r = run();
  ran = 1;
  if (r) *status = r;
  return r >= 124;
}

int main(int argc, char **argv) {
  char word[MAX_WORD];
  char *end;
  int opt;
  int i;
  int status = 0;
  while ((opt = getopt(argc, argv, "n:h")) != -1) {
    if (opt == 'n') {
      per_run = (int)strtol(optarg, &end, 10);
      if (*optarg == 0 || *end != 0 || per_run < 1) {
        fprintf(stderr, "xargs: invalid number for -n: '%s'\n", optarg);
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
  if (argc - optind > MAX_ARGS / 2) {
    fprintf(stderr, "xargs: too many arguments for the command\n");
    return 1;
  }
  if (optind == argc) cmd[ncmd++] = "echo";
  for (i = optind; i < argc; i++) cmd[ncmd++] = argv[i];
  for (i = 0; i < ncmd; i++) used += strlen(cmd[i]) + 1;
  if (per_run > MAX_ARGS - ncmd) per_run = MAX_ARGS - ncmd;
  if (used + MAX_WORD > ARG_BYTES) {
    fprintf(stderr, "xargs: the command's arguments leave no room for words\n");
    return 1;
  }
  while (next_word(word)) {
    if (nwords == per_run || (nwords > 0 && used + (int)strlen(word) + 1 > ARG_BYTES)) {
      if (run_batch(&status)) return status;
    }
    used += strlen(word) + 1;
    cmd[ncmd + nwords] = strdup(word);
    if (!cmd[ncmd + nwords]) {
      fprintf(stderr, "xargs: out of memory\n");
      return 1;
    }
    nwords++;
  }
  if (nwords > 0 || !ran) run_batch(&status);
  return status;
}
