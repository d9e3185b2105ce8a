// errno.h: the error numbers (Linux's, shared with the kernel in
// kernel/include/errno.h) and errno, set by library functions on failure.
#ifndef _ERRNO_H
#define _ERRNO_H

#include "../../../kernel/include/errno.h"

#ifndef EDOM
#define EDOM 33
#endif

extern int errno;

#endif
