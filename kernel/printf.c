// Formatted console output for the kernel, and panic.
//
// kprintf understands %d %u %x %p %s %c %% with an optional '0' flag and
// width. panic() prints the reason, the registers of the trap that caused it
// (if any) and a backtrace: the return addresses found by walking the ebp
// chain, one per line as "  #N 0x...". The host symbolizes those lines with
// the kernel ELF's symbols. Then it stops the machine.

#include <stdarg.h>
#include "types.h"
#include "defs.h"
#include "x86.h"
#include "mmu.h"
#include "proc.h"

static void putnum(uint value, uint base, int is_signed, int width, int zero) {
  char buf[16];
  const char *digits = "0123456789abcdef";
  int neg = 0;
  int i = 0;
  if (is_signed && (int)value < 0) {
    neg = 1;
    value = (uint)(-(int)value);
  }
  do {
    buf[i++] = digits[value % base];
    value = value / base;
  } while (value != 0);
  if (neg) width--;
  if (neg && zero) console_putc('-');
  while (width > i) {
    console_putc(zero ? '0' : ' ');
    width--;
  }
  if (neg && !zero) console_putc('-');
  while (i > 0) console_putc(buf[--i]);
}

void vkprintf(const char *fmt, va_list ap) {
  int width;
  int zero;
  const char *s;
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      console_putc(*fmt);
      continue;
    }
    fmt++;
    zero = 0;
    width = 0;
    if (*fmt == '0') {
      zero = 1;
      fmt++;
    }
    while (*fmt >= '0' && *fmt <= '9') {
      width = width * 10 + (*fmt - '0');
      fmt++;
    }
    switch (*fmt) {
    case 'd':
      putnum(va_arg(ap, uint), 10, 1, width, zero);
      break;
    case 'u':
      putnum(va_arg(ap, uint), 10, 0, width, zero);
      break;
    case 'x':
      putnum(va_arg(ap, uint), 16, 0, width, zero);
      break;
    case 'p':
      console_putc('0');
      console_putc('x');
      putnum(va_arg(ap, uint), 16, 0, 8, 1);
      break;
    case 's':
      s = va_arg(ap, const char *);
      if (s == 0) s = "(null)";
      while (*s) {
        console_putc(*s++);
        width--;
      }
      while (width-- > 0) console_putc(' ');
      break;
    case 'c':
      console_putc(va_arg(ap, int));
      break;
    case '%':
      console_putc('%');
      break;
    case 0:
      return;
    default:
      console_putc('%');
      console_putc(*fmt);
      break;
    }
  }
}

void kprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vkprintf(fmt, ap);
  va_end(ap);
}

// Print return addresses up the ebp chain, stopping at a frame pointer that
// leaves the kernel or stops growing (the chain ends with ebp = 0 at entry).
void backtrace(uint ebp) {
  int depth = 0;
  uint *frame;
  kprintf("backtrace:\n");
  while (ebp >= KERNBASE && (ebp & 3) == 0 && depth < 24) {
    frame = (uint *)ebp;
    if (frame[1] == 0) break;
    kprintf("  #%d 0x%08x\n", depth, frame[1]);
    if (frame[0] <= ebp) break;
    ebp = frame[0];
    depth++;
  }
}

void print_trapframe(struct trapframe *tf) {
  kprintf("  eax=%08x ebx=%08x ecx=%08x edx=%08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
  kprintf("  esi=%08x edi=%08x ebp=%08x eip=%08x\n", tf->esi, tf->edi, tf->ebp, tf->eip);
  kprintf("  trap=%d err=%x eflags=%08x cs=%x cr2=%08x cr3=%08x\n", tf->trapno, tf->err, tf->eflags, tf->cs,
          rcr2(), rcr3());
}

// Stop the machine after reporting why. tf may be 0 (a panic not caused by a trap).
void panic_tf(const char *reason, struct trapframe *tf) {
  cli();
  trace(TR_PANIC, (uint)reason, 0, 0);
  kprintf("\nkernel panic: %s\n", reason);
  if (curproc) kprintf("  in process %d (%s)\n", curproc->pid, curproc->name);
  if (tf) {
    print_trapframe(tf);
    kprintf("  #- 0x%08x (faulting instruction)\n", tf->eip);
    backtrace(tf->ebp);
  } else {
    backtrace(read_ebp());
  }
  halt_forever();
}

void panic(const char *reason) {
  panic_tf(reason, 0);
}
