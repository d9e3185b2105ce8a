// The history of the lines typed at the terminal: the line editor's up and
// down arrows walk it (edit.c) and the history built-in lists it. Lines
// are kept in memory, at most HISTORY_MAX, oldest dropped first; an empty
// line, or one the same as the line before it, is not kept (as bash's
// HISTCONTROL=ignoredups). Numbers count every line kept since the start.

#include "sh.h"

#define HISTORY_MAX 500

static char *lines[HISTORY_MAX];          // a ring: entry k (0 = oldest kept) is lines[(first + k) % MAX]
static int first;
static int count;
static int dropped;                       // how many were dropped off the front (for the numbers)

int history_count(void) {
  return count;
}

// Entry k, 0 the oldest kept, count - 1 the newest.
const char *history_get(int k) {
  if (k < 0 || k >= count) return 0;
  return lines[(first + k) % HISTORY_MAX];
}

// Keep line (without its newline).
void history_add(const char *line, int len) {
  char *copy;
  const char *last;
  int i;
  for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
    ;
  if (i == len) return;
  last = history_get(count - 1);
  if (last && (int)strlen(last) == len && memcmp(last, line, len) == 0) return;
  copy = malloc(len + 1);
  if (!copy) return;
  memcpy(copy, line, len);
  copy[len] = 0;
  if (count == HISTORY_MAX) {
    free(lines[first]);
    first = (first + 1) % HISTORY_MAX;
    count--;
    dropped++;
  }
  lines[(first + count) % HISTORY_MAX] = copy;
  count++;
}

// history [N]: the last N lines kept (all by default), numbered as bash does.
int builtin_history(int argc, char **argv) {
  char buf[32];
  int n = count;
  int k;
  if (argc > 1) {
    n = atoi(argv[1]);
    if (n < 0 || (n == 0 && strcmp(argv[1], "0") != 0)) {
      sh_error("history: %s: not a number", argv[1]);
      return 2;
    }
    if (n > count) n = count;
  }
  for (k = count - n; k < count; k++) {
    snprintf(buf, sizeof(buf), "%5d  ", dropped + k + 1);
    out_str(1, buf);
    out_str(1, history_get(k));
    out_str(1, "\n");
  }
  return 0;
}
