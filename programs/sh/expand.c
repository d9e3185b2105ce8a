// Word expansion (XCU 2.6): a raw word from the parser becomes zero or
// more fields. In order: parameters ($X, ${X}, ${X:-word}, $?, $1, "$@" …),
// command substitutions ($( … ), ` … `) and arithmetic ($(( … ))) are
// replaced; the results of unquoted expansions are split at blanks
// (IFS); fields with unquoted * ? [ are globbed against the file tree
// (glob.c); quotes are removed.
//
// While a field is built it is kept as a glob pattern in which every
// quoted character that means something to a pattern is escaped with a
// backslash, so "*" matches only a star. A field without unquoted pattern
// characters (or whose pattern matches nothing) is unescaped as is.

#include "sh.h"

int expand_failed;

struct expander {
  struct vec fields;                      // finished fields (arena strings)
  struct strbuf cur;                      // the field being built, as a pattern
  int started;                            // cur is a field even if empty ("" or '')
  int glob;                               // cur has an unquoted pattern character
  int split;                              // split unquoted expansions and glob (not for strings)
  int no_field;                           // "$@" with no parameters: the quotes make no field
};

static int is_ifs(int c) {
  const char *ifs = var_get("IFS");
  if (!ifs) ifs = " \t\n";
  return c != 0 && strchr(ifs, c) != 0;
}

// Put one character into the field; quoted pattern characters are escaped.
static void put(struct expander *e, int c, int quoted) {
  if (quoted && (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')) sb_putc(&e->cur, '\\');
  else if (!quoted && (c == '*' || c == '?' || c == '[')) e->glob = 1;
  sb_putc(&e->cur, c);
  e->started = 1;
}

static char *unescape(const char *pat) {
  char *out = arena_alloc(strlen(pat) + 1);
  char *o = out;
  while (*pat) {
    if (*pat == '\\' && pat[1]) pat++;
    *o++ = *pat++;
  }
  *o = 0;
  return out;
}

static void end_field(struct expander *e) {
  struct vec matches = {0};
  char *pat;
  int i;
  if (!e->started) return;
  pat = sb_str(&e->cur);
  if (e->split && e->glob && glob_expand(pat, &matches) > 0) {
    for (i = 0; i < matches.n; i++) vec_push(&e->fields, matches.items[i]);
    vec_free(&matches);
  } else {
    vec_push(&e->fields, unescape(pat));
  }
  e->cur.len = 0;
  if (e->cur.s) e->cur.s[0] = 0;
  e->started = 0;
  e->glob = 0;
}

// Put the value of an expansion: quoted, it is kept whole; unquoted, it is
// split at IFS characters (when splitting) and its pattern characters glob.
static void put_value(struct expander *e, const char *v, int quoted) {
  if (quoted) {
    while (*v) put(e, *v++, 1);
    return;
  }
  for (; *v; v++) {
    if (e->split && is_ifs(*v)) end_field(e);
    else put(e, *v, *v == '\\');
  }
}

static char *number(int n) {
  char *s = arena_alloc(16);
  snprintf(s, 16, "%d", n);
  return s;
}

// The value of parameter name[0..n), or 0 when it is unset.
static const char *param(const char *name, int n) {
  char *key;
  int i;
  if (n == 1) {
    switch (name[0]) {
    case '?':
      return number(sh.status);
    case '$':
      return number(sh.pid);
    case '!':
      return sh.lastbg ? number(sh.lastbg) : 0;
    case '#':
      return number(sh.argc - 1);
    case '-':
      return sh.interactive ? "i" : "";
    default:
      break;
    }
  }
  if (name[0] >= '0' && name[0] <= '9') {
    i = atoi(arena_strndup(name, n));
    return i < sh.argc ? sh.argv[i] : 0;
  }
  key = arena_strndup(name, n);
  return var_get(key);
}

static int special_param(int c) {
  return c == '?' || c == '$' || c == '!' || c == '#' || c == '@' || c == '*' || c == '-' || (c >= '0' && c <= '9');
}

// "$@" / $@ / "$*" / $*: the positional parameters.
static void put_params(struct expander *e, int star, int quoted) {
  int i;
  if (sh.argc <= 1) {
    if (quoted && !star) e->no_field = 1;
    return;
  }
  for (i = 1; i < sh.argc; i++) {
    if (i > 1) {
      if (quoted && star) put(e, ' ', 1);
      else end_field(e);
    }
    put_value(e, sh.argv[i], quoted);
  }
}

// ${...} from s[i] (just after "${"); returns the index after the '}'.
// Forms: ${X} ${#X} ${X-w} ${X:-w} ${X=w} ${X:=w} ${X+w} ${X:+w} ${X?w} ${X:?w}.
static int expand_braced(struct expander *e, const char *s, int i, int quoted) {
  int start;
  int nameend;
  int length = 0;
  int colon = 0;
  char op = 0;
  const char *v;
  char *word;
  int wstart;
  int empty;
  if (s[i] == '#' && s[i + 1] != '}') {
    length = 1;
    i++;
  }
  start = i;
  if (is_name_start(s[i])) {
    while (is_name_char(s[i])) i++;
  } else if (s[i] >= '0' && s[i] <= '9') {
    while (s[i] >= '0' && s[i] <= '9') i++;
  } else if (special_param(s[i])) {
    i++;
  }
  nameend = i;
  if (s[i] == ':' && s[i + 1] && strchr("-=+?", s[i + 1])) {
    colon = 1;
    i++;
  }
  if (!length && s[i] && strchr("-=+?", s[i])) op = s[i++];
  wstart = i;
  while (s[i] && s[i] != '}') i++;
  if (nameend == start || s[i] != '}' || (!op && i != wstart) || (op == '=' && !is_name_start(s[start]))) {
    sh_error("bad substitution: ${%.*s}", i - start + length, s + start - length);
    expand_failed = 1;
    return s[i] ? i + 1 : i;
  }
  if ((s[start] == '@' || s[start] == '*') && !op) {
    if (length) put_value(e, number(sh.argc - 1), quoted);
    else put_params(e, s[start] == '*', quoted);
    return i + 1;
  }
  v = param(s + start, nameend - start);
  if (length) {
    put_value(e, number(v ? strlen(v) : 0), quoted);
    return i + 1;
  }
  empty = !v || (colon && !*v);
  if (op) {
    word = expand_string(arena_strndup(s + wstart, i - wstart));
    if (op == '-' && empty) {
      v = word;
    } else if (op == '+') {
      v = empty ? "" : word;
    } else if (op == '=' && empty) {
      var_setn(s + start, nameend - start, word);
      v = word;
    } else if (op == '?' && empty) {
      sh_error("%.*s: %s", nameend - start, s + start, *word ? word : "parameter not set");
      expand_failed = 1;
      v = "";
    }
  }
  if (v) put_value(e, v, quoted);
  return i + 1;
}

// $(( … )) at s[i]: the expression, expanded as a string, evaluated.
static int expand_arith(struct expander *e, const char *s, int i, int quoted) {
  int end = subst_end(s, i);
  char *expr = expand_string(arena_strndup(s + i + 3, end - 2 - (i + 3)));
  long long v;
  char buf[24];
  if (expand_failed) return end;
  v = arith_eval(expr);
  snprintf(buf, sizeof(buf), "%lld", v);
  put_value(e, buf, quoted);
  return end;
}

// $( … ) at s[i].
static int expand_command(struct expander *e, const char *s, int i, int quoted) {
  int end = subst_end(s, i);
  put_value(e, command_output(arena_strndup(s + i + 2, end - 1 - (i + 2))), quoted);
  return end;
}

// ` … ` at s[i]: inside, a backslash keeps its meaning only before $, ` and a
// backslash (and " when the backquotes are in double quotes).
static int expand_backquote(struct expander *e, const char *s, int i, int quoted) {
  int end = subst_end(s, i);
  struct strbuf text = {0};
  int k;
  for (k = i + 1; k < end - 1; k++) {
    if (s[k] == '\\' && k + 1 < end - 1 && strchr(quoted ? "$`\\\"" : "$`\\", s[k + 1])) k++;
    sb_putc(&text, s[k]);
  }
  put_value(e, command_output(sb_str(&text)), quoted);
  sb_free(&text);
  return end;
}

// $... at s[i] (the '$'); returns the index after the expansion.
static int expand_dollar(struct expander *e, const char *s, int i, int quoted) {
  int start = i + 1;
  int end = start;
  const char *v;
  if (s[start] == '(' && s[start + 1] == '(') return expand_arith(e, s, i, quoted);
  if (s[start] == '(') return expand_command(e, s, i, quoted);
  if (s[start] == '{') return expand_braced(e, s, start + 1, quoted);
  if (is_name_start(s[start])) {
    while (is_name_char(s[end])) end++;
  } else if (s[start] == '@' || s[start] == '*') {
    put_params(e, s[start] == '*', quoted);
    return start + 1;
  } else if (special_param(s[start])) {
    end = start + 1;
  } else {
    put(e, '$', 1);                       // a lone $ stands for itself
    return start;
  }
  v = param(s + start, end - start);
  if (v) put_value(e, v, quoted);
  return end;
}

// Inside "...": from s[i] to the closing quote (or the end, for a
// here-document body, where quotes are ordinary). Returns the index after.
static int expand_quoted(struct expander *e, const char *s, int i, int heredoc) {
  while (s[i] && (heredoc || s[i] != '"')) {
    if (s[i] == '\\' && s[i + 1] && strchr(heredoc ? "$`\\\n" : "$`\"\\\n", s[i + 1])) {
      if (s[i + 1] != '\n') put(e, s[i + 1], 1);
      i += 2;
    } else if (s[i] == '$') {
      i = expand_dollar(e, s, i, 1);
    } else if (s[i] == '`') {
      i = expand_backquote(e, s, i, 1);
    } else {
      put(e, s[i++], 1);
    }
  }
  return s[i] ? i + 1 : i;
}

static void expand_into(struct expander *e, const char *s) {
  int i = 0;
  const char *home;
  if (s[0] == '~' && (s[1] == 0 || s[1] == '/')) {
    home = var_get("HOME");
    put_value(e, home ? home : "~", 1);
    i = 1;
  }
  while (s[i]) {
    char c = s[i];
    if (c == '\\') {
      if (s[i + 1] == '\n') i += 2;       // a line continued
      else if (s[i + 1]) {
        put(e, s[i + 1], 1);
        i += 2;
      } else {
        put(e, '\\', 1);
        i++;
      }
    } else if (c == '\'') {
      i++;
      e->started = 1;
      while (s[i] && s[i] != '\'') put(e, s[i++], 1);
      if (s[i]) i++;
    } else if (c == '"') {
      int before = e->started;
      e->no_field = 0;
      i = expand_quoted(e, s, i + 1, 0);
      if (!e->no_field) e->started = 1;
      else e->started = before || e->cur.len > 0;
    } else if (c == '$') {
      i = expand_dollar(e, s, i, 0);
    } else if (c == '`') {
      i = expand_backquote(e, s, i, 0);
    } else {
      put(e, c, 0);
      i++;
    }
  }
}

char **expand_words(char **raw, int n, int *count) {
  struct expander e;
  int i;
  memset(&e, 0, sizeof(e));
  e.split = 1;
  for (i = 0; i < n; i++) {
    expand_into(&e, raw[i]);
    end_field(&e);
  }
  sb_free(&e.cur);
  *count = e.fields.n;
  return (char **)vec_arena(&e.fields);
}

// One word expanded without field splitting: quote removal done (a
// string), or what was quoted kept escaped so that it matches itself only
// (a case pattern, for glob_match).
static char *expand_unsplit(const char *raw, int as_pattern) {
  struct expander e;
  char *out;
  memset(&e, 0, sizeof(e));
  expand_into(&e, raw);
  out = as_pattern ? arena_strdup(sb_str(&e.cur)) : unescape(sb_str(&e.cur));
  sb_free(&e.cur);
  vec_free(&e.fields);
  return out;
}

char *expand_string(const char *raw) {
  return expand_unsplit(raw, 0);
}

char *expand_pattern(const char *raw) {
  return expand_unsplit(raw, 1);
}

char *expand_heredoc(const char *body) {
  struct expander e;
  char *out;
  memset(&e, 0, sizeof(e));
  expand_quoted(&e, body, 0, 1);
  out = unescape(sb_str(&e.cur));
  sb_free(&e.cur);
  vec_free(&e.fields);
  return out;
}

// Quote removal alone: what a here-document's delimiter word says.
char *unquote(const char *raw, int *quoted) {
  struct strbuf b = {0};
  char *out;
  char q = 0;
  *quoted = 0;
  for (; *raw; raw++) {
    if (q) {
      if (*raw == q) q = 0;
      else if (q == '"' && *raw == '\\' && raw[1] && strchr("$`\"\\", raw[1])) sb_putc(&b, *++raw);
      else sb_putc(&b, *raw);
    } else if (*raw == '\'' || *raw == '"') {
      q = *raw;
      *quoted = 1;
    } else if (*raw == '\\' && raw[1]) {
      sb_putc(&b, *++raw);
      *quoted = 1;
    } else {
      sb_putc(&b, *raw);
    }
  }
  out = sb_arena(&b);
  sb_free(&b);
  return out;
}
