// stdarg.h: variable arguments over the cdecl stack. Arguments sit one after
// another above the last named parameter, each rounded up to 4 bytes, so a
// va_list is just a pointer that walks up the stack.
#ifndef _STDARG_H
#define _STDARG_H

typedef char *va_list;

#define __va_size(t) ((sizeof(t) + 3) & ~3u)
#define va_start(ap, last) ((ap) = (char *)&(last) + __va_size(last))
#define va_arg(ap, t) (*(t *)(((ap) += __va_size(t)) - __va_size(t)))
#define va_end(ap) ((void)(ap))
#define va_copy(dst, src) ((dst) = (src))

#endif
