// A directory removed while another process sits in it (test/kernel/fs.test.ts).
// The child goes into /tmp/P/d; the parent removes /tmp/P/d and then /tmp/P;
// the child then tries to reach "..", create entries and find its path. As
// POSIX has it, the removed directory has no "." or ".." any more and takes
// no new entries: every attempt fails with ENOENT and nothing is leaked.
// With an argument N it repeats the whole dance N times quietly.
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>

static int quiet;

static void report(const char *what, int r) {
  if (!quiet) printf("%s: %d errno=%d\n", what, r, r < 0 ? errno : 0);
}

// Count the entries readdir gives in the current directory.
static int entries_here(void) {
  DIR *d = opendir(".");
  int n = 0;
  if (!d) return -errno;
  while (readdir(d)) n++;
  closedir(d);
  return n;
}

static void child(int ready, int go) {
  char c;
  char buf[64];
  int fd;
  if (chdir("/tmp/P/d") < 0) exit(10);
  write(ready, "r", 1);
  read(go, &c, 1);                         // the parent has removed both directories
  fd = open("..", O_RDONLY);
  report("open ..", fd);
  fd = open("x", O_CREAT | O_WRONLY, 0644);
  report("create x", fd);
  report("mkdir y", mkdir("y", 0755));
  report("getcwd", getcwd(buf, sizeof buf) ? 0 : -1);
  if (!quiet) printf("entries here: %d\n", entries_here());
  report("chdir ..", chdir(".."));
  report("chdir /tmp", chdir("/tmp"));
  exit(0);
}

static void round_once(void) {
  int ready[2], go[2];
  int status;
  char c;
  mkdir("/tmp/P", 0755);
  mkdir("/tmp/P/d", 0755);
  pipe(ready);
  pipe(go);
  if (fork() == 0) child(ready[1], go[0]);
  read(ready[0], &c, 1);
  report("rmdir /tmp/P/d", rmdir("/tmp/P/d"));
  report("rmdir /tmp/P", rmdir("/tmp/P"));
  write(go[1], "g", 1);
  wait(&status);
  if (!quiet) printf("child status %d\n", status);
  close(ready[0]); close(ready[1]); close(go[0]); close(go[1]);
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 1;
  int i;
  quiet = argc > 1;
  for (i = 0; i < rounds; i++) round_once();
  if (quiet) printf("%d rounds done\n", rounds);
  return 0;
}
