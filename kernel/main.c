// The kernel's C entry: entry.s has turned paging on with a boot page table
// (the first 16 MiB mapped at 0 and at KERNBASE) and called kmain on the
// boot stack. kmain brings the subsystems up in dependency order and starts
// the first process; the boot stack is abandoned after that.

#include "types.h"
#include "defs.h"
#include "mmu.h"
#include "param.h"
#include "x86.h"
#include "bootinfo.h"
#include "proc.h"

static struct bootinfo boot;
static char cmdline[256];

// The value of "key=" in the command line, copied into out (size n); 0 if absent.
static int cmdline_get(const char *key, char *out, int n) {
  const char *s = cmdline;
  uint klen = strlen(key);
  int i;
  while (*s) {
    while (*s == ' ') s++;
    if (strncmp(s, key, klen) == 0 && s[klen] == '=') {
      s += klen + 1;
      for (i = 0; i < n - 1 && s[i] && s[i] != ' '; i++) out[i] = s[i];
      out[i] = 0;
      return 1;
    }
    while (*s && *s != ' ') s++;
  }
  return 0;
}

// True when the command line holds the bare word `flag` (or flag=...).
static int cmdline_has(const char *flag) {
  const char *s = cmdline;
  uint len = strlen(flag);
  while (*s) {
    while (*s == ' ') s++;
    if (strncmp(s, flag, len) == 0 && (s[len] == 0 || s[len] == ' ' || s[len] == '=')) return 1;
    while (*s && *s != ' ') s++;
  }
  return 0;
}

// Copy the boot-info block (and the command line) out of low memory.
static void read_bootinfo(uint magic, uint info_phys) {
  struct bootinfo *bi;
  uint len;
  if (magic != BOOT_MAGIC) panic("not started by the Glassbox boot loader (bad magic in eax)");
  if (info_phys >= 16 * 1024 * 1024) panic("boot info above 16 MiB");
  bi = (struct bootinfo *)P2V(info_phys);
  if (bi->magic != BOOT_MAGIC) panic("bad boot info block");
  memmove(&boot, bi, sizeof(boot));
  cmdline[0] = 0;
  if (boot.cmdline_addr) {
    len = boot.cmdline_len < sizeof(cmdline) - 1 ? boot.cmdline_len : sizeof(cmdline) - 1;
    memmove(cmdline, P2V(boot.cmdline_addr), len);
    cmdline[len] = 0;
  }
  if (boot.ramfs_addr + boot.ramfs_size > 16 * 1024 * 1024) panic("ramfs archive above 16 MiB");
}

// pcid=on|off and global_pages=on|off: how the kernel uses the TLB (vm.c).
// A value other than on or off is a boot error, not silently a default.
static int on_off(const char *key, int fallback) {
  char value[8];
  if (!cmdline_get(key, value, sizeof(value))) return fallback;
  if (strcmp(value, "on") == 0) return 1;
  if (strcmp(value, "off") == 0) return 0;
  panic("boot command line: a setting wants on or off");
  return fallback;
}

static void read_tlb_options(void) {
  tlb_pcid = on_off("pcid", 0);
  tlb_global = on_off("global_pages", 1);
}

void kmain(uint magic, uint info_phys) {
  char init_path[MAXPATH];
  char value[16];
  int files;
  read_bootinfo(magic, info_phys);
  console_init();
  kinit(boot.reserved_end, boot.mem_bytes);
  read_tlb_options();
  kvm_init(boot.mem_bytes);
  idt_init();
  tss_init();
  syscall_init();
  ramfs_init();
  files = cpio_unpack((const char *)P2V(boot.ramfs_addr), boot.ramfs_size);
  timer_quantum = boot.quantum ? boot.quantum : DEFAULT_QUANTUM;
  if (cmdline_get("trace_syscalls", value, sizeof(value)) && value[0] == '1') syscall_trace = 1;
  if (!cmdline_get("init", init_path, sizeof(init_path))) safestrcpy(init_path, "/bin/init", sizeof(init_path));
  if (!cmdline_has("quiet")) {
    kprintf("Glassbox kernel: %d MiB RAM, %d pages free, %d files in the ramfs, quantum %d cycles\n",
            boot.mem_bytes >> 20, free_pages, files, timer_quantum);
    if (tlb_pcid || !tlb_global)
      kprintf("TLB: PCIDs %s, kernel pages %s\n", tlb_pcid ? "on" : "off", tlb_global ? "global" : "not global");
  }
  trace(TR_BOOT, boot.mem_bytes, files, timer_quantum);
  start_init(init_path);
}
