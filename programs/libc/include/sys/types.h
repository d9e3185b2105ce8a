// POSIX basic types for the Glassbox kernel's system calls (32-bit).
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <stddef.h>

typedef int pid_t;
typedef int ssize_t;
typedef int off_t;
typedef unsigned int mode_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int ino_t;
typedef unsigned int dev_t;
typedef unsigned int nlink_t;
typedef int time_t;
typedef unsigned int useconds_t;

#endif
