// A binary search tree: insert, search, in-order walk, height, delete.
#include <stdio.h>
#include <stdlib.h>

struct tree { int key; struct tree *left, *right; };

static struct tree *insert(struct tree *t, int key) {
  if (!t) { t = malloc(sizeof *t); t->key = key; t->left = t->right = NULL; return t; }
  if (key < t->key) t->left = insert(t->left, key);
  else if (key > t->key) t->right = insert(t->right, key);
  return t;
}

static int contains(const struct tree *t, int key) {
  while (t) { if (key == t->key) return 1; t = key < t->key ? t->left : t->right; }
  return 0;
}

static void walk(const struct tree *t, int *out, int *n) {
  if (!t) return;
  walk(t->left, out, n);
  out[(*n)++] = t->key;
  walk(t->right, out, n);
}

static int height(const struct tree *t) {
  if (!t) return 0;
  int l = height(t->left), r = height(t->right);
  return 1 + (l > r ? l : r);
}

static struct tree *delete(struct tree *t, int key) {
  if (!t) return NULL;
  if (key < t->key) t->left = delete(t->left, key);
  else if (key > t->key) t->right = delete(t->right, key);
  else {
    if (!t->left) { struct tree *r = t->right; free(t); return r; }
    if (!t->right) { struct tree *l = t->left; free(t); return l; }
    struct tree *m = t->right;
    while (m->left) m = m->left;
    t->key = m->key;
    t->right = delete(t->right, m->key);
  }
  return t;
}

int main(void) {
  struct tree *root = NULL;
  unsigned s = 7;
  for (int i = 0; i < 100; i++) { s = s * 1664525u + 1013904223u; root = insert(root, (int)(s >> 24)); }
  int keys[300], n = 0;
  walk(root, keys, &n);
  printf("n=%d height=%d first=%d last=%d\n", n, height(root), keys[0], keys[n - 1]);
  int hits = 0;
  for (int k = 0; k < 256; k++) hits += contains(root, k);
  for (int k = 0; k < 256; k += 2) root = delete(root, k);
  n = 0;
  walk(root, keys, &n);
  int odd = 1;
  for (int i = 0; i < n; i++) if (keys[i] % 2 == 0) odd = 0;
  printf("hits=%d after delete n=%d all odd=%d height=%d\n", hits, n, odd, height(root));
  for (int i = 0; i < n && i < 10; i++) printf("%d ", keys[i]);
  printf("\n");
  return n;
}
