// Tab completion for the line editor: the word before the cursor is
// completed as a command name where a command starts (the built-ins and
// the programs in $PATH's directories) and as a file name elsewhere (or
// when it has a '/'): the names in its directory that begin with what was
// typed, a directory's with a '/' after it. Dot files are offered only
// when the word starts with a dot. The editor inserts what all the
// candidates share, and lists them on a second Tab (edit.c).

#include "sh.h"
#include <dirent.h>

static int is_word_break(int c) {
  return c == ' ' || c == '\t' || c == ';' || c == '|' || c == '&' || c == '(' || c == ')' || c == '<' ||
         c == '>';
}

// Is the word at start where a command name goes (first on the line, or
// after ; | & ( )?
static int at_command_start(const char *line, int start) {
  int i = start;
  while (i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t')) i--;
  return i == 0 || strchr(";|&(", line[i - 1]) != 0;
}

// Add a heap copy of s to out unless it is there already; out stays sorted.
static void add_sorted(struct vec *out, const char *s) {
  int i;
  int k;
  char *copy;
  for (i = 0; i < out->n; i++) {
    int c = strcmp(out->items[i], s);
    if (c == 0) return;
    if (c > 0) break;
  }
  copy = strdup(s);
  if (!copy) return;
  vec_push(out, copy);
  for (k = out->n - 1; k > i; k--) out->items[k] = out->items[k - 1];
  out->items[i] = copy;
}

// Names in directory dir that begin with prefix, each as head + name
// (+ '/' for a directory). Only programs when commands_only.
static void add_dir(struct vec *out, const char *dir, const char *head, const char *prefix, int commands_only) {
  DIR *d = opendir(*dir ? dir : ".");
  struct dirent *e;
  struct strbuf b = {0};
  int plen = strlen(prefix);
  if (!d) return;
  while ((e = readdir(d)) != 0) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (e->d_name[0] == '.' && prefix[0] != '.') continue;
    if (strncmp(e->d_name, prefix, plen) != 0) continue;
    if (commands_only && e->d_type == DT_DIR) continue;
    b.len = 0;
    sb_puts(&b, head);
    sb_puts(&b, e->d_name);
    if (e->d_type == DT_DIR) sb_putc(&b, '/');
    add_sorted(out, sb_str(&b));
  }
  closedir(d);
  sb_free(&b);
}

static void add_commands(struct vec *out, const char *prefix) {
  const char *path = var_get("PATH");
  const char *p;
  const char *colon;
  char dir[256];
  int len;
  int i;
  const char *name;
  for (i = 0; (name = builtin_name(i)) != 0; i++)
    if (strncmp(name, prefix, strlen(prefix)) == 0) add_sorted(out, name);
  if (!path) path = "/bin";
  for (p = path;; p = colon + 1) {
    colon = strchr(p, ':');
    len = colon ? colon - p : (int)strlen(p);
    if (len < (int)sizeof(dir)) {
      memcpy(dir, p, len);
      dir[len] = 0;
      add_dir(out, len ? dir : ".", "", prefix, 1);
    }
    if (!colon) break;
  }
}

int complete_word(const char *line, int cursor, int *start, struct vec *out) {
  int s = cursor;
  char *word;
  char *slash;
  char *dir;
  while (s > 0 && !is_word_break(line[s - 1])) s--;
  *start = s;
  word = arena_strndup(line + s, cursor - s);
  slash = strrchr(word, '/');
  if (!slash && at_command_start(line, s)) {
    add_commands(out, word);
    return out->n;
  }
  if (!slash) {
    add_dir(out, ".", "", word, 0);
    return out->n;
  }
  dir = arena_strndup(word, slash - word + 1);
  add_dir(out, slash == word ? "/" : arena_strndup(word, slash - word), dir, slash + 1, 0);
  return out->n;
}
