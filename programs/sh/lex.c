// The tokenizer: shell source to tokens, as POSIX's token recognition
// (XCU 2.3) describes. A word keeps its raw text — quotes, backslashes
// and $ included — because what they mean is decided when the word is
// expanded (expand.c); here they only decide where the word ends.
// Reserved words (if, then …) are ordinary words to the tokenizer: the
// parser knows where a command starts. A substitution inside a word —
// $( … ), ` … `, $(( … )) — belongs to the word; the command in $( … ) is
// parsed to find its end. After a newline the bodies of the
// here-documents started on that line are read.
//
// Running out of input inside a quote, after a backslash-newline or in a
// here-document is marked "incomplete": the caller reads another line
// and tries again (the "> " prompt), or at the end of a file reports it.

#include "sh.h"

void lex_init(struct lexer *lx, const char *src, int len) {
  memset(lx, 0, sizeof(*lx));
  lx->src = src;
  lx->len = len;
}

void lex_fail(struct lexer *lx, int pos, const char *msg, int incomplete) {
  if (lx->error) return;
  lx->error = msg;
  lx->errpos = pos;
  lx->incomplete = incomplete;
}

static int is_meta(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' ||
         c == '<' || c == '>';
}

// Past a backslash-newline at pos? (They vanish before tokens are seen.)
static int line_joined(struct lexer *lx, int pos) {
  return pos + 1 < lx->len && lx->src[pos] == '\\' && lx->src[pos + 1] == '\n';
}

// Skip `...` starting after its backquote: the position after the closing
// one, or -1 (reported) when the input ends first.
static int skip_backquote(struct lexer *lx, int p) {
  int start = p - 1;
  while (p < lx->len) {
    if (lx->src[p] == '\\' && p + 1 < lx->len) p += 2;
    else if (lx->src[p] == '`') return p + 1;
    else p++;
  }
  lex_fail(lx, start, "unterminated `", 1);
  return -1;
}

// Skip $(( ... )) starting after "$((": the position after "))", or -1.
static int skip_arith(struct lexer *lx, int p) {
  int start = p - 3;
  int depth = 0;
  while (p < lx->len) {
    char c = lx->src[p];
    if (c == '(') {
      depth++;
    } else if (c == ')') {
      if (depth == 0) {
        if (p + 1 < lx->len && lx->src[p + 1] == ')') return p + 2;
        if (p + 1 >= lx->len) break;
        lex_fail(lx, p, "unbalanced ) in $((...))", 0);
        return -1;
      }
      depth--;
    }
    p++;
  }
  lex_fail(lx, start, "unterminated $((", 1);
  return -1;
}

// Skip $( ... ) starting after "$(": the command inside is parsed (so a
// ')' in a quote or a case pattern does not end it); the position after
// its ')', or -1.
static int skip_command(struct lexer *lx, int p) {
  struct parse_result r;
  int end = parse_subst(lx->src, lx->len, p, &r);
  if (r.error) {
    lex_fail(lx, r.errpos, r.error, r.incomplete);
    return -1;
  }
  return end + 1;
}

// A substitution at p ($( $(( or `): the position after it, or -1. p is
// not one: p.
static int skip_subst(struct lexer *lx, int p) {
  const char *s = lx->src;
  if (s[p] == '`') return skip_backquote(lx, p + 1);
  if (s[p] != '$' || p + 1 >= lx->len || s[p + 1] != '(') return p;
  if (p + 2 < lx->len && s[p + 2] == '(') return skip_arith(lx, p + 3);
  return skip_command(lx, p + 2);
}

int subst_end(const char *s, int i) {
  struct lexer lx;
  int end;
  lex_init(&lx, s, strlen(s));
  end = skip_subst(&lx, i);
  return end < 0 ? (int)strlen(s) : end;
}

// Skip a "..." string starting after its quote; returns the position after
// the closing quote, or -1 when the input ends first (or a substitution
// in it was wrong: reported).
static int skip_double(struct lexer *lx, int p) {
  int start = p - 1;
  int q;
  while (p < lx->len) {
    char c = lx->src[p];
    if (c == '"') return p + 1;
    if (c == '\\' && p + 1 < lx->len) {
      p += 2;
    } else if (c == '`' || c == '$') {
      q = skip_subst(lx, p);
      if (q < 0) return -1;
      p = q == p ? p + 1 : q;
    } else {
      p++;
    }
  }
  lex_fail(lx, start, "unterminated \"", 1);
  return -1;
}

// The end of the word that starts at pos.
static int scan_word(struct lexer *lx, int pos) {
  int p = pos;
  int q;
  while (p < lx->len && !is_meta(lx->src[p])) {
    char c = lx->src[p];
    if (c == '\\') {
      if (p + 1 >= lx->len) {
        p++;                            // a backslash at the very end stands for itself
        continue;
      }
      if (lx->src[p + 1] == '\n' && p + 2 >= lx->len) {
        lex_fail(lx, p, "the line continues (backslash-newline)", 1);
        return p;
      }
      p += 2;
    } else if (c == '\'') {
      for (q = p + 1; q < lx->len && lx->src[q] != '\''; q++)
        ;
      if (q >= lx->len) {
        lex_fail(lx, p, "unterminated '", 1);
        return lx->len;
      }
      p = q + 1;
    } else if (c == '"') {
      q = skip_double(lx, p + 1);
      if (q < 0) return lx->len;
      p = q;
    } else if (c == '`' || (c == '$' && p + 1 < lx->len && lx->src[p + 1] == '(')) {
      q = skip_subst(lx, p);
      if (q < 0) return lx->len;
      p = q;
    } else if (c == '$' && p + 1 < lx->len && lx->src[p + 1] == '{') {
      for (q = p + 2; q < lx->len && lx->src[q] != '}' && lx->src[q] != '\n'; q++)
        ;
      if (q >= lx->len || lx->src[q] != '}') {
        lex_fail(lx, p, "missing } after ${", 0);
        return lx->len;
      }
      p = q + 1;
    } else {
      p++;
    }
  }
  return p;
}

static struct token make(int kind, struct lexer *lx, int pos, int len) {
  struct token t;
  t.kind = kind;
  t.text = lx->src + pos;
  t.len = len;
  t.pos = pos;
  lx->pos = pos + len;
  return t;
}

// Read the bodies of the pending here-documents, which start at lx->pos.
static void read_heredocs(struct lexer *lx) {
  int i;
  for (i = 0; i < lx->npending && !lx->error; i++) {
    struct redir *r = lx->pending[i];
    struct strbuf body = {0};
    int found = 0;
    int dlen = strlen(r->target);
    while (lx->pos < lx->len) {
      int start = lx->pos;
      int end = start;
      int s;
      while (end < lx->len && lx->src[end] != '\n') end++;
      if (end >= lx->len) break;        // the last line is not complete yet
      s = start;
      if (r->strip_tabs)
        while (s < end && lx->src[s] == '\t') s++;
      lx->pos = end + 1;
      if (end - s == dlen && memcmp(lx->src + s, r->target, dlen) == 0) {
        found = 1;
        break;
      }
      sb_putn(&body, lx->src + s, end + 1 - s);
    }
    if (!found) {
      lex_fail(lx, r->pos, "here-document not ended by its delimiter", 1);
      sb_free(&body);
      return;
    }
    r->body = sb_arena(&body);
    sb_free(&body);
  }
  lx->npending = 0;
}

// Remember that r's body follows the next newline.
void lex_heredoc(struct lexer *lx, struct redir *r) {
  if (lx->npending == MAXPENDING) {
    lex_fail(lx, r->pos, "too many here-documents on one line", 0);
    return;
  }
  lx->pending[lx->npending++] = r;
}

struct token lex_next(struct lexer *lx) {
  const char *s = lx->src;
  int p = lx->pos;
  int end;
  int i;
  if (lx->error) return make(T_EOF, lx, lx->len, 0);
  for (;;) {
    while (p < lx->len && (s[p] == ' ' || s[p] == '\t')) p++;
    if (line_joined(lx, p)) {
      if (p + 2 >= lx->len) {
        lex_fail(lx, p, "the line continues (backslash-newline)", 1);
        return make(T_EOF, lx, lx->len, 0);
      }
      p += 2;
      continue;
    }
    if (p < lx->len && s[p] == '#') {
      while (p < lx->len && s[p] != '\n') p++;
    }
    break;
  }
  if (p >= lx->len) {
    if (lx->npending) lex_fail(lx, lx->pending[0]->pos, "here-document not ended by its delimiter", 1);
    return make(T_EOF, lx, lx->len, 0);
  }
  switch (s[p]) {
  case '\n': {
    struct token t = make(T_NEWLINE, lx, p, 1);
    if (lx->npending) read_heredocs(lx);
    return t;
  }
  case ';':
    if (p + 1 < lx->len && s[p + 1] == ';') return make(T_DSEMI, lx, p, 2);
    return make(T_SEMI, lx, p, 1);
  case '(':
    return make(T_LPAREN, lx, p, 1);
  case ')':
    return make(T_RPAREN, lx, p, 1);
  case '&':
    if (p + 1 < lx->len && s[p + 1] == '&') return make(T_ANDIF, lx, p, 2);
    return make(T_AMP, lx, p, 1);
  case '|':
    if (p + 1 < lx->len && s[p + 1] == '|') return make(T_ORIF, lx, p, 2);
    return make(T_PIPE, lx, p, 1);
  case '<':
    if (p + 2 < lx->len && s[p + 1] == '<' && s[p + 2] == '-') return make(T_DLESSDASH, lx, p, 3);
    if (p + 1 < lx->len && s[p + 1] == '<') return make(T_DLESS, lx, p, 2);
    if (p + 1 < lx->len && s[p + 1] == '&') return make(T_LESSAND, lx, p, 2);
    if (p + 1 < lx->len && s[p + 1] == '>') return make(T_LESSGREAT, lx, p, 2);
    return make(T_LESS, lx, p, 1);
  case '>':
    if (p + 1 < lx->len && s[p + 1] == '>') return make(T_DGREAT, lx, p, 2);
    if (p + 1 < lx->len && s[p + 1] == '&') return make(T_GREATAND, lx, p, 2);
    if (p + 1 < lx->len && s[p + 1] == '|') return make(T_CLOBBER, lx, p, 2);
    return make(T_GREAT, lx, p, 1);
  default:
    break;
  }
  end = scan_word(lx, p);
  if (lx->error) return make(T_EOF, lx, lx->len, 0);
  // A word of digits right before < or > names the descriptor (2>file).
  for (i = p; i < end && s[i] >= '0' && s[i] <= '9'; i++)
    ;
  if (i == end && end < lx->len && (s[end] == '<' || s[end] == '>') && end - p <= 2)
    return make(T_IONUM, lx, p, end - p);
  return make(T_WORD, lx, p, end - p);
}

const char *token_name(int kind) {
  switch (kind) {
  case T_EOF:
    return "end of file";
  case T_NEWLINE:
    return "newline";
  case T_WORD:
    return "word";
  case T_IONUM:
    return "descriptor number";
  case T_SEMI:
    return ";";
  case T_DSEMI:
    return ";;";
  case T_AMP:
    return "&";
  case T_ANDIF:
    return "&&";
  case T_ORIF:
    return "||";
  case T_PIPE:
    return "|";
  case T_LPAREN:
    return "(";
  case T_RPAREN:
    return ")";
  case T_LESS:
    return "<";
  case T_GREAT:
    return ">";
  case T_DGREAT:
    return ">>";
  case T_DLESS:
    return "<<";
  case T_DLESSDASH:
    return "<<-";
  case T_LESSAND:
    return "<&";
  case T_GREATAND:
    return ">&";
  case T_LESSGREAT:
    return "<>";
  case T_CLOBBER:
    return ">|";
  default:
    return "?";
  }
}
