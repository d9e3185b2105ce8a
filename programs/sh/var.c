// Shell variables and the environment. Every variable is a NAME=value
// string on the heap, marked exported or not; a program started by the
// shell gets the exported ones as its envp (execve's third argument),
// which its crt0 makes `environ` and getenv reads. The shell imports its
// own environment the same way at start-up.

#include "sh.h"

struct var {
  char *name;
  char *value;
  int exported;
  struct var *next;
};

static struct var *vars;

int is_name_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

int is_name_char(int c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

int is_name(const char *s) {
  if (!is_name_start(*s)) return 0;
  while (is_name_char(*s)) s++;
  return *s == 0;
}

// NAME=... with a valid NAME (the word is raw: a quote before '=' makes it no assignment).
int is_assignment(const char *word) {
  int i;
  if (!is_name_start(word[0])) return 0;
  for (i = 1; is_name_char(word[i]); i++)
    ;
  return word[i] == '=';
}

static struct var *find(const char *name, int n) {
  struct var *v;
  for (v = vars; v; v = v->next)
    if ((int)strlen(v->name) == n && memcmp(v->name, name, n) == 0) return v;
  return 0;
}

const char *var_get(const char *name) {
  struct var *v = find(name, strlen(name));
  return v ? v->value : 0;
}

static char *heap_strndup(const char *s, int n) {
  char *p = malloc(n + 1);
  if (!p) {
    out_str(2, "sh: out of memory\n");
    exit(2);
  }
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

static struct var *lookup_or_add(const char *name, int n) {
  struct var *v = find(name, n);
  if (v) return v;
  v = malloc(sizeof(struct var));
  if (!v) {
    out_str(2, "sh: out of memory\n");
    exit(2);
  }
  v->name = heap_strndup(name, n);
  v->value = 0;
  v->exported = 0;
  v->next = vars;
  vars = v;
  return v;
}

void var_setn(const char *name, int n, const char *value) {
  struct var *v = lookup_or_add(name, n);
  free(v->value);
  v->value = heap_strndup(value, strlen(value));
}

void var_set(const char *name, const char *value) {
  var_setn(name, strlen(name), value);
}

void var_unset(const char *name) {
  struct var **pp;
  struct var *v;
  for (pp = &vars; *pp; pp = &(*pp)->next) {
    v = *pp;
    if (strcmp(v->name, name) == 0) {
      *pp = v->next;
      free(v->name);
      free(v->value);
      free(v);
      return;
    }
  }
}

// export NAME: exported from now on (set or not: an unset one is exported once set).
void var_export(const char *name) {
  lookup_or_add(name, strlen(name))->exported = 1;
}

void var_import(char **envp) {
  char *eq;
  for (; envp && *envp; envp++) {
    eq = strchr(*envp, '=');
    if (!eq || !is_name_start((*envp)[0])) continue;
    var_setn(*envp, eq - *envp, eq + 1);
    lookup_or_add(*envp, eq - *envp)->exported = 1;
  }
}

// The envp for a program: exported variables that are set, with the
// command's own NAME=value words (already expanded) in front of them.
char **var_environ(char **assigns, int n) {
  struct vec env = {0};
  struct var *v;
  int i;
  int j;
  int overridden;
  for (i = 0; i < n; i++) vec_push(&env, assigns[i]);
  for (v = vars; v; v = v->next) {
    if (!v->exported || !v->value) continue;
    overridden = 0;
    for (j = 0; j < n; j++)
      if (strncmp(assigns[j], v->name, strlen(v->name)) == 0 && assigns[j][strlen(v->name)] == '=') overridden = 1;
    if (overridden) continue;
    char *s = arena_alloc(strlen(v->name) + strlen(v->value) + 2);
    strcpy(s, v->name);
    strcat(s, "=");
    strcat(s, v->value);
    vec_push(&env, s);
  }
  return (char **)vec_arena(&env);
}

static int by_string(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

// export with no arguments: the exported variables, sorted, as dash shows them.
void var_print_exports(void) {
  struct mark m = arena_mark();
  struct vec names = {0};
  struct strbuf line = {0};
  struct var *v;
  int i;
  for (v = vars; v; v = v->next)
    if (v->exported) vec_push(&names, v);
  char **sorted = arena_alloc((names.n + 1) * sizeof(char *));
  for (i = 0; i < names.n; i++) sorted[i] = ((struct var *)names.items[i])->name;
  qsort(sorted, names.n, sizeof(char *), by_string);
  for (i = 0; i < names.n; i++) {
    const char *val = var_get(sorted[i]);
    sb_puts(&line, "export ");
    sb_puts(&line, sorted[i]);
    if (val) {
      sb_puts(&line, "='");
      for (; *val; val++) {
        if (*val == '\'') sb_puts(&line, "'\\''");
        else sb_putc(&line, *val);
      }
      sb_putc(&line, '\'');
    }
    sb_putc(&line, '\n');
  }
  out_write(1, sb_str(&line), line.len);
  sb_free(&line);
  vec_free(&names);
  arena_release(m);
}
