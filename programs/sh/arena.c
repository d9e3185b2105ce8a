// Memory for one command. The tree of a command line, its expanded words
// and file names are allocated from a stack of blocks and all released
// together when the command has run (arena_mark/arena_release), so a loop
// that runs a million commands uses no more memory than one. Growable
// strings and arrays (strbuf, vec) live on the heap while they grow.

#include "sh.h"

#define BLOCK_SIZE 8192

struct block {
  struct block *prev;
  int size;                 // bytes of data
  int used;
  char data[];
};

static struct block *top;

void *arena_alloc(int n) {
  struct block *b;
  int size;
  void *p;
  n = (n + 7) & ~7;
  if (!top || top->used + n > top->size) {
    size = n > BLOCK_SIZE ? n : BLOCK_SIZE;
    b = malloc(sizeof(struct block) + size);
    if (!b) {
      out_str(2, "sh: out of memory\n");
      exit(2);
    }
    b->prev = top;
    b->size = size;
    b->used = 0;
    top = b;
  }
  p = top->data + top->used;
  top->used += n;
  memset(p, 0, n);
  return p;
}

char *arena_strndup(const char *s, int n) {
  char *p = arena_alloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *arena_strdup(const char *s) {
  return arena_strndup(s, strlen(s));
}

struct mark arena_mark(void) {
  struct mark m;
  m.block = top;
  m.used = top ? top->used : 0;
  return m;
}

// Free everything allocated since m was taken.
void arena_release(struct mark m) {
  struct block *b;
  while (top && top != m.block) {
    b = top->prev;
    free(top);
    top = b;
  }
  if (top) top->used = m.used;
}

void sb_grow(struct strbuf *b, int extra) {
  int cap;
  if (b->len + extra + 1 <= b->cap) return;
  cap = b->cap ? b->cap * 2 : 64;
  while (cap < b->len + extra + 1) cap *= 2;
  b->s = realloc(b->s, cap);
  if (!b->s) {
    out_str(2, "sh: out of memory\n");
    exit(2);
  }
  b->cap = cap;
}

void sb_putn(struct strbuf *b, const char *s, int n) {
  sb_grow(b, n);
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = 0;
}

void sb_putc(struct strbuf *b, int c) {
  char ch = (char)c;
  sb_putn(b, &ch, 1);
}

void sb_puts(struct strbuf *b, const char *s) {
  sb_putn(b, s, strlen(s));
}

char *sb_str(struct strbuf *b) {
  return b->s ? b->s : "";
}

char *sb_arena(struct strbuf *b) {
  return arena_strndup(sb_str(b), b->len);
}

void sb_free(struct strbuf *b) {
  free(b->s);
  b->s = 0;
  b->len = 0;
  b->cap = 0;
}

void vec_push(struct vec *v, void *item) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 16;
    v->items = realloc(v->items, v->cap * sizeof(void *));
    if (!v->items) {
      out_str(2, "sh: out of memory\n");
      exit(2);
    }
  }
  v->items[v->n++] = item;
}

void **vec_arena(struct vec *v) {
  void **a = arena_alloc((v->n + 1) * sizeof(void *));
  if (v->n) memcpy(a, v->items, v->n * sizeof(void *));
  a[v->n] = 0;
  vec_free(v);
  return a;
}

void vec_free(struct vec *v) {
  free(v->items);
  v->items = 0;
  v->n = 0;
  v->cap = 0;
}
