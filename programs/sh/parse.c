// The parser: tokens to a syntax tree, by recursive descent over POSIX's
// grammar (XCU 2.10), the subset the shell runs:
//
//   program    = linebreak [list (newline+ list)*] linebreak EOF
//   list       = and_or ((';' | '&') and_or)* [';' | '&']
//   and_or     = pipeline (('&&' | '||') linebreak pipeline)*
//   pipeline   = ['!'] command ('|' linebreak command)*
//   command    = simple | compound redirect*
//   compound   = '(' body ')' | '{' body '}' | if | while | until | for | case
//   case       = 'case' word linebreak 'in' linebreak
//                (['('] word ('|' word)* ')' linebreak [body] [';;' linebreak])* 'esac'
//   body       = linebreak and_or ((';' | '&' | newline+) and_or)* — up to a closing word
//   simple     = (NAME=value | redirect)* (word | redirect)*
//
// A reserved word (if, then, fi, {, } …) is one only where a command
// starts. The whole input is parsed before anything runs, so a syntax error
// runs nothing. The first error stops the parse; when it is only that the
// input ended (inside an if, after &&, in a quote) it is "incomplete".

#include "sh.h"

struct parser {
  struct lexer lx;
  struct token tok;                       // the lookahead
  int have;                               // tok is valid
  const char *error;
  int errpos;
  int incomplete;
};

static struct node *parse_and_or(struct parser *p);
static struct node *parse_body(struct parser *p);

static struct token *peek(struct parser *p) {
  if (!p->have) {
    p->tok = lex_next(&p->lx);
    p->have = 1;
    if (p->lx.error && !p->error) {
      p->error = p->lx.error;
      p->errpos = p->lx.errpos;
      p->incomplete = p->lx.incomplete;
    }
  }
  return &p->tok;
}

static void advance(struct parser *p) {
  peek(p);
  p->have = 0;
}

// Report the lookahead as unexpected (or the input as incomplete).
static void unexpected(struct parser *p) {
  struct token *t = peek(p);
  char *msg;
  if (p->error) return;
  if (t->kind == T_EOF) {
    p->error = "unexpected end of file";
    p->errpos = t->pos;
    p->incomplete = 1;
    return;
  }
  msg = arena_alloc(t->len + 32);
  if (t->kind == T_WORD) snprintf(msg, t->len + 32, "unexpected '%.*s'", t->len, t->text);
  else snprintf(msg, t->len + 32, "unexpected '%s'", t->kind == T_NEWLINE ? "newline" : token_name(t->kind));
  p->error = msg;
  p->errpos = t->pos;
}

// Is the lookahead the word w, unquoted?
static int at_word(struct parser *p, const char *w) {
  struct token *t = peek(p);
  int n = strlen(w);
  return t->kind == T_WORD && t->len == n && memcmp(t->text, w, n) == 0;
}

static int expect_word(struct parser *p, const char *w) {
  if (at_word(p, w)) {
    advance(p);
    return 1;
  }
  unexpected(p);
  return 0;
}

static void skip_newlines(struct parser *p) {
  while (peek(p)->kind == T_NEWLINE) advance(p);
}

static int is_reserved_closer(struct parser *p) {
  static const char *words[] = {"then", "else", "elif", "fi", "do", "done", "}", "esac", 0};
  int i;
  for (i = 0; words[i]; i++)
    if (at_word(p, words[i])) return 1;
  return 0;
}

static struct node *new_node(int kind, int pos) {
  struct node *n = arena_alloc(sizeof(struct node));
  n->kind = kind;
  n->pos = pos;
  return n;
}

static int is_redirect(int kind) {
  return kind == T_LESS || kind == T_GREAT || kind == T_DGREAT || kind == T_DLESS || kind == T_DLESSDASH ||
         kind == T_LESSAND || kind == T_GREATAND || kind == T_LESSGREAT || kind == T_CLOBBER;
}

// redirect = [IONUM] op word
static struct redir *parse_redirect(struct parser *p) {
  struct redir *r = arena_alloc(sizeof(struct redir));
  struct token *t = peek(p);
  int op;
  r->pos = t->pos;
  r->fd = -1;
  if (t->kind == T_IONUM) {
    r->fd = atoi(arena_strndup(t->text, t->len));
    advance(p);
    t = peek(p);
  }
  op = t->kind;
  advance(p);
  t = peek(p);
  if (t->kind != T_WORD) {
    unexpected(p);
    return 0;
  }
  r->target = arena_strndup(t->text, t->len);
  advance(p);
  switch (op) {
  case T_LESS:
    r->kind = R_IN;
    break;
  case T_GREAT:
  case T_CLOBBER:
    r->kind = R_OUT;
    break;
  case T_DGREAT:
    r->kind = R_APPEND;
    break;
  case T_LESSGREAT:
    r->kind = R_INOUT;
    break;
  case T_LESSAND:
    r->kind = R_DUPIN;
    break;
  case T_GREATAND:
    r->kind = R_DUPOUT;
    break;
  default:
    r->kind = R_HEREDOC;
    r->strip_tabs = op == T_DLESSDASH;
    r->target = unquote(r->target, &r->quoted);
    lex_heredoc(&p->lx, r);
    break;
  }
  if (r->fd < 0) r->fd = (r->kind == R_IN || r->kind == R_INOUT || r->kind == R_DUPIN || r->kind == R_HEREDOC) ? 0 : 1;
  if (r->fd > 9) {
    p->error = "descriptor numbers go up to 9";
    p->errpos = r->pos;
  }
  return r;
}

// Redirections after a compound command, appended to *tail.
static void parse_redirects(struct parser *p, struct redir **list) {
  struct redir **tail = list;
  while (!p->error && (is_redirect(peek(p)->kind) || peek(p)->kind == T_IONUM)) {
    *tail = parse_redirect(p);
    if (*tail) tail = &(*tail)->next;
  }
}

static struct node *parse_simple(struct parser *p) {
  struct node *n = new_node(N_SIMPLE, peek(p)->pos);
  struct vec words = {0};
  struct redir **tail = &n->redirs;
  struct token *t;
  for (;;) {
    if (p->error) break;
    t = peek(p);
    if (is_redirect(t->kind) || t->kind == T_IONUM) {
      *tail = parse_redirect(p);
      if (*tail) tail = &(*tail)->next;
      continue;
    }
    if (t->kind != T_WORD) break;
    char *w = arena_strndup(t->text, t->len);
    if (words.n == n->nassign && is_assignment(w)) n->nassign++;
    vec_push(&words, w);
    advance(p);
  }
  n->nwords = words.n;
  if (words.n == 0 && !n->redirs && !p->error) {
    vec_free(&words);
    unexpected(p);
    return 0;
  }
  n->words = (char **)vec_arena(&words);
  return n;
}

// if cond; then body; [elif cond; then body;]* [else body;] fi
static struct node *parse_if(struct parser *p) {
  struct node *n = new_node(N_IF, peek(p)->pos);
  advance(p);                             // if or elif
  n->a = parse_body(p);
  if (!expect_word(p, "then")) return 0;
  n->b = parse_body(p);
  if (p->error) return 0;
  if (at_word(p, "elif")) {
    n->c = parse_if(p);
    return p->error ? 0 : n;
  }
  if (at_word(p, "else")) {
    advance(p);
    n->c = parse_body(p);
  }
  if (!expect_word(p, "fi")) return 0;
  return n;
}

// while/until cond; do body; done
static struct node *parse_while(struct parser *p, int kind) {
  struct node *n = new_node(kind, peek(p)->pos);
  advance(p);
  n->a = parse_body(p);
  if (!expect_word(p, "do")) return 0;
  n->b = parse_body(p);
  if (!expect_word(p, "done")) return 0;
  return n;
}

// for NAME [in word...] (; | newline) do body; done
static struct node *parse_for(struct parser *p) {
  struct node *n = new_node(N_FOR, peek(p)->pos);
  struct vec words = {0};
  struct token *t;
  advance(p);
  t = peek(p);
  if (t->kind != T_WORD || !is_name_start(t->text[0])) {
    if (!p->error && t->kind == T_WORD) {
      p->error = "for needs a variable name";
      p->errpos = t->pos;
    }
    unexpected(p);
    return 0;
  }
  n->name = arena_strndup(t->text, t->len);
  for (int i = 0; i < t->len; i++)
    if (!is_name_char(t->text[i])) {
      p->error = "for needs a variable name";
      p->errpos = t->pos;
      return 0;
    }
  advance(p);
  skip_newlines(p);
  n->nwords = -1;
  if (at_word(p, "in")) {
    advance(p);
    while (peek(p)->kind == T_WORD) {
      vec_push(&words, arena_strndup(peek(p)->text, peek(p)->len));
      advance(p);
    }
    n->nwords = words.n;
    n->words = (char **)vec_arena(&words);
    if (peek(p)->kind != T_SEMI && peek(p)->kind != T_NEWLINE) {
      unexpected(p);
      return 0;
    }
    advance(p);
  } else if (peek(p)->kind == T_SEMI) {
    advance(p);
  }
  skip_newlines(p);
  if (!expect_word(p, "do")) return 0;
  n->b = parse_body(p);
  if (!expect_word(p, "done")) return 0;
  return n;
}

// One "pattern | pattern ) body ;;" of a case.
static struct node *parse_case_item(struct parser *p) {
  struct node *n = new_node(N_CASEITEM, peek(p)->pos);
  struct vec pats = {0};
  if (peek(p)->kind == T_LPAREN) advance(p);
  for (;;) {
    if (peek(p)->kind != T_WORD) {
      vec_free(&pats);
      unexpected(p);
      return 0;
    }
    vec_push(&pats, arena_strndup(peek(p)->text, peek(p)->len));
    advance(p);
    if (peek(p)->kind != T_PIPE) break;
    advance(p);
  }
  n->nwords = pats.n;
  n->words = (char **)vec_arena(&pats);
  if (peek(p)->kind != T_RPAREN) {
    unexpected(p);
    return 0;
  }
  advance(p);
  skip_newlines(p);
  if (peek(p)->kind != T_DSEMI && !at_word(p, "esac")) {
    n->a = parse_body(p);
    if (p->error) return 0;
  }
  if (peek(p)->kind == T_DSEMI) {
    advance(p);
    skip_newlines(p);
  } else if (!at_word(p, "esac")) {
    unexpected(p);
    return 0;
  }
  return n;
}

// case word in item... esac
static struct node *parse_case(struct parser *p) {
  struct node *n = new_node(N_CASE, peek(p)->pos);
  struct node **tail = &n->b;
  advance(p);
  if (peek(p)->kind != T_WORD) {
    unexpected(p);
    return 0;
  }
  n->words = arena_alloc(2 * sizeof(char *));
  n->words[0] = arena_strndup(peek(p)->text, peek(p)->len);
  n->nwords = 1;
  advance(p);
  skip_newlines(p);
  if (!expect_word(p, "in")) return 0;
  skip_newlines(p);
  while (!p->error && !at_word(p, "esac")) {
    *tail = parse_case_item(p);
    if (!*tail) return 0;
    tail = &(*tail)->next;
  }
  if (!expect_word(p, "esac")) return 0;
  return n;
}

static struct node *parse_command(struct parser *p) {
  struct token *t = peek(p);
  struct node *n;
  if (t->kind == T_LPAREN) {
    n = new_node(N_SUBSHELL, t->pos);
    advance(p);
    n->a = parse_body(p);
    if (p->error) return 0;
    if (peek(p)->kind != T_RPAREN) {
      unexpected(p);
      return 0;
    }
    advance(p);
  } else if (at_word(p, "{")) {
    n = new_node(N_GROUP, t->pos);
    advance(p);
    n->a = parse_body(p);
    if (!expect_word(p, "}")) return 0;
  } else if (at_word(p, "if")) {
    n = parse_if(p);
  } else if (at_word(p, "while")) {
    n = parse_while(p, N_WHILE);
  } else if (at_word(p, "until")) {
    n = parse_while(p, N_UNTIL);
  } else if (at_word(p, "for")) {
    n = parse_for(p);
  } else if (at_word(p, "case")) {
    n = parse_case(p);
  } else if (is_reserved_closer(p)) {
    unexpected(p);
    return 0;
  } else {
    return parse_simple(p);
  }
  if (!n || p->error) return 0;
  parse_redirects(p, &n->redirs);
  return p->error ? 0 : n;
}

// n's source text runs from pos to the lookahead (less trailing blanks):
// what jobs and fg show of it.
static void set_text(struct parser *p, struct node *n, int pos) {
  int end = peek(p)->pos;
  const char *src = p->lx.src;
  if (!n) return;
  while (end > pos && (src[end - 1] == ' ' || src[end - 1] == '\t' || src[end - 1] == '\n')) end--;
  n->text = src + pos;
  n->textlen = end > pos ? end - pos : 0;
}

static struct node *parse_pipeline(struct parser *p) {
  struct node *first;
  struct node *last;
  struct node *pipe;
  int negate = 0;
  int pos = peek(p)->pos;
  if (at_word(p, "!")) {
    negate = 1;
    advance(p);
  }
  first = parse_command(p);
  if (!first) return 0;
  if (peek(p)->kind == T_PIPE) {
    pipe = new_node(N_PIPE, pos);
    pipe->a = first;
    last = first;
    while (peek(p)->kind == T_PIPE) {
      advance(p);
      skip_newlines(p);
      last->next = parse_command(p);
      if (!last->next) return 0;
      last = last->next;
    }
    first = pipe;
  }
  if (negate) {
    pipe = new_node(N_NOT, pos);
    pipe->a = first;
    first = pipe;
  }
  set_text(p, first, pos);
  return first;
}

static struct node *parse_and_or(struct parser *p) {
  int pos = peek(p)->pos;
  struct node *left = parse_pipeline(p);
  struct node *n;
  int kind;
  while (left && (peek(p)->kind == T_ANDIF || peek(p)->kind == T_ORIF)) {
    kind = peek(p)->kind == T_ANDIF ? N_AND : N_OR;
    n = new_node(kind, peek(p)->pos);
    advance(p);
    skip_newlines(p);
    n->a = left;
    n->b = parse_pipeline(p);
    if (!n->b) return 0;
    left = n;
    set_text(p, left, pos);
  }
  return left;
}

static struct node *seq(struct node *a, struct node *b) {
  struct node *n;
  if (!a) return b;
  n = new_node(N_SEQ, a->pos);
  n->a = a;
  n->b = b;
  return n;
}

// and_or items separated by ; & and newlines, up to EOF, ')' or a closing
// word (then, fi, done, } …: the caller expects the one it needs). Never empty.
static struct node *parse_body(struct parser *p) {
  struct node *list = 0;
  struct node *item;
  int kind;
  skip_newlines(p);
  for (;;) {
    if (p->error) return 0;
    kind = peek(p)->kind;
    if (kind == T_EOF || kind == T_RPAREN || kind == T_DSEMI || is_reserved_closer(p)) break;
    item = parse_and_or(p);
    if (!item) return 0;
    kind = peek(p)->kind;
    if (kind == T_AMP) {
      struct node *bg = new_node(N_BG, item->pos);
      bg->a = item;
      item = bg;
    }
    list = seq(list, item);
    if (kind == T_SEMI || kind == T_AMP) {
      advance(p);
      skip_newlines(p);
    } else if (kind == T_NEWLINE) {
      skip_newlines(p);
    } else {
      break;
    }
  }
  if (!list) unexpected(p);
  return list;
}

struct parse_result parse(const char *src, int len) {
  struct parser p;
  struct parse_result r;
  struct node *tree = 0;
  memset(&p, 0, sizeof(p));
  lex_init(&p.lx, src, len);
  skip_newlines(&p);
  if (peek(&p)->kind != T_EOF) tree = parse_body(&p);
  if (!p.error && peek(&p)->kind != T_EOF) unexpected(&p);
  r.tree = p.error ? 0 : tree;
  r.error = p.error;
  r.errpos = p.errpos;
  r.incomplete = p.incomplete;
  return r;
}

// The command of a $( … ) whose text starts at src[pos]: parsed up to its
// ')' (only to find where it ends; the command runs from its text). The
// index of the ')', or -1 with r->error set.
int parse_subst(const char *src, int len, int pos, struct parse_result *r) {
  struct parser p;
  struct token *t;
  memset(&p, 0, sizeof(p));
  memset(r, 0, sizeof(*r));
  lex_init(&p.lx, src, len);
  p.lx.pos = pos;
  skip_newlines(&p);
  if (peek(&p)->kind != T_RPAREN) parse_body(&p);
  t = peek(&p);
  if (!p.error && t->kind != T_RPAREN) {
    if (t->kind == T_EOF) {
      p.error = "unterminated $(";
      p.errpos = pos - 2;
      p.incomplete = 1;
    } else {
      unexpected(&p);
    }
  }
  r->error = p.error;
  r->errpos = p.errpos;
  r->incomplete = p.incomplete;
  return p.error ? -1 : t->pos;
}
