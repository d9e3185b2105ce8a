// stdio on named files: fopen, fdopen, fclose, fseek, ftell, rewind.
//
// A FILE from fopen is malloc'd, fully buffered, and on the list of open
// streams (__stdio_files), so fflush(NULL) and exit write out what it
// holds. The mode says how the file is opened, as C says:
//
//   "r"  read            "r+" read and write
//   "w"  write, truncate or create          "w+" the same, and read
//   "a"  append (every write goes to the end), create   "a+" and read
//
// ("b" is accepted and means nothing: there is no text mode.) Errors set
// errno from the back-end (ENOENT, EISDIR ...) and return NULL or -1.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include "stdio_impl.h"

// open() flags for a mode string, or -1 if it is not one.
static int mode_flags(const char *mode, int *fflags) {
  int oflags;
  int plus = strchr(mode, '+') != NULL;
  if (mode[0] == 'r') {
    oflags = plus ? O_RDWR : O_RDONLY;
    *fflags = plus ? F_READ | F_WRITE : F_READ;
  } else if (mode[0] == 'w') {
    oflags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
    *fflags = plus ? F_READ | F_WRITE : F_WRITE;
  } else if (mode[0] == 'a') {
    oflags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
    *fflags = plus ? F_READ | F_WRITE : F_WRITE;
  } else {
    return -1;
  }
  return oflags;
}

static FILE *new_stream(int fd, int fflags) {
  FILE *f = malloc(sizeof(FILE));
  if (!f) {
    errno = ENOMEM;
    return NULL;
  }
  memset(f, 0, sizeof(FILE));
  f->fd = fd;
  f->flags = fflags;
  f->unget = EOF;
  f->next = __stdio_files;
  __stdio_files = f;
  return f;
}

FILE *fopen(const char *path, const char *mode) {
  int fflags;
  int oflags = mode_flags(mode, &fflags);
  int fd;
  FILE *f;
  if (oflags < 0) {
    errno = EINVAL;
    return NULL;
  }
  fd = __sys_open(path, oflags, 0644);
  if (fd < 0) {
    errno = -fd;
    return NULL;
  }
  f = new_stream(fd, fflags);
  if (!f) __sys_close(fd);
  return f;
}

// A stream over an open descriptor (the mode must match how it was opened).
FILE *fdopen(int fd, const char *mode) {
  int fflags;
  if (mode_flags(mode, &fflags) < 0) {
    errno = EINVAL;
    return NULL;
  }
  return new_stream(fd, fflags);
}

// Write out, close the descriptor, and forget the stream. stdin, stdout and
// stderr are static: closing one closes its descriptor and keeps the FILE.
int fclose(FILE *f) {
  FILE **pp;
  int r = fflush(f);
  int c = __sys_close(f->fd);
  if (c < 0) {
    errno = -c;
    r = EOF;
  }
  if (f == stdin || f == stdout || f == stderr) return r;
  for (pp = &__stdio_files; *pp; pp = &(*pp)->next) {
    if (*pp == f) {
      *pp = f->next;
      break;
    }
  }
  free(f);
  return r;
}

// Where the program is in the file: the descriptor's offset, less what was
// read ahead, plus what waits to be written.
long ftell(FILE *f) {
  int off = __sys_lseek(f->fd, 0, SEEK_CUR);
  if (off < 0) {
    errno = -off;
    return -1;
  }
  if (f->len > 0) return off - (f->len - f->pos) - (f->unget != EOF);
  return off + f->pos - (f->unget != EOF);
}

// Write out or drop the buffer, then move the descriptor's offset. Clears
// end of file and any ungetc.
int fseek(FILE *f, long offset, int whence) {
  int r;
  if (whence == SEEK_CUR) {
    long here = ftell(f);
    if (here < 0) return -1;
    offset += here;
    whence = SEEK_SET;
  }
  if (fflush(f) == EOF) return -1;
  r = __sys_lseek(f->fd, (int)offset, whence);
  if (r < 0) {
    errno = -r;
    return -1;
  }
  f->pos = 0;
  f->len = 0;
  f->unget = EOF;
  f->flags &= ~F_EOF;
  return 0;
}

void rewind(FILE *f) {
  fseek(f, 0, SEEK_SET);
  f->flags &= ~F_ERR;
}
