// Pathname expansion (XCU 2.13): a pattern's components are matched
// against the directories of the file tree, one level at a time, and the
// matches are sorted. A leading '.' in a name is matched only by a '.' in
// the pattern. Backslash escapes a character (expand.c escapes quoted ones).

#include "sh.h"
#include <dirent.h>

// [...] at p (just past '['): does c match? *end is set past the ']';
// 0 in *end when the bracket is not closed (then '[' is an ordinary character).
static int match_bracket(const char *p, int c, const char **end) {
  int negate = 0;
  int hit = 0;
  int lo;
  int hi;
  if (*p == '!' || *p == '^') {
    negate = 1;
    p++;
  }
  if (*p == ']') {                        // a ']' first is a member
    hit = c == ']';
    p++;
  }
  while (*p && *p != ']') {
    lo = *p;
    if (lo == '\\' && p[1]) lo = *++p;
    p++;
    hi = lo;
    if (*p == '-' && p[1] && p[1] != ']') {
      p++;
      if (*p == '\\' && p[1]) p++;
      hi = *p++;
    }
    if (c >= lo && c <= hi) hit = 1;
  }
  if (*p != ']') {
    *end = 0;
    return 0;
  }
  *end = p + 1;
  return hit != negate;
}

int glob_match(const char *pat, const char *s) {
  const char *end;
  while (*pat) {
    if (*pat == '*') {
      while (*pat == '*') pat++;
      if (!*pat) return 1;
      for (; *s; s++)
        if (glob_match(pat, s)) return 1;
      return glob_match(pat, s);
    }
    if (!*s) return 0;
    if (*pat == '?') {
      pat++;
      s++;
      continue;
    }
    if (*pat == '[') {
      int ok = match_bracket(pat + 1, (unsigned char)*s, &end);
      if (end) {
        if (!ok) return 0;
        pat = end;
        s++;
        continue;
      }
    }
    if (*pat == '\\' && pat[1]) pat++;
    if (*pat != *s) return 0;
    pat++;
    s++;
  }
  return *s == 0;
}

static int has_magic(const char *p, int n) {
  int i;
  for (i = 0; i < n; i++) {
    if (p[i] == '\\' && i + 1 < n) i++;
    else if (p[i] == '*' || p[i] == '?' || p[i] == '[') return 1;
  }
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

// prefix: the path matched so far ("" or ending in '/'); rest: what is left of the pattern.
static void glob_dir(struct strbuf *prefix, const char *rest, struct vec *out) {
  const char *slash = strchr(rest, '/');
  int n = slash ? slash - rest : (int)strlen(rest);
  int keep = prefix->len;
  char *comp = arena_strndup(rest, n);
  struct stat st;
  DIR *d;
  struct dirent *de;
  struct vec names = {0};
  int i;
  if (!has_magic(rest, n)) {
    for (i = 0; i < n; i++) {
      if (comp[i] == '\\' && i + 1 < n) i++;
      sb_putc(prefix, comp[i]);
    }
    if (slash) {
      sb_putc(prefix, '/');
      glob_dir(prefix, slash + 1, out);
    } else if (stat(sb_str(prefix), &st) == 0) {
      vec_push(out, sb_arena(prefix));
    }
    prefix->len = keep;
    prefix->s[keep] = 0;
    return;
  }
  d = opendir(prefix->len ? sb_str(prefix) : ".");
  if (!d) return;
  while ((de = readdir(d)) != 0) {
    if (de->d_name[0] == '.' && comp[0] != '.') continue;
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    if (glob_match(comp, de->d_name)) vec_push(&names, arena_strdup(de->d_name));
  }
  closedir(d);
  qsort(names.items, names.n, sizeof(void *), by_name);
  for (i = 0; i < names.n; i++) {
    sb_puts(prefix, names.items[i]);
    if (slash) {
      if (stat(sb_str(prefix), &st) == 0 && S_ISDIR(st.st_mode)) {
        sb_putc(prefix, '/');
        glob_dir(prefix, slash + 1, out);
      }
    } else {
      vec_push(out, sb_arena(prefix));
    }
    prefix->len = keep;
    prefix->s[keep] = 0;
  }
  vec_free(&names);
}

int glob_expand(const char *pat, struct vec *out) {
  struct strbuf prefix = {0};
  int before = out->n;
  sb_puts(&prefix, "");
  if (*pat == '/') {
    while (*pat == '/') pat++;
    sb_putc(&prefix, '/');
  }
  glob_dir(&prefix, pat, out);
  sb_free(&prefix);
  return out->n - before;
}
