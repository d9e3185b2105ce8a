// Directory streams over getdents(): records are fetched a buffer at a time
// and handed out one by one as struct dirent.

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <dirent.h>
#include "../../../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);

DIR *opendir(const char *path) {
  DIR *dir;
  int fd = open(path, O_RDONLY | O_DIRECTORY, 0);
  if (fd < 0) return 0;
  dir = (DIR *)malloc(sizeof(DIR));
  if (!dir) {
    close(fd);
    errno = ENOMEM;
    return 0;
  }
  dir->fd = fd;
  dir->pos = 0;
  dir->len = 0;
  return dir;
}

struct dirent *readdir(DIR *dir) {
  struct linux_dirent *ld;
  int r;
  if (dir->pos >= dir->len) {
    r = __syscall(SYS_getdents, dir->fd, (int)dir->buf, sizeof(dir->buf), 0, 0);
    if (r <= 0) {
      if (r < 0) errno = -r;
      return 0;
    }
    dir->len = r;
    dir->pos = 0;
  }
  ld = (struct linux_dirent *)(dir->buf + dir->pos);
  dir->entry.d_ino = ld->d_ino;
  dir->entry.d_type = (unsigned char)dir->buf[dir->pos + ld->d_reclen - 1];
  strncpy(dir->entry.d_name, ld->d_name, sizeof(dir->entry.d_name) - 1);
  dir->entry.d_name[sizeof(dir->entry.d_name) - 1] = 0;
  dir->pos += ld->d_reclen;
  return &dir->entry;
}

int closedir(DIR *dir) {
  int r = close(dir->fd);
  free(dir);
  return r;
}
