// Fill the ramfs (test/kernel/fs.test.ts): write files /tmp/fill0, fill1, …
// (each up to the 4 MiB a file can hold) until a write fails for want of
// space, then show that the kernel kept its share of RAM: fork, exec and a
// pipe still work. `fillfs clean` removes the files again.
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/wait.h>

static char chunk[4096];

static void name_of(char *buf, int i) {
  sprintf(buf, "/tmp/fill%d", i);
}

// Write one file until a write fails; returns its errno, counts pages.
static int fill_one(int i, int *pages) {
  char path[32];
  int fd, r;
  name_of(path, i);
  fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) return errno;
  while ((r = write(fd, chunk, sizeof chunk)) == sizeof chunk) (*pages)++;
  close(fd);
  return errno;
}

int main(int argc, char **argv) {
  int files = 0, pages = 0, err, status = -1, fds[2];
  char path[32], c = 0;
  if (argc > 1 && strcmp(argv[1], "clean") == 0) {
    for (;; files++) {
      name_of(path, files);
      if (unlink(path) < 0) break;
    }
    printf("removed %d files\n", files);
    return 0;
  }
  memset(chunk, 'f', sizeof chunk);
  while ((err = fill_one(files, &pages)) == EFBIG) files++;
  printf("%d full files, %d pages of data in all, then errno=%d\n", files, pages, err);
  pipe(fds);
  if (fork() == 0) {
    char *args[] = {"echo", "exec works with the ramfs full", 0};
    write(fds[1], "p", 1);
    execv("/bin/echo", args);
    _exit(99);
  }
  wait(&status);
  read(fds[0], &c, 1);
  printf("child status %d, pipe gave '%c'\n", status, c);
  return 0;
}
