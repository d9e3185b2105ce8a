// stdio's insides, shared by stdio.c (buffers, character I/O, printf) and
// file.c (opening, closing and seeking named files). Not a public header.
//
// A stream has one buffer, used one way at a time: while reading, bytes
// buf[pos..len) are read ahead of the program; while writing, buf[0..pos)
// wait to be written and len is 0. An update stream ("r+", "w+", "a+")
// switches between the two by itself (stdio_to_read/stdio_to_write).
#ifndef _STDIO_IMPL_H
#define _STDIO_IMPL_H

#include <stdio.h>

#define F_READ 1
#define F_WRITE 2
#define F_LINEBUF 4
#define F_UNBUF 8
#define F_EOF 16
#define F_ERR 32

struct __FILE {
  int fd;
  int flags;
  int pos;      // next byte to read (reading) / bytes buffered (writing)
  int len;      // bytes in the buffer (reading); 0 while writing
  int unget;    // a byte pushed back by ungetc, or EOF
  FILE *next;   // every open stream, for fflush(NULL) and exit
  char buf[BUFSIZ];
};

// The back-end (programs/libc/README.md): -errno on failure.
int __sys_write(int fd, const void *buf, int n);
int __sys_read(int fd, void *buf, int n);
int __sys_open(const char *path, int flags, int mode);
int __sys_close(int fd);
int __sys_lseek(int fd, int offset, int whence);

extern FILE *__stdio_files;          // the list of open streams, through next

// printf's floating conversions (fmtfloat.c): the body of %f %e %g %a (and
// upper case) for x, without sign or padding, into out (__FMT_DOUBLE_MAX
// bytes; precisions above 1170, beyond a double's 1074 fraction digits,
// count as 1170). Returns the length; *finite is 0 for inf and nan.
#define __FMT_DOUBLE_MAX 1500
int __format_double(char *out, double x, int conv, int prec, int alt, int *finite);

int __stdio_to_read(FILE *f);        // 0, or EOF if f cannot read
int __stdio_to_write(FILE *f);       // 0, or EOF if f cannot write

#endif
