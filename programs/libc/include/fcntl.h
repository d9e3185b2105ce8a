// open() and its flags (values shared with the kernel through abi.h).
#ifndef _FCNTL_H
#define _FCNTL_H

#include <sys/types.h>
#include "../../../kernel/include/abi.h"

int open(const char *path, int flags, ...);
int creat(const char *path, mode_t mode);

#endif
