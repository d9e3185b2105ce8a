// A string-keyed hash table with chaining, growing when it fills up.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry { char *key; int value; struct entry *next; } entry;
typedef struct { entry **buckets; unsigned size, count; } table;

static unsigned hash(const char *s) { unsigned h = 2166136261u; while (*s) { h ^= (unsigned char)*s++; h *= 16777619u; } return h; }

static void init(table *t, unsigned size) { t->size = size; t->count = 0; t->buckets = calloc(size, sizeof(entry *)); }

static void grow(table *t) {
  table n;
  init(&n, t->size * 2);
  for (unsigned i = 0; i < t->size; i++) {
    entry *e = t->buckets[i];
    while (e) {
      entry *next = e->next;
      unsigned h = hash(e->key) % n.size;
      e->next = n.buckets[h];
      n.buckets[h] = e;
      n.count++;
      e = next;
    }
  }
  free(t->buckets);
  *t = n;
}

static void put(table *t, const char *key, int value) {
  unsigned h = hash(key) % t->size;
  for (entry *e = t->buckets[h]; e; e = e->next)
    if (strcmp(e->key, key) == 0) { e->value = value; return; }
  if (t->count * 4 >= t->size * 3) { grow(t); h = hash(key) % t->size; }
  entry *e = malloc(sizeof *e);
  e->key = strdup(key);
  e->value = value;
  e->next = t->buckets[h];
  t->buckets[h] = e;
  t->count++;
}

static int get(table *t, const char *key, int *out) {
  for (entry *e = t->buckets[hash(key) % t->size]; e; e = e->next)
    if (!strcmp(e->key, key)) { *out = e->value; return 1; }
  return 0;
}

int main(void) {
  table t;
  init(&t, 4);
  char key[16];
  for (int i = 0; i < 200; i++) { sprintf(key, "key%d", i); put(&t, key, i * i); }
  for (int i = 0; i < 200; i += 50) { sprintf(key, "key%d", i); put(&t, key, -i); }
  int v, found = 0, sum = 0;
  for (int i = 0; i < 250; i++) { sprintf(key, "key%d", i); if (get(&t, key, &v)) { found++; sum += v; } }
  printf("size=%u count=%u found=%d sum=%d\n", t.size, t.count, found, sum);
  const char *text = "the cat and the dog and the bird saw the cat";
  table words;
  init(&words, 8);
  char w[32];
  int n = 0;
  for (const char *p = text;; p++) {
    if (*p == ' ' || *p == 0) {
      if (n) { w[n] = 0; int c = 0; get(&words, w, &c); put(&words, w, c + 1); n = 0; }
      if (!*p) break;
    } else w[n++] = *p;
  }
  const char *probe[] = {"the", "cat", "and", "dog", "fish"};
  for (int i = 0; i < 5; i++) { int c = 0; get(&words, probe[i], &c); printf("%s=%d ", probe[i], c); }
  printf("\n");
  return found;
}
