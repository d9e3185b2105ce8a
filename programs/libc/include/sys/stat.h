// stat(), fstat(), mkdir() and the st_mode bits (struct stat is in abi.h).
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <sys/types.h>
#include "../../../../kernel/include/abi.h"

int stat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int mkdir(const char *path, mode_t mode);

#endif
