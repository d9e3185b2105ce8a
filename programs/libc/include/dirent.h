// Reading directories: opendir/readdir/closedir over getdents().
#ifndef _DIRENT_H
#define _DIRENT_H

#include <sys/types.h>
#include "../../../kernel/include/abi.h"

struct dirent {
  ino_t d_ino;
  unsigned char d_type;      // DT_DIR, DT_REG, DT_CHR (abi.h)
  char d_name[256];
};

typedef struct {
  int fd;
  int pos;                   // next record in buf
  int len;                   // bytes of records in buf
  char buf[512];
  struct dirent entry;
} DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);

#endif
