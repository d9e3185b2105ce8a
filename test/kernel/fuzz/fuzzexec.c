// fuzzexec N MICROSECONDS: run /bin/fz0 … /bin/fz(N-1), the fuzz test's
// random and mutated programs (test/kernel/fuzz.test.ts), each for at most
// MICROSECONDS of guest time. Each runs in a process group of its own, in
// the scratch directory /tmp/fz, with /dev/null for its standard files;
// when it ends or its time is up, the whole group is killed, so nothing it
// forked survives it, and the scratch directory is emptied. Prints how the
// programs ended.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define SCRATCH "/tmp/fz"

static int by_signal[32];
static int exited, timed_out;

// Remove everything below path (depth-first); the fuzzed programs may have
// made files and directories with any names.
static void remove_tree(const char *path, int depth) {
  char child[256];
  DIR *d;
  struct dirent *e;
  struct stat st;
  int removed;
  if (depth > 8) return;
  do {
    removed = 0;
    d = opendir(path);
    if (!d) return;
    while ((e = readdir(d)) != 0) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      snprintf(child, sizeof child, "%s/%s", path, e->d_name);
      if (stat(child, &st) == 0 && S_ISDIR(st.st_mode)) {
        remove_tree(child, depth + 1);
        if (rmdir(child) == 0) removed++;
      } else if (unlink(child) == 0) {
        removed++;
      }
    }
    closedir(d);
  } while (removed);                         // removing shifts entries under readdir
}

static void child(const char *path) {
  char *argv[2];
  int fd = open("/dev/null", O_RDWR);
  setpgid(0, 0);
  chdir(SCRATCH);
  dup2(fd, 0);
  dup2(fd, 1);
  dup2(fd, 2);
  if (fd > 2) close(fd);
  argv[0] = (char *)path;
  argv[1] = 0;
  execv(path, argv);
  _exit(127);
}

// Kill what is left of group pgid and wait until init has reaped all of it.
static void kill_group(int pgid) {
  int spins;
  for (spins = 0; kill(-pgid, 0) == 0; spins++) {
    kill(-pgid, SIGKILL);
    if (spins > 2000) {
      printf("fuzzexec: group %d does not go away\n", pgid);
      exit(1);
    }
    usleep(200);
  }
}

static void run_one(const char *path, int limit_us) {
  int status = 0, waited = 0, r;
  int pid = fork();
  if (pid < 0) {
    printf("fuzzexec: fork: errno %d\n", errno);
    exit(1);
  }
  if (pid == 0) child(path);
  setpgid(pid, pid);
  while ((r = waitpid(pid, &status, WNOHANG)) == 0 && waited < limit_us) {
    usleep(200);
    waited += 200;
  }
  if (r == 0) {
    timed_out++;
    kill(-pid, SIGKILL);
    waitpid(pid, &status, 0);
  } else if (WIFSIGNALED(status)) {
    by_signal[WTERMSIG(status) & 31]++;
  } else {
    exited++;
  }
  kill_group(pid);
  remove_tree(SCRATCH, 0);
}

int main(int argc, char **argv) {
  char path[32];
  int n, limit_us, i;
  if (argc != 3) {
    fprintf(stderr, "usage: fuzzexec N MICROSECONDS\n");
    return 2;
  }
  n = atoi(argv[1]);
  limit_us = atoi(argv[2]);
  signal(SIGPIPE, SIG_IGN);
  mkdir(SCRATCH, 0755);
  for (i = 0; i < n; i++) {
    snprintf(path, sizeof path, "/bin/fz%d", i);
    run_one(path, limit_us);
  }
  printf("fuzzexec: %d programs: %d exited, %d timed out", n, exited, timed_out);
  for (i = 1; i < 32; i++) {
    if (by_signal[i]) printf(", %d by signal %d", by_signal[i], i);
  }
  printf("\n");
  return 0;
}
