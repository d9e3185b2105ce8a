// The terminal's modes: struct termios, its flags and c_cc indices come
// from the kernel's abi.h (one definition for both sides); tcgetattr and
// tcsetattr are ioctl TCGETS / TCSETS* on the console (kernel/console.c).
#ifndef _TERMIOS_H
#define _TERMIOS_H

#include <sys/types.h>
#include "../../../kernel/include/abi.h"

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);   // when: TCSANOW, TCSADRAIN, TCSAFLUSH
void cfmakeraw(struct termios *t);                           // no ICANON, ECHO, ISIG; VMIN 1, VTIME 0

#endif
