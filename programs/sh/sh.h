// sh.h: how the shell's pieces fit together.
//
// A command goes through the same stages as a C program through chibicc:
//   input.c   lines from the terminal, a script file or -c
//   lex.c     tokens: words (raw, quotes kept), operators, here-document bodies
//   parse.c   a syntax tree of struct node (lists, pipelines, if/while/for …)
//   exec.c    walks the tree: expand.c turns raw words into fields (glob.c
//             matches patterns, subst.c runs $( … ), arith.c evaluates
//             $(( … ))), redir.c sets up file descriptors, jobs.c
//             forks and waits, builtin.c and test.c are the commands the
//             shell runs itself, var.c holds variables and the environment.
// Everything a command needs while it is parsed and run lives in the arena
// (arena.c) and is released when the command is done; only variables live
// on the heap.

#ifndef SH_H
#define SH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <sys/stat.h>

// ---- arena.c: memory for one command, and growable strings

struct block;
struct mark {
  struct block *block;
  int used;
};

void *arena_alloc(int n);                 // zeroed; lives until the arena is released past it
char *arena_strndup(const char *s, int n);
char *arena_strdup(const char *s);
struct mark arena_mark(void);
void arena_release(struct mark m);

struct strbuf {
  char *s;                                // always NUL-terminated once anything was put
  int len;
  int cap;
};

void sb_grow(struct strbuf *b, int extra);  // room for extra more bytes and the NUL
void sb_putc(struct strbuf *b, int c);
void sb_putn(struct strbuf *b, const char *s, int n);
void sb_puts(struct strbuf *b, const char *s);
char *sb_str(struct strbuf *b);           // the text so far ("" when empty); stays owned by b
char *sb_arena(struct strbuf *b);         // a copy in the arena
void sb_free(struct strbuf *b);

// A growable array of pointers (heap; copied to the arena when done).
struct vec {
  void **items;
  int n;
  int cap;
};

void vec_push(struct vec *v, void *item);
void **vec_arena(struct vec *v);          // NULL-terminated copy in the arena; frees v
void vec_free(struct vec *v);

// ---- input.c: where the shell's lines come from

struct input {
  int fd;                                 // -1: the text of -c
  const char *text;                       // -c's text
  int textpos;
  char buf[512];
  int pos;
  int len;
  int eof;
  int edit;                               // read through the line editor (an interactive terminal)
  const char *prompt;                     // shown before the line (0: none)
};

int input_line(struct input *in, struct strbuf *line);   // 1 line appended, 0 end of input, -1 interrupted

// ---- lex.c: tokens

enum {
  T_EOF, T_NEWLINE, T_WORD, T_IONUM, T_SEMI, T_DSEMI, T_AMP, T_ANDIF, T_ORIF, T_PIPE, T_LPAREN, T_RPAREN,
  T_LESS, T_GREAT, T_DGREAT, T_DLESS, T_DLESSDASH, T_LESSAND, T_GREATAND, T_LESSGREAT, T_CLOBBER,
};

struct token {
  int kind;
  const char *text;                       // raw source text (quotes and all)
  int len;
  int pos;                                // offset in the source
};

struct redir;

#define MAXPENDING 16                     // here-documents started on one line

struct lexer {
  const char *src;
  int len;
  int pos;
  struct redir *pending[MAXPENDING];      // here-documents whose bodies follow the next newline
  int npending;
  int incomplete;                         // the error is that the input ended too soon
  const char *error;                      // the first error (static text or arena)
  int errpos;
};

void lex_init(struct lexer *lx, const char *src, int len);
struct token lex_next(struct lexer *lx);
void lex_fail(struct lexer *lx, int pos, const char *msg, int incomplete);
void lex_heredoc(struct lexer *lx, struct redir *r);
const char *token_name(int kind);
int subst_end(const char *s, int i);      // s[i] starts $( $(( or `: the index after its end

// ---- parse.c: the syntax tree

enum {
  N_SIMPLE, N_PIPE, N_AND, N_OR, N_SEQ, N_BG, N_NOT, N_SUBSHELL, N_GROUP, N_IF, N_WHILE, N_UNTIL, N_FOR,
  N_CASE, N_CASEITEM,
};

enum { R_IN, R_OUT, R_APPEND, R_INOUT, R_DUPIN, R_DUPOUT, R_HEREDOC };

struct redir {
  int kind;
  int fd;                                 // the descriptor redirected
  char *target;                           // raw word: file name, descriptor, or here-doc delimiter
  char *body;                             // R_HEREDOC: the text, read after the line's newline
  int quoted;                             // R_HEREDOC: the delimiter was quoted (no expansion)
  int strip_tabs;                         // <<-
  int pos;
  struct redir *next;
};

struct node {
  int kind;
  int pos;
  struct node *a;                         // SEQ AND OR: left; BG NOT SUBSHELL GROUP CASEITEM: body; IF WHILE UNTIL: condition
  struct node *b;                         // SEQ AND OR: right; IF: then; WHILE UNTIL FOR: body; CASE: first item
  struct node *c;                         // IF: else (an N_IF for elif)
  struct node *next;                      // the next command of a pipeline; the next CASEITEM
  char **words;                           // SIMPLE: raw words, the assignments first; FOR: the list;
                                          // CASE: the subject; CASEITEM: the patterns
  int nwords;                             // FOR: -1 when there is no "in" ("$@")
  int nassign;                            // SIMPLE: how many leading words are NAME=value
  char *name;                             // FOR: the variable
  struct redir *redirs;
  const char *text;                       // the source of a pipeline or and-or list (not NUL-terminated)
  int textlen;
};

struct parse_result {
  struct node *tree;                      // 0 for an empty input
  const char *error;                      // set on a syntax error
  int errpos;
  int incomplete;                         // the error is only that the input ended too soon
};

struct parse_result parse(const char *src, int len);
int parse_subst(const char *src, int len, int pos, struct parse_result *r);  // $( at pos-2: index of its ')'

// ---- expand.c and glob.c

char **expand_words(char **raw, int n, int *count);    // fields: split and globbed; NULL-terminated, arena
char *expand_string(const char *raw);                  // one string: no splitting, no globbing
char *expand_heredoc(const char *body);                // $ and \ only
char *unquote(const char *raw, int *quoted);           // quote removal alone (here-doc delimiters)
int glob_match(const char *pat, const char *s);        // pat: * ? [...] with \ escapes
int glob_expand(const char *pat, struct vec *out);     // matches appended sorted (arena strings); count
extern int expand_failed;                              // an expansion reported an error
char *expand_pattern(const char *raw);                 // a case pattern: quoted characters escaped

// ---- subst.c and arith.c

char *command_output(const char *text);   // $( text ): its output less trailing newlines (arena)
extern int subst_status;                  // the last substitution's status (-1: none)
long long arith_eval(const char *expr);   // $(( expr )); an error sets expand_failed

// ---- var.c

int is_name_start(int c);
int is_name_char(int c);
int is_name(const char *s);
int is_assignment(const char *word);
const char *var_get(const char *name);
void var_set(const char *name, const char *value);
void var_setn(const char *name, int namelen, const char *value);
void var_unset(const char *name);
void var_export(const char *name);
void var_import(char **envp);
char **var_environ(char **assigns, int n);             // exported variables, then NAME=value overrides
void var_print_exports(void);

// ---- redir.c

struct saved_fds {
  int fd[10];
  int copy[10];                           // -1: the descriptor was closed before
  int n;
};

int redir_apply(struct redir *r, struct saved_fds *save);  // 0, or -1 after saying why
void redir_restore(struct saved_fds *save);
void close_saved_fds(void);               // in a child: the shell's hidden copies are not the program's
void hide_fd(int fd);                     // fd is the shell's own (a script it reads)

// ---- exec.c

#define EX_EXIT 1                         // the process ends after this command: exec without fork

int exec_node(struct node *n, int flags);
int run_program(char **argv, char **assigns, int nassign);   // in a child: never returns

// ---- jobs.c

int fork_child(int pgid, int foreground);  // fork; in the child, its process group and signals are set
void child_reset(void);                   // in a forked subshell: no jobs, default signals
int wait_job(int *pids, int n, int pgid, struct node *cmd);  // a foreground job: its status (stopped: kept)
void job_add(int pid, struct node *cmd);  // a background job
void job_add_quiet(int pid);              // a helper process, reaped without a word
void job_reap(int report);                // collect finished background jobs (and say so)
int jobs_stopped(void);                   // is a job stopped?
int status_of(int wstatus, int quiet);    // $? for a wait status; says how a signal killed it
int builtin_jobs(int argc, char **argv);
int builtin_fg(int argc, char **argv);
int builtin_bg(int argc, char **argv);
int builtin_kill(int argc, char **argv);
int builtin_wait(int argc, char **argv);

// ---- builtin.c and test.c

typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn builtin_find(const char *name);
const char *builtin_name(int i);          // the i-th built-in's name, 0 past the last
int builtin_test(int argc, char **argv);

// ---- edit.c, history.c, complete.c: the line editor for the terminal

int edit_line(const char *prompt, struct strbuf *line);  // as input_line: 1, 0 (Ctrl-D), -1 (Ctrl-C)
void edit_restore(void);                  // the console's own modes again (before a command runs)
void history_add(const char *line, int len);
int history_count(void);
const char *history_get(int k);           // 0 the oldest kept
int builtin_history(int argc, char **argv);
struct vec;
int complete_word(const char *line, int cursor, int *start, struct vec *out);  // candidates, sorted (heap)

// ---- main.c: the shell's state

struct shell {
  int status;                             // $?
  int pid;                                // $$
  int lastbg;                             // $!
  int argc;                               // positional parameters $1 …: argv[1 .. argc-1]; argv[0] is $0
  char **argv;
  int interactive;
  int pgid;                               // the shell's own process group (interactive)
  int in_child;                           // a forked subshell: no job control of its own
  int signaled;                           // the last foreground job was killed by a signal (or stopped)
  int exit_warned;                        // "There are stopped jobs." was said for the command before
};

extern struct shell sh;
extern volatile int sh_sigint;            // SIGINT came (the interactive shell's handler)

void sh_error(const char *fmt, ...);      // "sh: …" on stderr
int may_exit(void);                       // 0 (after a warning) if jobs are stopped
void out_write(int fd, const char *s, int n);
void out_str(int fd, const char *s);

#endif
