// utime(): set a file's modification time (struct utimbuf is in abi.h).
// Times are seconds since boot, the machine's clock (time.h says why);
// a null times means now.
#ifndef _UTIME_H
#define _UTIME_H

#include <sys/types.h>
#include "../../../kernel/include/abi.h"

int utime(const char *path, const struct utimbuf *times);

#endif
