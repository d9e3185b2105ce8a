// The history of the lines typed at the terminal: the line editor's up and
// down arrows walk it (edit.c) and the history built-in lists it. An empty
// line, or one the same as the line before it, is not kept (as bash's
// HISTCONTROL=ignoredups). Numbers count every line kept since the start.
//
// The lines live in one block of HISTORY_BYTES, allocated when the first
// line is kept, one after another with their NULs: when a new line does
// not fit (or HISTORY_MAX are kept) the oldest go. So the history's memory
// is bounded and taken once: a shell that runs for ever does not grow.

#include "sh.h"

#define HISTORY_MAX 500
#define HISTORY_BYTES 16384

static char *text;                        // the lines, oldest first
static int used;                          // bytes of text in use
static int start[HISTORY_MAX];            // entry k (0 = oldest kept) begins at text + start[k]
static int count;
static int dropped;                       // how many were dropped off the front (for the numbers)

int history_count(void) {
  return count;
}

// Entry k, 0 the oldest kept, count - 1 the newest.
const char *history_get(int k) {
  if (k < 0 || k >= count) return 0;
  return text + start[k];
}

// Forget the oldest n entries.
static void drop_oldest(int n) {
  int cut = n < count ? start[n] : used;
  int k;
  memmove(text, text + cut, used - cut);
  used -= cut;
  for (k = n; k < count; k++) start[k - n] = start[k] - cut;
  count -= n;
  dropped += n;
}

// Keep line (without its newline).
void history_add(const char *line, int len) {
  const char *last;
  int i;
  int n = 0;
  for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
    ;
  if (i == len || len + 1 > HISTORY_BYTES) return;
  last = history_get(count - 1);
  if (last && (int)strlen(last) == len && memcmp(last, line, len) == 0) return;
  if (!text && !(text = malloc(HISTORY_BYTES))) return;
  while (n < count && (count - n >= HISTORY_MAX || used - (n < count ? start[n] : used) + len + 1 > HISTORY_BYTES))
    n++;
  if (n) drop_oldest(n);
  if (used + len + 1 > HISTORY_BYTES) drop_oldest(count);
  start[count++] = used;
  memcpy(text + used, line, len);
  text[used + len] = 0;
  used += len + 1;
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
