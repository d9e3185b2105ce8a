// A circular buffer queue and a round-robin scheduler simulation over it.
#include <stdio.h>

#define CAP 8
typedef struct { int items[CAP]; int head, tail, count; } queue;

static int enqueue(queue *q, int v) {
  if (q->count == CAP) return 0;
  q->items[q->tail] = v;
  q->tail = (q->tail + 1) % CAP;
  q->count++;
  return 1;
}

static int dequeue(queue *q, int *v) {
  if (q->count == 0) return 0;
  *v = q->items[q->head];
  q->head = (q->head + 1) % CAP;
  q->count--;
  return 1;
}

struct task { const char *name; int remaining; int finished_at; };

int main(void) {
  queue q = {{0}, 0, 0, 0};
  for (int i = 0; i < 10; i++) if (!enqueue(&q, i)) printf("full at %d\n", i);
  int v, sum = 0;
  while (dequeue(&q, &v)) sum += v;
  printf("drained sum=%d\n", sum);
  struct task tasks[] = {{"init", 3, 0}, {"sh", 7, 0}, {"ls", 2, 0}, {"spin", 10, 0}};
  int ntasks = sizeof tasks / sizeof tasks[0];
  for (int i = 0; i < ntasks; i++) enqueue(&q, i);
  int clock = 0, quantum = 2, t;
  while (dequeue(&q, &t)) {
    int run = tasks[t].remaining < quantum ? tasks[t].remaining : quantum;
    clock += run;
    tasks[t].remaining -= run;
    printf("t=%2d ran %s for %d\n", clock, tasks[t].name, run);
    if (tasks[t].remaining > 0) enqueue(&q, t);
    else tasks[t].finished_at = clock;
  }
  for (int i = 0; i < ntasks; i++) printf("%s finished at %d\n", tasks[i].name, tasks[i].finished_at);
  return clock;
}
