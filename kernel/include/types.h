// Basic kernel types. The target is 32-bit: int, long and pointers are 4 bytes.
#ifndef GLASSBOX_TYPES_H
#define GLASSBOX_TYPES_H

typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned char uchar;
typedef uint pde_t;
typedef uint pte_t;

#define NULL ((void *)0)

#endif
