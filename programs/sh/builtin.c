// The built-in commands: those that must change the shell itself (cd,
// exit, export, unset, read, shift; wait jobs fg bg kill are in jobs.c,
// history in history.c) and the everyday ones that are
// cheaper without a fork (echo, true, false, :, pwd, test, [). Each takes
// argc/argv like a program and returns its exit status.

#include "sh.h"

// The index of the first operand: 2 when argv[1] is the one option a
// built-in takes (echo -n, read -r), else 1.
static int after_option(int argc, char **argv, const char *option) {
  return argc > 1 && strcmp(argv[1], option) == 0 ? 2 : 1;
}

static int bi_true(int argc, char **argv) {
  (void)argc;
  (void)argv;
  return 0;
}

static int bi_false(int argc, char **argv) {
  (void)argc;
  (void)argv;
  return 1;
}

static int bi_cd(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : var_get("HOME");
  if (!dir) dir = "/";
  if (argc > 2) {
    sh_error("cd: too many arguments");
    return 2;
  }
  if (chdir(dir) < 0) {
    sh_error("cd: %s: %s", dir, errno == ENOTDIR ? "not a directory" : "no such directory");
    return 1;
  }
  return 0;
}

static int bi_pwd(int argc, char **argv) {
  char cwd[256];
  (void)argc;
  (void)argv;
  if (!getcwd(cwd, sizeof(cwd))) {
    sh_error("pwd: %s", strerror(errno));
    return 1;
  }
  out_str(1, cwd);
  out_str(1, "\n");
  return 0;
}

static int bi_exit(int argc, char **argv) {
  char *end;
  int status = sh.status;
  if (!may_exit()) return 1;
  if (argc > 1) {
    status = strtol(argv[1], &end, 10);
    if (!*argv[1] || *end) {
      sh_error("exit: %s: not a number", argv[1]);
      status = 2;
    }
  }
  exit(status & 255);
}

static int bi_export(int argc, char **argv) {
  char *eq;
  int i;
  int status = 0;
  if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
    var_print_exports();
    return 0;
  }
  for (i = 1; i < argc; i++) {
    eq = strchr(argv[i], '=');
    if (eq) *eq = 0;
    if (!is_name(argv[i])) {
      if (eq) *eq = '=';
      sh_error("export: %s: not a valid name", argv[i]);
      status = 1;
      continue;
    }
    if (eq) var_set(argv[i], eq + 1);
    var_export(argv[i]);
  }
  return status;
}

static int bi_unset(int argc, char **argv) {
  int i;
  for (i = 1; i < argc; i++) var_unset(argv[i]);
  return 0;
}

// echo as dash has it: -n (first argument only) and the escapes \n \t \\ \c …
static int bi_echo(int argc, char **argv) {
  struct strbuf out = {0};
  const char *s;
  int i = after_option(argc, argv, "-n");
  int newline = i == 1;
  int c;
  int k;
  for (; i < argc; i++) {
    for (s = argv[i]; *s; s++) {
      if (*s != '\\' || !s[1]) {
        sb_putc(&out, *s);
        continue;
      }
      s++;
      switch (*s) {
      case 'n': sb_putc(&out, '\n'); break;
      case 't': sb_putc(&out, '\t'); break;
      case 'r': sb_putc(&out, '\r'); break;
      case 'a': sb_putc(&out, 7); break;
      case 'b': sb_putc(&out, 8); break;
      case 'f': sb_putc(&out, 12); break;
      case 'v': sb_putc(&out, 11); break;
      case '\\': sb_putc(&out, '\\'); break;
      case 'c':
        out_write(1, sb_str(&out), out.len);
        sb_free(&out);
        return 0;
      case '0':
        c = 0;
        for (k = 0; k < 3 && s[1] >= '0' && s[1] <= '7'; k++) c = c * 8 + (*++s - '0');
        sb_putc(&out, c);
        break;
      default:
        sb_putc(&out, '\\');
        sb_putc(&out, *s);
        break;
      }
    }
    if (i + 1 < argc) sb_putc(&out, ' ');
  }
  if (newline) sb_putc(&out, '\n');
  out_write(1, sb_str(&out), out.len);
  sb_free(&out);
  return 0;
}

// read [-r] NAME...: one line from stdin, a byte at a time (what follows
// the line stays for the next reader), split at blanks; the last name gets
// the rest of the line. Without -r a backslash escapes the next character.
static int bi_read(int argc, char **argv) {
  struct strbuf line = {0};
  int i = after_option(argc, argv, "-r");
  int raw = i == 2;
  int eof = 0;
  char c;
  int n;
  if (i >= argc) {
    sh_error("read: no variable name");
    return 2;
  }
  for (;;) {
    n = read(0, &c, 1);
    if (n < 0 && errno == EINTR) {
      sb_free(&line);
      return 130;
    }
    if (n <= 0) {
      eof = 1;
      break;
    }
    if (c == '\n') break;
    if (c == '\\' && !raw) {
      n = read(0, &c, 1);
      if (n <= 0) {
        eof = 1;
        break;
      }
      if (c == '\n') continue;
      sb_putc(&line, c);
      continue;
    }
    sb_putc(&line, c);
  }
  const char *s = sb_str(&line);
  int pos = 0;
  for (; i < argc; i++) {
    int start;
    int end;
    while (s[pos] == ' ' || s[pos] == '\t') pos++;
    start = pos;
    if (i == argc - 1) {
      end = line.len;
      while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
    } else {
      while (s[pos] && s[pos] != ' ' && s[pos] != '\t') pos++;
      end = pos;
    }
    if (is_name(argv[i])) {
      var_set(argv[i], arena_strndup(s + start, end - start));
    } else {
      sh_error("read: %s: not a valid name", argv[i]);
    }
  }
  sb_free(&line);
  return eof ? 1 : 0;                     // a last line without a newline is read, but says 1
}

static int bi_shift(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1;
  if (n < 0 || n > sh.argc - 1) {
    sh_error("shift: can't shift that many");
    return 1;
  }
  sh.argv[n] = sh.argv[0];
  sh.argv += n;
  sh.argc -= n;
  return 0;
}

static struct {
  const char *name;
  builtin_fn fn;
} builtins[] = {
  {"cd", bi_cd}, {"pwd", bi_pwd}, {"exit", bi_exit}, {"export", bi_export}, {"unset", bi_unset},
  {"echo", bi_echo}, {"true", bi_true}, {"false", bi_false}, {":", bi_true}, {"test", builtin_test},
  {"[", builtin_test}, {"read", bi_read}, {"wait", builtin_wait}, {"jobs", builtin_jobs}, {"shift", bi_shift},
  {"fg", builtin_fg}, {"bg", builtin_bg}, {"kill", builtin_kill}, {"history", builtin_history},
};

// The name of builtin i, or 0 past the last (for Tab completion).
const char *builtin_name(int i) {
  return i >= 0 && i < (int)(sizeof(builtins) / sizeof(builtins[0])) ? builtins[i].name : 0;
}

builtin_fn builtin_find(const char *name) {
  int i;
  for (i = 0; i < (int)(sizeof(builtins) / sizeof(builtins[0])); i++)
    if (strcmp(builtins[i].name, name) == 0) return builtins[i].fn;
  return 0;
}
