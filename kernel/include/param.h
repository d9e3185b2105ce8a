// Sizes and limits of the kernel's fixed tables and of a process's address space.
#ifndef GLASSBOX_PARAM_H
#define GLASSBOX_PARAM_H

#define NPROC 128                 // process-table slots (>= 64 user processes at once, plus init and sh)
#define NTHREAD 256               // threads in the system (each has a kernel stack)
#define KSTACKSIZE 8192           // kernel stack per thread
#define NOFILE 16                 // open files per process
#define NFILE 256                 // open files in the system
#define NINODE 512                // ramfs inodes
#define MAXARG 32                 // execve arguments
#define MAXARGBYTES 4096          // bytes of argument strings
#define MAXPATH 128               // path length including the NUL
#define DEFAULT_QUANTUM 3000000   // timer period in cycles when boot info gives none (1 ms at 3 GHz)

// User address space.
#define USER_BASE 0x1000          // page 0 stays unmapped: null pointers fault
#define USER_TEXT 0x08048000      // where programs are linked
#define USER_TOP 0xC0000000       // stack top; the kernel lives above
#define STACK_MAX (1024 * 1024)   // the stack may grow to 1 MiB ...
#define STACK_LOW (USER_TOP - STACK_MAX)   // ... down to here
#define GUARD_LOW (STACK_LOW - 4096)       // and the page below it is never mapped

#endif
