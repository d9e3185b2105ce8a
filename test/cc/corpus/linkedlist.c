// A singly linked list on the heap: push, sorted insert, reverse, remove, free.
#include <stdio.h>
#include <stdlib.h>

typedef struct node { int value; struct node *next; } node;

static node *push(node *head, int v) { node *n = malloc(sizeof *n); n->value = v; n->next = head; return n; }

static node *insert_sorted(node *head, int v) {
  node **pp = &head;
  while (*pp && (*pp)->value < v) pp = &(*pp)->next;
  node *n = malloc(sizeof(node));
  n->value = v;
  n->next = *pp;
  *pp = n;
  return head;
}

static node *reverse(node *head) {
  node *prev = NULL;
  while (head) { node *next = head->next; head->next = prev; prev = head; head = next; }
  return prev;
}

static node *remove_all(node *head, int v) {
  node **pp = &head;
  while (*pp) {
    if ((*pp)->value == v) { node *dead = *pp; *pp = dead->next; free(dead); }
    else pp = &(*pp)->next;
  }
  return head;
}

static void print(const char *label, const node *n) {
  printf("%s:", label);
  for (; n; n = n->next) printf(" %d", n->value);
  printf("\n");
}

static int length(const node *n) { int k = 0; while (n) { k++; n = n->next; } return k; }

int main(void) {
  node *list = NULL;
  for (int i = 0; i < 10; i++) list = push(list, i * 3 % 7);
  print("pushed", list);
  node *sorted = NULL;
  for (node *n = list; n; n = n->next) sorted = insert_sorted(sorted, n->value);
  print("sorted", sorted);
  sorted = reverse(sorted);
  print("reversed", sorted);
  sorted = remove_all(sorted, 6);
  sorted = remove_all(sorted, 0);
  print("removed", sorted);
  int len = length(sorted);
  while (list) { node *n = list->next; free(list); list = n; }
  while (sorted) { node *n = sorted->next; free(sorted); sorted = n; }
  // Allocate again: the freed blocks are reused.
  node *big = NULL;
  for (int i = 0; i < 1000; i++) big = push(big, i);
  long total = 0;
  for (node *n = big; n; n = n->next) total += n->value;
  printf("len=%d total=%ld\n", len, total);
  return len;
}
