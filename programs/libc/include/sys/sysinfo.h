// sysinfo(): memory, processes and uptime (Linux's struct sysinfo, in
// abi.h; Glassbox counts memory in pages, mem_unit bytes each).
#ifndef _SYS_SYSINFO_H
#define _SYS_SYSINFO_H

#include "../../../../kernel/include/abi.h"

int sysinfo(struct sysinfo *info);

#endif
