// The line editor: how an interactive shell reads a line from the
// terminal. It puts the console in raw mode (no ICANON, no ECHO: every key
// reaches it at once and it draws its own echo), reads a key at a time,
// and the shell puts the console back in the modes it found before it
// runs a command (edit_restore), so that cat or read get the usual cooked
// lines.
//
// Keys, as xterm.js sends them:
//   printable          inserted at the cursor
//   Left Right         ESC[D ESC[C (ESC OD ESC OC), Ctrl-B Ctrl-F
//   Home End           ESC[H ESC[F ESC[1~ ESC[4~ ESC[7~ ESC[8~ ESC OH ESC OF, Ctrl-A Ctrl-E
//   Alt-B Alt-F        a word left, right (ESC b, ESC f)
//   Backspace          0x7F or Ctrl-H: the character before the cursor
//   Delete             ESC[3~; Ctrl-D too, on a line that is not empty
//   Ctrl-K Ctrl-U      erase to the end, to the start of the line
//   Ctrl-W             erase the word before the cursor
//   Up Down            ESC[A ESC[B (ESC OA ESC OB), Ctrl-P Ctrl-N: the history
//   Ctrl-L             clear the screen and draw the line again
//   Tab                complete a command or file name; a second Tab lists the candidates
//   Enter              the line is done ('\r', or '\n')
//   Ctrl-D             on an empty line: end of input
//   Ctrl-C             (SIGINT, the console's ISIG) the line is thrown away
//
// Drawing needs nothing of the terminal but backspace moving the cursor one
// column left: an edit moves back to where the line changed, writes the
// rest of the line (and blanks over what got shorter), and backs up to the
// cursor. Output for one key goes out in one write; while more keys are
// already waiting (a paste) it is held until they are handled.

#include "sh.h"
#include <termios.h>
#include <sys/ioctl.h>

#define ESC 0x1b
#define CTRL(c) ((c) - '@')

enum {
  K_NONE = 256, K_LEFT, K_RIGHT, K_HOME, K_END, K_UP, K_DOWN, K_DELETE, K_WORD_LEFT, K_WORD_RIGHT,
  K_WORD_ERASE, K_EOF, K_INTR,
};

struct editor {
  struct strbuf buf;                      // the line, without its newline
  int cursor;                             // 0 .. buf.len
  const char *prompt;
  struct strbuf out;                      // drawing not written yet
  int hist;                               // the history entry shown (history_count(): the new line)
  char *saved;                            // the new line while the history is shown (heap)
  int tabbed;                             // the last key was a Tab that could not decide
};

// ---- the terminal

static void flush(struct editor *e) {
  out_write(2, sb_str(&e->out), e->out.len);
  e->out.len = 0;
}

// Are more typed bytes waiting?
static int more_input(void) {
  int n = 0;
  return ioctl(0, FIONREAD, &n) == 0 && n > 0;
}

// One byte, -1 at the end of input, -2 when a signal interrupted the read.
static int read_byte(void) {
  unsigned char c;
  int n = read(0, &c, 1);
  if (sh_sigint || (n < 0 && errno == EINTR)) {
    sh_sigint = 0;
    return -2;
  }
  if (n <= 0) return -1;
  return c;
}

// The rest of an escape sequence after ESC: the key it stands for.
static int read_escape(void) {
  int c = read_byte();
  int param = 0;
  if (c < 0) return c;
  if (c == 'b') return K_WORD_LEFT;
  if (c == 'f') return K_WORD_RIGHT;
  if (c == 0x7F) return K_WORD_ERASE;
  if (c != '[' && c != 'O') return K_NONE;
  for (;;) {
    c = read_byte();
    if (c < 0) return c;
    if (c >= '0' && c <= '9') param = param * 10 + (c - '0');
    else if (c != ';') break;
  }
  switch (c) {
  case 'A': return K_UP;
  case 'B': return K_DOWN;
  case 'C': return K_RIGHT;
  case 'D': return K_LEFT;
  case 'H': return K_HOME;
  case 'F': return K_END;
  case '~':
    if (param == 1 || param == 7) return K_HOME;
    if (param == 4 || param == 8) return K_END;
    if (param == 3) return K_DELETE;
    return K_NONE;
  default:
    return K_NONE;                        // a key the editor does not use (F1, Ctrl-arrows …)
  }
}

static int read_key(void) {
  int c = read_byte();
  if (c == -2) return K_INTR;
  if (c < 0) return K_EOF;
  if (c == ESC) {
    c = read_escape();
    if (c == -2) return K_INTR;
    if (c < 0) return K_EOF;
  }
  return c;
}

// ---- drawing

static void back(struct editor *e, int n) {
  while (n-- > 0) sb_putc(&e->out, '\b');
}

// The screen's cursor is at column pos of the line and shows what the line
// was, old_len long, from there on: write the line from pos, blank out
// what is left of the old one, and back up to the cursor.
static void redraw_from(struct editor *e, int pos, int old_len) {
  int end = e->buf.len;
  int i;
  sb_putn(&e->out, sb_str(&e->buf) + pos, e->buf.len - pos);
  for (i = e->buf.len; i < old_len; i++) sb_putc(&e->out, ' ');
  if (old_len > end) end = old_len;
  back(e, end - e->cursor);
}

// Move the screen's cursor (now at e->cursor) to pos, to the left of it.
static void move_back_to(struct editor *e, int pos) {
  back(e, e->cursor - pos);
  e->cursor = pos;
}

static void draw_all(struct editor *e) {
  sb_puts(&e->out, e->prompt);
  sb_putn(&e->out, sb_str(&e->buf), e->buf.len);
  back(e, e->buf.len - e->cursor);
}

// ---- editing

// Replace buf[from, to) with text[0, n) and draw the change; the cursor
// goes to from + n. from is at or left of the cursor; text is not in buf.
// The line is changed in place (no allocation per key: a typed character
// is the editor's most frequent edit).
static void splice(struct editor *e, int from, int to, const char *text, int n) {
  int old_len = e->buf.len;
  int grow = n - (to - from);
  char *s;
  move_back_to(e, from);
  if (grow > 0) sb_grow(&e->buf, grow);
  s = e->buf.s;
  memmove(s + from + n, s + to, old_len - to);
  memcpy(s + from, text, n);
  e->buf.len = old_len + grow;
  s[e->buf.len] = 0;
  e->cursor = from + n;
  redraw_from(e, from, old_len);
}

static void insert(struct editor *e, const char *text, int n) {
  splice(e, e->cursor, e->cursor, text, n);
}

static int is_blank(int c) {
  return c == ' ' || c == '\t';
}

static int word_left(struct editor *e) {
  const char *s = sb_str(&e->buf);
  int i = e->cursor;
  while (i > 0 && is_blank(s[i - 1])) i--;
  while (i > 0 && !is_blank(s[i - 1])) i--;
  return i;
}

static int word_right(struct editor *e) {
  const char *s = sb_str(&e->buf);
  int i = e->cursor;
  while (i < e->buf.len && is_blank(s[i])) i++;
  while (i < e->buf.len && !is_blank(s[i])) i++;
  return i;
}

static void move_to(struct editor *e, int pos) {
  if (pos < e->cursor) {
    move_back_to(e, pos);
  } else {
    sb_putn(&e->out, sb_str(&e->buf) + e->cursor, pos - e->cursor);
    e->cursor = pos;
  }
}

// Show history entry k (history_count(): the line being typed).
static void show_history(struct editor *e, int k) {
  const char *text;
  if (k < 0 || k > history_count() || k == e->hist) return;
  if (e->hist == history_count()) {
    free(e->saved);
    e->saved = strdup(sb_str(&e->buf));
  }
  e->hist = k;
  text = k == history_count() ? (e->saved ? e->saved : "") : history_get(k);
  splice(e, 0, e->buf.len, text, strlen(text));
}

// ---- Tab

// What must be typed before c in a word for it to stand for itself.
static int needs_escape(int c) {
  return c && strchr(" \t\\'\"$`;&|()<>*?[]#~!{}", c) != 0;
}

static void insert_escaped(struct editor *e, const char *s, int n) {
  struct strbuf b = {0};
  int i;
  for (i = 0; i < n; i++) {
    if (needs_escape(s[i])) sb_putc(&b, '\\');
    sb_putc(&b, s[i]);
  }
  insert(e, sb_str(&b), b.len);
  sb_free(&b);
}

// The last part of a candidate (what a list shows of a path).
static const char *shown_name(const char *cand) {
  const char *slash = strrchr(cand, '/');
  if (slash && slash[1] == 0) {
    while (slash > cand && slash[-1] != '/') slash--;
    return slash;
  }
  return slash ? slash + 1 : cand;
}

// The candidates in columns (down, then across, as ls and bash list),
// then the line again.
static void list_candidates(struct editor *e, struct vec *c) {
  int width = 0;
  int cols;
  int rows;
  int r;
  int k;
  int i;
  int len;
  for (i = 0; i < c->n; i++) {
    len = strlen(shown_name(c->items[i]));
    if (len > width) width = len;
  }
  width += 2;
  cols = 80 / width;
  if (cols < 1) cols = 1;
  rows = (c->n + cols - 1) / cols;
  sb_putc(&e->out, '\n');
  for (r = 0; r < rows; r++) {
    for (k = 0; k < cols; k++) {
      i = k * rows + r;
      if (i >= c->n) break;
      sb_puts(&e->out, shown_name(c->items[i]));
      if (k + 1 < cols && (k + 1) * rows + r < c->n)
        for (len = strlen(shown_name(c->items[i])); len < width; len++) sb_putc(&e->out, ' ');
    }
    sb_putc(&e->out, '\n');
  }
  draw_all(e);
}

static void complete(struct editor *e) {
  struct vec c = {0};
  struct mark m = arena_mark();
  int start;
  int n = complete_word(sb_str(&e->buf), e->cursor, &start, &c);
  int typed = e->cursor - start;
  int common;
  int i;
  const char *first;
  if (n == 0) {
    sb_putc(&e->out, '\a');
  } else {
    first = c.items[0];
    common = strlen(first);
    for (i = 1; i < n; i++) {
      int k = 0;
      while (k < common && ((char *)c.items[i])[k] == first[k]) k++;
      common = k;
    }
    if (common > typed) insert_escaped(e, first + typed, common - typed);
    if (n == 1 && first[common - 1] != '/') insert(e, " ", 1);
    if (n > 1) {
      if (common > typed) sb_putc(&e->out, '\a');        // as far as they agree; a second Tab lists
      else if (e->tabbed) list_candidates(e, &c);
      else sb_putc(&e->out, '\a');
      e->tabbed = 1;
    }
  }
  for (i = 0; i < c.n; i++) free(c.items[i]);
  vec_free(&c);
  arena_release(m);
}

// ---- one key

// Act on key; 1 when the line is done (Enter), 0 (Ctrl-D: end of input)
// or -1 (Ctrl-C) to return that, 2 to go on.
static int handle(struct editor *e, int key) {
  char ch;
  if (key != '\t') e->tabbed = 0;
  switch (key) {
  case '\r':
  case '\n':
    move_to(e, e->buf.len);
    sb_putc(&e->out, '\n');
    return 1;
  case K_INTR:
  case CTRL('C'):
    move_to(e, e->buf.len);
    sb_puts(&e->out, "^C\n");
    return -1;
  case K_EOF:
    return 0;
  case CTRL('D'):
    if (e->buf.len == 0) return 0;
    if (e->cursor < e->buf.len) splice(e, e->cursor, e->cursor + 1, "", 0);
    return 2;
  case K_DELETE:
    if (e->cursor < e->buf.len) splice(e, e->cursor, e->cursor + 1, "", 0);
    return 2;
  case 0x7F:
  case CTRL('H'):
    if (e->cursor > 0) splice(e, e->cursor - 1, e->cursor, "", 0);
    return 2;
  case K_LEFT:
  case CTRL('B'):
    if (e->cursor > 0) move_to(e, e->cursor - 1);
    return 2;
  case K_RIGHT:
  case CTRL('F'):
    if (e->cursor < e->buf.len) move_to(e, e->cursor + 1);
    return 2;
  case K_HOME:
  case CTRL('A'):
    move_to(e, 0);
    return 2;
  case K_END:
  case CTRL('E'):
    move_to(e, e->buf.len);
    return 2;
  case K_WORD_LEFT:
    move_to(e, word_left(e));
    return 2;
  case K_WORD_RIGHT:
    move_to(e, word_right(e));
    return 2;
  case CTRL('K'):
    splice(e, e->cursor, e->buf.len, "", 0);
    return 2;
  case CTRL('U'):
    splice(e, 0, e->cursor, "", 0);
    return 2;
  case CTRL('W'):
  case K_WORD_ERASE:
    splice(e, word_left(e), e->cursor, "", 0);
    return 2;
  case K_UP:
  case CTRL('P'):
    show_history(e, e->hist - 1);
    return 2;
  case K_DOWN:
  case CTRL('N'):
    show_history(e, e->hist + 1);
    return 2;
  case CTRL('L'):
    sb_puts(&e->out, "\x1b[H\x1b[2J");
    draw_all(e);
    return 2;
  case '\t':
    complete(e);
    return 2;
  default:
    if (key >= 256 || key < ' ' || key == 0x7F) return 2;   // other control keys do nothing
    ch = (char)key;
    insert(e, &ch, 1);
    return 2;
  }
}

// ---- the terminal's modes

static struct termios cooked;             // the modes outside the editor
static int have_cooked;
static int in_raw;                        // the editor left the console in raw mode

// The modes the shell found (forced back to a usable cooked terminal:
// a program that died in raw mode leaves the console so).
static int get_cooked(void) {
  if (have_cooked) return 1;
  if (tcgetattr(0, &cooked) < 0) return 0;
  cooked.c_lflag |= ICANON | ECHO | ECHOE | ISIG;
  cooked.c_iflag |= ICRNL;
  have_cooked = 1;
  return 1;
}

int edit_line(const char *prompt, struct strbuf *line) {
  struct editor e;
  struct termios raw;
  int r = 2;
  if (!get_cooked()) {
    out_str(2, prompt);
    return -3;                            // not a terminal: the caller reads it plainly
  }
  if (!in_raw) {
    raw = cooked;
    raw.c_lflag &= ~(ICANON | ECHO | ECHOCTL);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(0, TCSANOW, &raw);
    in_raw = 1;
  }
  memset(&e, 0, sizeof(e));
  sh_sigint = 0;
  e.prompt = prompt;
  e.hist = history_count();
  sb_putn(&e.buf, "", 0);
  draw_all(&e);
  flush(&e);
  while (r == 2) {
    r = handle(&e, read_key());
    if (r != 2 || !more_input()) flush(&e);
  }
  flush(&e);
  if (r == 1) {
    history_add(sb_str(&e.buf), e.buf.len);
    sb_putn(line, sb_str(&e.buf), e.buf.len);
    sb_putc(line, '\n');
  }
  sb_free(&e.buf);
  sb_free(&e.out);
  free(e.saved);
  return r;
}

// The console back in the modes the shell found, before a command runs or
// the shell ends. Between the lines of one command it stays raw: lines
// typed ahead are then echoed once, by the editor, as it reads them.
void edit_restore(void) {
  if (!in_raw) return;
  tcsetattr(0, TCSANOW, &cooked);
  in_raw = 0;
}
