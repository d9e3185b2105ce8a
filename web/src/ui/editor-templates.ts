// Programs to start from in the Editor, one per idea of the article, short
// and commented in its terms. Each builds with our compiler today
// (test/web/editor-templates.test.ts builds every one with vm/cc in Node)
// and shows what it says when run (editor-templates-run.test.ts).

import type { MessageKey } from '../shared/i18n/i18n.js';
import type { EditorFile } from './editor-files.js';

export interface Template extends EditorFile {
  /** What it shows, in the message catalogue (the Editor's template list). */
  title: MessageKey;
}

const FORK = `// myfork: a process makes a process.
// fork() copies the parent (New -> Ready); the child exec()s another
// program in its place; the parent wait()s until the child is Terminated
// and reaps it, so it does not linger as a zombie.

#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
  char *argv[2];
  int status;
  int pid = fork();
  if (pid < 0) {
    printf("fork failed\\n");
    return 1;
  }
  if (pid == 0) {
    // The child: the same code, a copy of the memory; now become ls.
    printf("child %d: exec /bin/ls\\n", getpid());
    argv[0] = "ls";
    argv[1] = 0;
    execv("/bin/ls", argv);
    _exit(127); // only reached if exec failed
  }
  waitpid(pid, &status, 0); // Waiting, until the child exits
  printf("parent %d: child %d exited with %d\\n", getpid(), pid, WEXITSTATUS(status));
  return 0;
}
`;

const ZOMBIE = `// myzombie: a child that has exited but not been waited for.
// Its memory is freed, but its process-table entry (and exit status) stays
// until the parent calls wait: STAT Z in ps.

#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
  int status;
  int pid = fork();
  if (pid == 0) _exit(7); // the child is Terminated at once
  printf("child %d is a zombie for 3 seconds (start me with &, then type ps)\\n", pid);
  sleep(3); // the parent is busy and does not wait yet
  waitpid(pid, &status, 0); // now it is reaped
  printf("reaped %d, exit status %d\\n", pid, WEXITSTATUS(status));
  return 0;
}
`;

const ORPHAN = `// myorphan: a child outlives its parent.
// When the parent exits first, the kernel re-parents the child to init
// (pid 1), which waits for it when it exits, so it never stays a zombie.

#include <stdio.h>
#include <unistd.h>

int main(void) {
  int parent = getpid();
  int pid = fork();
  if (pid > 0) {
    printf("parent %d exits, leaving child %d\\n", parent, pid);
    return 0;
  }
  while (getppid() == parent) usleep(10000); // wait to be adopted
  printf("child %d: my parent is now %d (init)\\n", getpid(), getppid());
  return 0;
}
`;

const RACE = `// myrace: two threads of one process share a counter.
// counter = counter + 1 is a load, an add and a store; a context switch
// between them loses the other thread's updates (a race condition).
// A mutex makes the three steps one critical section: the total is exact.
// N is large enough for each thread to run through many time slices, so
// switches land inside the three steps (with fewer, one thread can finish
// in its first slice and nothing is lost).

#include <stdio.h>
#include <pthread.h>

#define N 1000000

static volatile int counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int use_lock;

static void *add(void *arg) {
  int i;
  int v;
  (void)arg;
  for (i = 0; i < N; i++) {
    if (use_lock) pthread_mutex_lock(&lock);
    v = counter; // load
    v = v + 1;   // add
    counter = v; // store
    if (use_lock) pthread_mutex_unlock(&lock);
  }
  return 0;
}

static void run(int locked) {
  pthread_t a;
  pthread_t b;
  counter = 0;
  use_lock = locked;
  pthread_create(&a, 0, add, 0);
  pthread_create(&b, 0, add, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%s: expected %d, got %d\\n", locked ? "with a mutex" : "no lock     ", 2 * N, counter);
}

int main(void) {
  run(0);
  run(1);
  return 0;
}
`;

const LEAK = `// mycache: a memory leak beside an LRU cache.
// leak(): every request mallocs a response and keeps it forever, so the
// heap (sbrk(0)) grows without bound. lru(): at most CAP responses are
// kept; the least recently used one is freed first, so the heap stays flat.

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define CAP 8
#define SIZE 512

static char *slot[CAP];
static int key_of[CAP];
static int used_at[CAP];

static void leak(int requests) {
  int i;
  for (i = 0; i < requests; i++) malloc(SIZE); // never freed
}

static void lru(int requests) {
  int i;
  int j;
  for (i = 0; i < requests; i++) {
    int key = (i * 7) % 20;
    int victim = 0;
    for (j = 0; j < CAP; j++) {
      if (slot[j] && key_of[j] == key) break; // a hit
      if (used_at[j] < used_at[victim]) victim = j;
    }
    if (j == CAP) { // a miss: evict the least recently used
      j = victim;
      free(slot[j]);
      slot[j] = malloc(SIZE);
      key_of[j] = key;
    }
    used_at[j] = i + 1;
  }
}

int main(void) {
  char *start = sbrk(0);
  lru(2000);
  printf("LRU cache: heap grew %d bytes\\n", (int)((char *)sbrk(0) - start));
  start = sbrk(0);
  leak(2000);
  printf("leak:      heap grew %d bytes\\n", (int)((char *)sbrk(0) - start));
  return 0;
}
`;

const OVERFLOW = `// myoverflow: recursion without an end.
// Each call pushes a frame (return address, saved ebp, locals) and the
// stack grows down; below its limit is a guard page that is never mapped,
// so the next call faults and the kernel kills the process: stack overflow.

#include <stdio.h>

static int down(int depth) {
  char locals[512]; // a big frame, to get there sooner
  locals[depth % 512] = 1;
  if (depth % 256 == 0) printf("depth %d: about %d KiB of stack\\n", depth, depth / 2);
  return down(depth + 1) + locals[depth % 512];
}

int main(void) {
  return down(1);
}
`;

export const TEMPLATES: readonly Template[] = [
  { title: 'template.fork', name: 'myfork.c', text: FORK },
  { title: 'template.zombie', name: 'myzombie.c', text: ZOMBIE },
  { title: 'template.orphan', name: 'myorphan.c', text: ORPHAN },
  { title: 'template.race', name: 'myrace.c', text: RACE },
  { title: 'template.leak', name: 'mycache.c', text: LEAK },
  { title: 'template.overflow', name: 'myoverflow.c', text: OVERFLOW },
];
