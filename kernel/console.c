// The console: output to port 0xE9, input from port 0xE0 through a line
// discipline that honours a small termios (abi.h struct termios), as a
// Unix terminal driver does.
//
// Input bytes arrive with IRQ 33. With ISIG, the signal characters
// (VINTR Ctrl-C, VQUIT Ctrl-\, VSUSP Ctrl-Z) send SIGINT, SIGQUIT or SIGTSTP
// to the foreground process group (set by the shell through ioctl
// TIOCSPGRP), throw away the line being edited, and never reach a reader.
//
// With ICANON ("cooked", the default) the driver collects a line that can
// still be edited: VERASE (0x7F, or 0x08) erases a character, VWERASE
// (Ctrl-W) a word, VKILL (Ctrl-U) the line. Enter ('\r' or '\n') completes
// the line and wakes readers. VEOF (Ctrl-D) completes the line without a
// newline; at the start of a line it makes read() return 0 (end of file).
// Without ICANON ("raw", what a line editor such as the shell's asks for)
// every byte is input as soon as it is typed and read() returns what there
// is, one byte at least. ECHO shows typed characters (and, with ECHOCTL,
// the signal characters as ^C); without it the reader draws its own echo.
// Switching back to ICANON feeds the raw bytes not read yet through the
// cooked discipline, so what was typed ahead of a program reaches it as
// lines, echoed as the program starts.
//
// A process that reads while its group is not the foreground one gets
// SIGTTIN (it stops, as a background job that wants input does), or EIO if
// it ignores or blocks SIGTTIN.
//
// The buffer is a ring: [r, w) is complete input not yet read, [w, e) the
// line being edited (always empty without ICANON). Raw input that fills it
// stays in the device until a read makes room. A line never reaches a
// reader in pieces: one that outgrows the buffer (INPUT_BUF - 1 bytes and
// its newline) is thrown away when it ends, with a notice, and the reader
// gets an empty line instead — a shell must not run the tail of a long
// line as a command of its own.

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
static struct termios tio;   // the modes (console_init sets the defaults)

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

// console_putc for the echo, which the line keeps; nothing without ECHO.
static void echo_putc(int c) {
  char b = (char)c;
  if (!(tio.c_lflag & ECHO)) return;
  console_putc(c);
  line_wrote(&b, 1);
}

// Put out a driver message whatever ECHO says.
static void say(const char *msg) {
  for (; *msg; msg++) {
    console_putc(*msg);
    line_wrote(msg, 1);
  }
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
  if (tio.c_lflag & ECHOE) {
    echo_putc(' ');
    echo_putc('\b');
  }
}

// The line being edited outgrew the buffer and has ended: drop it, say so,
// and hand over an empty line (the reader was waiting for one).
static void discard_long_line(void) {
  epos = wpos;
  overflowed = 0;
  say("\nconsole: line longer than 4095 bytes, discarded\n");
  ibuf[epos++ % INPUT_BUF] = '\n';
  wpos = epos;
  wakeup(&rpos);
}

// Is c the control character at index i of c_cc (0 there disables it)?
static int is_cc(int c, int i) {
  return tio.c_cc[i] != 0 && c == tio.c_cc[i];
}

// A signal character: the input not read yet is thrown away (as Linux
// does without NOFLSH: what was typed ahead was meant for the program
// interrupted) and the foreground group gets sig. ECHOCTL shows it as ^C
// (and a newline: the line it ended is finished).
static void input_signal(int c, int sig) {
  if (tio.c_lflag & ECHOCTL) {
    echo_putc('^');
    echo_putc(c + '@');
    echo_putc('\n');
  }
  rpos = wpos = epos;
  overflowed = 0;
  if (fg_pgid > 0) signal_group(fg_pgid, sig);
}

static int is_word_char(int c) {
  return c != ' ' && c != '\t';
}

// Erase the last character of the line being edited (0 if it is empty).
static int erase_one(void) {
  if (epos == wpos || ibuf[(epos - 1) % INPUT_BUF] == '\n') return 0;
  epos--;
  echo_erase();
  return 1;
}

// One byte of a line being edited (ICANON).
static void input_cooked(int c) {
  if (is_cc(c, VKILL)) {
    while (erase_one())
      ;
    overflowed = 0;
    return;
  }
  if (is_cc(c, VERASE) || c == CTRL('H')) {
    erase_one();
    return;
  }
  if (is_cc(c, VWERASE)) {
    while (epos != wpos && !is_word_char(ibuf[(epos - 1) % INPUT_BUF]) && erase_one())
      ;
    while (epos != wpos && is_word_char(ibuf[(epos - 1) % INPUT_BUF]) && erase_one())
      ;
    return;
  }
  if (is_cc(c, VEOF)) {
    // On a partial line: hand it over without a newline. On an empty line:
    // leave a ^D in the buffer, which read() turns into end of file.
    if (overflowed) {
      discard_long_line();
      return;
    }
    if (epos != wpos) {
      wpos = epos;
      wakeup(&rpos);
      return;
    }
    if (epos - rpos >= INPUT_BUF) return;
    ibuf[epos++ % INPUT_BUF] = CTRL('D');
    wpos = epos;
    wakeup(&rpos);
    return;
  }
  if (c == 0) return;
  if (c == '\n' && overflowed) {
    discard_long_line();
    return;
  }
  // One byte stays free for the newline that ends the line.
  if (overflowed || (c != '\n' && epos - rpos >= INPUT_BUF - 1)) {
    overflowed = 1;
    return;
  }
  ibuf[epos++ % INPUT_BUF] = (char)c;
  echo_putc(c);
  if (c == '\n') {
    wpos = epos;
    wakeup(&rpos);
  }
}

// One byte for a reader in raw mode (no ICANON): input at once. A full
// buffer drops what is typed, as a terminal does. Returns 1 if the byte
// is input now: the caller wakes the readers, once for all the bytes of
// an interrupt (a wakeup looks at every thread slot in use).
static int input_raw(int c) {
  if (epos - rpos >= INPUT_BUF) return 0;
  ibuf[epos++ % INPUT_BUF] = (char)c;
  wpos = epos;
  echo_putc(c);
  return 1;
}

// Handle one typed byte. Returns 1 if readers are to be woken for it.
static int console_input(int c) {
  if ((tio.c_iflag & ICRNL) && c == '\r') c = '\n';
  if (tio.c_lflag & ISIG) {
    if (is_cc(c, VINTR)) {
      input_signal(c, SIGINT);
      return 0;
    }
    if (is_cc(c, VQUIT)) {
      input_signal(c, SIGQUIT);
      return 0;
    }
    if (is_cc(c, VSUSP)) {
      input_signal(c, SIGTSTP);
      return 0;
    }
  }
  if (!(tio.c_lflag & ICANON)) return input_raw(c);
  input_cooked(c);                      // wakes the readers itself when a line ends
  return 0;
}

// Raw input fills the buffer: the device keeps the rest (the host waits to
// type more) until a reader makes room, as a terminal throttles input.
static int throttled(void) {
  return !(tio.c_lflag & ICANON) && epos - rpos >= INPUT_BUF;
}

// IRQ 33 (and a read that made room): take the bytes the device has buffered.
void console_intr(void) {
  uint c;
  int wake = 0;
  while (!throttled()) {
    c = inl(PORT_CONSOLE_IN);
    if (c == 0xFFFFFFFF) break;
    wake |= console_input((int)(c & 0xFF));
  }
  if (wake) wakeup(&rpos);
}

// May the current process read? Not when a foreground group is set and it
// is not in it: -EINTR after sending its group SIGTTIN (which stops it;
// the read is made again when it is continued), or -EIO when SIGTTIN would
// not stop it.
static int background_check(void) {
  if (fg_pgid <= 0 || curproc->pgid == fg_pgid) return 0;
  if (!signal_would_stop(curproc, SIGTTIN)) return -EIO;
  signal_group(curproc->pgid, SIGTTIN);
  return -EINTR;
}

// Raw mode: whatever input there is, up to n bytes.
static int read_raw(uint dst, uint n) {
  char buf[128];
  uint got = 0;
  uint k;
  while (got < n && rpos != wpos) {
    k = 0;
    while (k < sizeof(buf) && got + k < n && rpos != wpos) buf[k++] = ibuf[rpos++ % INPUT_BUF];
    if (copyout(curproc->pgdir, dst + got, buf, k) < 0) return -EFAULT;
    got += k;
  }
  return got;
}

// Read up to n bytes into user memory at dst. Cooked: of one line; blocks
// until a line is complete; 0 means end of file (Ctrl-D at the start of a
// line). Raw: blocks until there is a byte.
int console_read(uint dst, uint n) {
  char buf[128];
  uint got = 0;
  uint k;
  int c;
  int r;
  if (n == 0) return 0;
  if (!uaccess_ok(curproc->pgdir, dst, n, 1)) return -EFAULT;
  for (;;) {
    r = background_check();
    if (r < 0) return r;
    if (rpos != wpos) break;
    r = sleep_on(&rpos);
    if (r < 0) return r;
  }
  if (!(tio.c_lflag & ICANON)) {
    r = read_raw(dst, n);
    console_intr();                     // room again for what the device holds
    return r;
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

// ICANON comes on: the raw input not read yet goes through the cooked
// discipline, as if typed now (signal characters never were input). In
// place: byte i of it is read before anything is stored past it, since
// each byte stores one byte at most.
static void refeed_cooked(void) {
  uint start = rpos;
  uint n = epos - rpos;
  uint i;
  wpos = rpos;
  epos = rpos;
  for (i = 0; i < n; i++) input_cooked((unsigned char)ibuf[(start + i) % INPUT_BUF]);
}

// FIONREAD: the bytes a read would get now (cooked: the complete lines).
int console_pending(void) {
  return (int)(wpos - rpos);
}

void console_get_modes(struct termios *t) {
  *t = tio;
}

// TCSETS and friends: new modes; flush throws away input not read yet.
void console_set_modes(const struct termios *t, int flush) {
  int was_canon = (tio.c_lflag & ICANON) != 0;
  tio = *t;
  if (flush) {
    rpos = wpos = epos;
    overflowed = 0;
  }
  if (was_canon && !(tio.c_lflag & ICANON)) {
    wpos = epos;                        // a half-edited line is input now
    overflowed = 0;
    if (rpos != wpos) wakeup(&rpos);
  } else if (!was_canon && (tio.c_lflag & ICANON)) {
    refeed_cooked();
    console_intr();                     // what the device held while raw input was throttled
  }
}

// The modes of a freshly booted terminal (Linux's `stty sane`).
void console_default_modes(struct termios *t) {
  memset(t, 0, sizeof(*t));
  t->c_iflag = ICRNL;
  t->c_oflag = OPOST | ONLCR;
  t->c_cflag = CS8 | CREAD;
  t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | IEXTEN;
  t->c_cc[VINTR] = CTRL('C');
  t->c_cc[VQUIT] = CTRL('\\');
  t->c_cc[VERASE] = 0x7F;
  t->c_cc[VKILL] = CTRL('U');
  t->c_cc[VEOF] = CTRL('D');
  t->c_cc[VTIME] = 0;
  t->c_cc[VMIN] = 1;
  t->c_cc[VSUSP] = CTRL('Z');
  t->c_cc[VWERASE] = CTRL('W');
}

void console_init(void) {
  rpos = 0;
  wpos = 0;
  epos = 0;
  fg_pgid = 0;
  olen = 0;
  console_default_modes(&tio);
  // Unmask the timer and console lines.
  outl(PORT_IRQ_MASK, 0);
}
