// ioctl(): device requests, on the console only (kernel/sysfile.c): the
// numbers are abi.h's (TCGETS, TCSETS*, TIOCGPGRP, TIOCSPGRP, FIONREAD).
// termios.h and unistd.h's tcgetpgrp/tcsetpgrp are the usual way in.
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include "../../../../kernel/include/abi.h"

int ioctl(int fd, unsigned long request, void *arg);

#endif
