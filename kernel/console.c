// The console: output to port 0xE9, input from port 0xE0 with a line
// discipline, as a terminal in "cooked" mode.
//
// Input bytes arrive with IRQ 33. The driver echoes them and collects a line
// that can still be edited: backspace (0x7F or 0x08) erases a character,
// Ctrl-U the line. Enter ('\r' or '\n') completes the line and wakes readers.
// Ctrl-D completes the line without a newline; at the start of a line it
// makes read() return 0 (end of file). Ctrl-C throws the line away and
// sends SIGINT to the foreground process group (set by the shell through
// ioctl TIOCSPGRP, as with a real terminal).
//
// The buffer is a ring: [r, w) is complete input not yet read, [w, e) the
// line being edited. A line never reaches a reader in pieces: one that
// outgrows the buffer (INPUT_BUF - 1 bytes and its newline) is thrown away
// when it ends, with a notice, and the reader gets an empty line instead —
// a shell must not run the tail of a long line as a command of its own.

#include "types.h"
#include "defs.h"
#include "x86.h"
#include "mmu.h"
#include "errno.h"
#include "abi.h"
#include "proc.h"

#define INPUT_BUF 4096      // as Linux's N_TTY_BUF_SIZE
#define CTRL(c) ((c) - '@')

static char ibuf[INPUT_BUF];
static uint rpos;            // next byte to read
static uint wpos;            // end of complete input
static uint epos;            // end of the line being edited
static int fg_pgid;          // foreground process group (0 = none)
static int overflowed;       // the line being edited outgrew the buffer

// The output line so far (since the last newline), for console_notice_end:
// what programs wrote and the echo of what is typed (erasures included),
// up to OUT_LINE bytes. Kept by console_write once per call and by the
// echo, not per byte in console_putc, so that writing costs next to
// nothing more (the TLB lab's timings include the rows ctxbench prints).
#define OUT_LINE 256
static char oline[OUT_LINE];
static uint olen;
static char saved_line[OUT_LINE];
static uint saved_len;

void console_putc(int c) {
  outl(PORT_CONSOLE_OUT, (uint)(c & 0xFF));
}

// Note that buf[0..n) went out: the line now ends with what follows its last newline.
static void line_wrote(const char *buf, uint n) {
  uint j = n;
  while (j > 0 && buf[j - 1] != '\n') j--;
  if (j > 0) olen = 0;
  if (n - j > OUT_LINE - olen) n = j + (OUT_LINE - olen);
  memmove(oline + olen, buf + j, n - j);
  olen += n - j;
}

// console_putc for the echo, which the line keeps.
static void echo_putc(int c) {
  char b = (char)c;
  console_putc(c);
  line_wrote(&b, 1);
}

// A kernel notice (a driver's message, such as install.c's) on a line of its
// own, without spoiling the line the user is typing: begin moves to a fresh
// line if the cursor is not at the start of one, the caller prints the
// message, and end finishes its line and prints the interrupted line again
// (the shell's prompt and what has been typed so far), so typing goes on
// where it was, as a shell reprints its line after a job notice. A line
// longer than OUT_LINE bytes is not reprinted.
void console_notice_begin(void) {
  saved_len = olen < OUT_LINE ? olen : 0;
  memmove(saved_line, oline, saved_len);
  if (olen > 0) console_putc('\n');
  olen = 0;
}

void console_notice_end(void) {
  uint i;
  console_putc('\n');
  for (i = 0; i < saved_len; i++) console_putc(saved_line[i]);
  line_wrote(saved_line, saved_len);
}

static void echo_erase(void) {
  echo_putc('\b');
  echo_putc(' ');
  echo_putc('\b');
}

// The line being edited outgrew the buffer and has ended: drop it, say so,
// and hand over an empty line (the reader was waiting for one).
static void discard_long_line(void) {
  const char *msg = "\nconsole: line longer than 4095 bytes, discarded\n";
  epos = wpos;
  overflowed = 0;
  while (*msg) echo_putc(*msg++);
  ibuf[epos++ % INPUT_BUF] = '\n';
  wpos = epos;
  wakeup(&rpos);
}

// Handle one input byte.
static void console_input(int c) {
  switch (c) {
  case CTRL('C'):
    echo_putc('^');
    echo_putc('C');
    echo_putc('\n');
    epos = wpos;
    overflowed = 0;
    if (fg_pgid > 0) signal_group(fg_pgid, SIGINT);
    break;
  case CTRL('U'):
    while (epos != wpos && ibuf[(epos - 1) % INPUT_BUF] != '\n') {
      epos--;
      echo_erase();
    }
    overflowed = 0;
    break;
  case 0x7F:
  case CTRL('H'):
    if (epos != wpos) {
      epos--;
      echo_erase();
    }
    break;
  case CTRL('D'):
    // On a partial line: hand it over without a newline. On an empty line:
    // leave a ^D in the buffer, which read() turns into end of file.
    if (overflowed) {
      discard_long_line();
      break;
    }
    if (epos != wpos) {
      wpos = epos;
      wakeup(&rpos);
      break;
    }
    if (epos - rpos >= INPUT_BUF) break;
    ibuf[epos++ % INPUT_BUF] = (char)c;
    wpos = epos;
    wakeup(&rpos);
    break;
  default:
    if (c == '\r') c = '\n';
    if (c == 0) break;
    if (c == '\n' && overflowed) {
      discard_long_line();
      break;
    }
    // One byte stays free for the newline that ends the line.
    if (overflowed || (c != '\n' && epos - rpos >= INPUT_BUF - 1)) {
      overflowed = 1;
      break;
    }
    ibuf[epos++ % INPUT_BUF] = (char)c;
    echo_putc(c);
    if (c == '\n') {
      wpos = epos;
      wakeup(&rpos);
    }
    break;
  }
}

// IRQ 33: take every byte the device has buffered.
void console_intr(void) {
  uint c;
  for (;;) {
    c = inl(PORT_CONSOLE_IN);
    if (c == 0xFFFFFFFF) break;
    console_input((int)(c & 0xFF));
  }
}

// Read up to n bytes of one line into user memory at dst. Blocks until a
// line is complete. 0 means end of file (Ctrl-D at the start of a line).
int console_read(uint dst, uint n) {
  char buf[128];
  uint got = 0;
  uint k;
  int c;
  int r;
  if (n == 0) return 0;
  if (!uaccess_ok(curproc->pgdir, dst, n, 1)) return -EFAULT;
  while (rpos == wpos) {
    r = sleep_on(&rpos);
    if (r < 0) return r;
  }
  while (got < n && rpos != wpos) {
    k = 0;
    while (k < sizeof(buf) && got + k < n && rpos != wpos) {
      c = ibuf[rpos % INPUT_BUF];
      if (c == CTRL('D')) {
        if (got + k == 0) rpos++;     // end of file: consume the ^D, return 0
        break;
      }
      rpos++;
      buf[k++] = (char)c;
      if (c == '\n') break;
    }
    if (k == 0) break;
    if (copyout(curproc->pgdir, dst + got, buf, k) < 0) return -EFAULT;
    got += k;
    if (buf[k - 1] == '\n') break;
    if (rpos != wpos && ibuf[rpos % INPUT_BUF] == CTRL('D')) break;
  }
  return got;
}

// Write n bytes from user memory at src to the console.
int console_write(uint src, uint n) {
  char buf[128];
  uint done = 0;
  uint k;
  uint i;
  while (done < n) {
    k = n - done;
    if (k > sizeof(buf)) k = sizeof(buf);
    if (copyin(curproc->pgdir, buf, src + done, k) < 0) return done > 0 ? (int)done : -EFAULT;
    for (i = 0; i < k; i++) console_putc(buf[i]);
    line_wrote(buf, k);
    done += k;
  }
  return n;
}

int console_get_fg(void) {
  return fg_pgid;
}

void console_set_fg(int pgid) {
  fg_pgid = pgid;
}

void console_init(void) {
  rpos = 0;
  wpos = 0;
  epos = 0;
  fg_pgid = 0;
  olen = 0;
  // Unmask the timer and console lines.
  outl(PORT_IRQ_MASK, 0);
}
