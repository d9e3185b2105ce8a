// env [-i] [NAME=VALUE ...] [COMMAND [ARGUMENT ...]]: run COMMAND with the
// environment changed by the assignments (emptied first with -i), or with
// no command print the resulting environment, one NAME=VALUE a line.
// Exit status (POSIX): COMMAND's, or 126 if it cannot run, 127 if it is
// not found, 125 for env's own errors.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#define MAX_ENV 64

static char *env[MAX_ENV + 1];
static int nenv;

static void usage(FILE *to) {
  fprintf(to, "usage: env [-i] [NAME=VALUE ...] [COMMAND [ARGUMENT ...]]\n"
              "  -i  start from an empty environment\n");
}

// Set NAME=VALUE in env, replacing an entry with the same name.
static int set(char *assignment) {
  size_t name_len = strchr(assignment, '=') - assignment + 1;
  int i;
  for (i = 0; i < nenv; i++) {
    if (strncmp(env[i], assignment, name_len) == 0) {
      env[i] = assignment;
      return 0;
    }
  }
  if (nenv == MAX_ENV) return -1;
  env[nenv++] = assignment;
  return 0;
}

int main(int argc, char **argv) {
  int i = 1;
  char **e;
  if (i < argc && strcmp(argv[i], "-h") == 0) {
    usage(stdout);
    return 0;
  }
  if (i < argc && strcmp(argv[i], "-i") == 0) {
    i++;
  } else if (environ) {
    for (e = environ; *e && nenv < MAX_ENV; e++) env[nenv++] = *e;
  }
  if (i < argc && argv[i][0] == '-' && strcmp(argv[i], "-") != 0) {
    usage(stderr);
    return 125;
  }
  for (; i < argc && strchr(argv[i], '=') && argv[i][0] != '='; i++) {
    if (set(argv[i]) < 0) {
      fprintf(stderr, "env: at most %d variables\n", MAX_ENV);
      return 125;
    }
  }
  env[nenv] = 0;
  if (i == argc) {
    for (e = env; *e; e++) printf("%s\n", *e);
    return 0;
  }
  environ = env;
  execvp(argv[i], argv + i);
  fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
  return errno == ENOENT ? 127 : 126;
}
