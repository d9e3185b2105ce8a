// cowdemo [demo | bench PAGES | rounds N | stack | overflow | codewrite]: fork and
// copy-on-write.
//
//   demo (default): the parent sets a global and a heap buffer and forks.
//     The child prints what it sees (the parent's values), pauses (the host
//     compares both page tables here: one physical frame), writes its own
//     values, prints them and pauses again (now two frames). The parent
//     waits for it, prints its values (untouched), writes and prints again.
//   bench PAGES: touch PAGES heap pages, then time fork() in the parent with
//     the cycle counter (best of 10; the child exits at once).
//   rounds N: N times fork a child that writes a global, the heap and its
//     stack and exits; the parent writes too and waits.
//   stack: the child grows its stack by ~200 KiB and returns normally.
//   overflow: the child recurses until it hits the guard page (SIGSEGV).
//   codewrite: the child writes into the code it shares with the parent:
//     code is read-only, not copy-on-write, so the child dies (SIGSEGV).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <glassbox.h>

#define PAGE 4096

// "global" is an int alone on its own page of .data (libc's own globals,
// stdout's buffer among them, live elsewhere), so its page stays shared
// until the program writes global itself.
int data_pages[2 * PAGE / 4] = {1};
int *global_p;
#define global (*global_p)
char *heap;

static unsigned int now(void) {
  unsigned int lohi[2];
  gb_cycles(lohi);
  return lohi[0];
}

static int wait_child(int pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) {
    printf("cowdemo: waitpid failed\n");
    return -1;
  }
  if (WIFSIGNALED(status)) printf("cowdemo: child %d killed by signal %d\n", pid, WTERMSIG(status));
  else printf("cowdemo: child %d exited with status %d\n", pid, WEXITSTATUS(status));
  return status;
}

static int demo(void) {
  int pid;
  strcpy(heap, "parent");
  printf("cowdemo: global at 0x%x, heap at 0x%x\n", (unsigned int)global_p, (unsigned int)heap);
  pid = fork();
  if (pid < 0) {
    printf("cowdemo: fork failed\n");
    return 1;
  }
  if (pid == 0) {
    printf("child: before writing: global=%d heap=%s\n", global, heap);
    usleep(50000);   // the pages are still shared here
    global = 2;
    strcpy(heap, "child");
    printf("child: after writing: global=%d heap=%s\n", global, heap);
    usleep(50000);   // now each has its own copy
    exit(0);
  }
  wait_child(pid);
  printf("parent: after the child wrote: global=%d heap=%s\n", global, heap);
  global = 3;
  strcpy(heap, "parent again");
  printf("parent: after writing: global=%d heap=%s\n", global, heap);
  return 0;
}

static int bench(int pages) {
  char *buf = malloc(pages * PAGE + 1);
  unsigned int best = 0xFFFFFFFF;
  unsigned int t0;
  unsigned int t1;
  int i;
  int pid;
  if (!buf) {
    printf("cowdemo: out of memory\n");
    return 1;
  }
  for (i = 0; i < pages; i++) buf[i * PAGE] = (char)i;
  for (i = 0; i < 10; i++) {
    t0 = now();
    pid = fork();
    if (pid == 0) _exit(0);
    t1 = now();
    if (pid < 0) return 1;
    waitpid(pid, 0, 0);
    if (t1 - t0 < best) best = t1 - t0;
  }
  printf("fork with %d dirty heap pages: %u cycles\n", pages, best);
  return 0;
}

static int rounds(int n) {
  int i;
  int pid;
  char local[64];
  for (i = 0; i < n; i++) {
    pid = fork();
    if (pid < 0) {
      printf("cowdemo: fork failed in round %d\n", i);
      return 1;
    }
    if (pid == 0) {
      global = i;
      heap[0] = 'c';
      local[0] = 'c';
      _exit(local[0] == 'c' ? 0 : 1);
    }
    heap[1] = 'p';
    global = -i;
    waitpid(pid, 0, 0);
  }
  printf("cowdemo: %d rounds done, global=%d\n", n, global);
  return 0;
}

static int deep(int n) {
  char block[1024];
  block[0] = (char)n;
  block[1023] = (char)n;
  if (n == 0) return block[0];
  return deep(n - 1) + block[1023];
}

static int forever(int n) {
  char block[1024];
  block[0] = (char)n;
  return forever(n + 1) + block[0];
}

int main(int argc, char **argv);

static int in_child(int what) {
  int pid = fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    if (what == 1) forever(0);
    if (what == 2) {
      *(volatile int *)(unsigned int)main = 0;
      printf("child: the write to code succeeded?!\n");
      exit(1);
    }
    printf("child: grew the stack, sum %d\n", deep(200));
    exit(0);
  }
  wait_child(pid);
  return 0;
}

int main(int argc, char **argv) {
  global_p = (int *)(((unsigned int)data_pages + PAGE - 1) & ~(PAGE - 1));
  global = 1;
  heap = malloc(2 * PAGE);
  if (!heap) return 1;
  heap = (char *)(((unsigned int)heap + PAGE - 1) & ~(PAGE - 1));   // its own page
  if (argc < 2 || strcmp(argv[1], "demo") == 0) return demo();
  if (strcmp(argv[1], "bench") == 0) return bench(argc > 2 ? atoi(argv[2]) : 16);
  if (strcmp(argv[1], "rounds") == 0) return rounds(argc > 2 ? atoi(argv[2]) : 20);
  if (strcmp(argv[1], "stack") == 0) return in_child(0);
  if (strcmp(argv[1], "overflow") == 0) return in_child(1);
  if (strcmp(argv[1], "codewrite") == 0) return in_child(2);
  printf("usage: cowdemo [demo | bench PAGES | rounds N | stack | overflow | codewrite]\n");
  return 2;
}
