// Where the shell's lines come from: the terminal, through the line
// editor (edit.c) when the shell is interactive; a script file or a pipe
// (read in blocks and cut into lines here); or the text of -c. A line is
// handed over whole however long it is, so a long line is never taken for
// two commands.

#include "sh.h"

static int fill(struct input *in) {
  int n;
  if (in->fd < 0) {
    n = strlen(in->text + in->textpos);
    if (n > (int)sizeof(in->buf)) n = sizeof(in->buf);
    memcpy(in->buf, in->text + in->textpos, n);
    in->textpos += n;
  } else {
    n = read(in->fd, in->buf, sizeof(in->buf));
    if (n < 0 && errno == EINTR) return -1;
    if (n < 0) {
      sh_error("read error (%s)", strerror(errno));
      n = 0;
    }
  }
  in->pos = 0;
  in->len = n;
  if (n == 0) in->eof = 1;
  return n;
}

// Append the next line (with its newline, if it has one) to line, after
// showing the prompt (if any).
int input_line(struct input *in, struct strbuf *line) {
  int got = 0;
  int r;
  char c;
  if (in->edit && in->pos == in->len) {
    r = edit_line(in->prompt ? in->prompt : "", line);
    if (r != -3) return r;
    in->edit = 0;                         // not a terminal after all: read it plainly
  } else if (in->prompt) {
    out_str(2, in->prompt);
  }
  for (;;) {
    if (in->pos == in->len) {
      if (in->eof) return got;
      r = fill(in);
      if (r < 0) return -1;
      if (r == 0) return got;
    }
    c = in->buf[in->pos++];
    if (c == 0) continue;               // NUL bytes are dropped, as dash does
    sb_putc(line, c);
    got = 1;
    if (c == '\n') return 1;
  }
}
