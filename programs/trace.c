// trace COMMAND [ARGUMENT ...]: run COMMAND and print each system call it
// and its children make, with the arguments and the result, as strace -f
// does, on standard error:
//
//   [pid 5] open("/etc/motd", 0, 0) = 3
//   [pid 5] read(3, "Welcome to Glassbox. Programs are in /b"..., 512) = 95
//   [pid 5] open("/nosuch", 0, 0) = -1 ENOENT (No such file or directory)
//   [pid 5] exit_group(0) = ?
//   [pid 5] +++ exited with 0 +++
//
// The kernel keeps the records (kernel/systrace.c): the argument
// registers, the result, and the text of the paths it read and of the
// bytes read or written, as it saw them. trace knows each call's name and
// how to show its arguments (the table below, by the numbers of
// syscall.h). Its exit status is COMMAND's (127 if it cannot be run).

#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <glassbox.h>
#include "../kernel/include/syscall.h"

// How a call's arguments are shown: d decimal, x hex, o octal (an argument
// whose text the kernel kept is shown as a string instead); ret_hex for a
// result that is an address.
struct call {
  int number;
  const char *name;
  const char *args;
  int ret_hex;
};

#define CALL(name, args) {SYS_##name, #name, args, 0}

static const struct call calls[] = {
  CALL(exit, "d"), CALL(fork, ""), CALL(read, "dxd"), CALL(write, "dxd"), CALL(open, "xod"), CALL(close, "d"),
  CALL(waitpid, "dxd"), CALL(unlink, "x"), CALL(execve, "xxx"), CALL(chdir, "x"), CALL(time, "x"),
  CALL(utime, "xx"), CALL(lseek, "ddd"), CALL(getpid, ""), CALL(kill, "dd"), CALL(rename, "xx"),
  CALL(mkdir, "xo"), CALL(rmdir, "x"), CALL(dup, "d"), CALL(pipe, "x"), {SYS_brk, "brk", "x", 1},
  CALL(signal, "dxx"), CALL(ioctl, "dxx"), CALL(setpgid, "dd"), CALL(sigaction, "dxx"), CALL(dup2, "dd"),
  CALL(getppid, ""), CALL(getpgrp, ""), CALL(stat, "xx"), CALL(fstat, "dx"), CALL(wait4, "dxdx"),
  CALL(sysinfo, "x"), CALL(sigreturn, ""), CALL(clone, "xx"), CALL(sigprocmask, "dxx"), CALL(getdents, "dxd"),
  CALL(sched_yield, ""), CALL(nanosleep, "xx"), CALL(getcwd, "xd"), CALL(gettid, ""), CALL(futex, "xddx"),
  CALL(exit_group, "d"), CALL(clock_gettime, "dx"), CALL(gb_procinfo, "dx"), CALL(gb_regions, "dxd"),
  CALL(gb_cycles, "x"), CALL(gb_thread_join, "dx"), CALL(gb_counters, "xd"), CALL(gb_flushcost, "dxdx"),
  CALL(gb_trace_start, ""), CALL(gb_trace_read, "xd"),
};

#define NAME(e) {e, #e}

static const struct {
  int value;
  const char *name;
} errnos[] = {
  NAME(EPERM), NAME(ENOENT), NAME(ESRCH), NAME(EINTR), NAME(EIO), NAME(E2BIG), NAME(ENOEXEC), NAME(EBADF),
  NAME(ECHILD), NAME(EAGAIN), NAME(ENOMEM), NAME(EACCES), NAME(EFAULT), NAME(EBUSY), NAME(EEXIST),
  NAME(ENOTDIR), NAME(EISDIR), NAME(EINVAL), NAME(ENFILE), NAME(EMFILE), NAME(ENOTTY), NAME(EFBIG),
  NAME(ENOSPC), NAME(ESPIPE), NAME(EPIPE), NAME(ERANGE), NAME(EDEADLK), NAME(ENAMETOOLONG), NAME(ENOSYS),
  NAME(ENOTEMPTY),
};

#define COUNT(a) ((int)(sizeof(a) / sizeof(a[0])))

// Each record becomes one line, written with one write(2): stderr is
// unbuffered, and a write per character would bury the tracee's calls.
static char line[640];
static int used;

static void put(const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(line + used, sizeof(line) - used, fmt, ap);
  va_end(ap);
  used += n;
  if (used > (int)sizeof(line) - 1) used = (int)sizeof(line) - 1;
}

static void end_line(void) {
  put("\n");
  write(2, line, used);
  used = 0;
}

static const struct call *find_call(int number) {
  int i;
  for (i = 0; i < COUNT(calls); i++) {
    if (calls[i].number == number) return &calls[i];
  }
  return 0;
}

static const char *errno_name(int e) {
  int i;
  for (i = 0; i < COUNT(errnos); i++) {
    if (errnos[i].value == e) return errnos[i].name;
  }
  return "E?";
}

// "SIGSEGV": libc's name of the signal (signal.h).
static const char *signal_text(int s) {
  static char buf[16];
  if (!signal_name(s)) return "SIG?";
  snprintf(buf, sizeof(buf), "SIG%s", signal_name(s));
  return buf;
}

// A string as C writes it, cut with "..." when the kernel kept only its start.
static void quoted(const char *s, int kept, int len) {
  int i;
  put("\"");
  for (i = 0; i < kept; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n') put("\\n");
    else if (c == '\t') put("\\t");
    else if (c == '\r') put("\\r");
    else if (c == '"' || c == '\\') put("\\%c", c);
    else if (c < 32 || c >= 127) put("\\x%02x", c);
    else put("%c", c);
  }
  put("\"");
  if (len > kept) put("...");
}

static void argument(const struct gb_trace_record *r, int i, char kind) {
  int t;
  for (t = 0; t < 2; t++) {
    if (r->text_arg[t] == i) {
      // The kernel kept the first GB_TRACE_TEXT - 1 bytes (which may hold NULs: data read or written).
      quoted(r->text[t], r->text_len[t] < GB_TRACE_TEXT - 1 ? r->text_len[t] : GB_TRACE_TEXT - 1, r->text_len[t]);
      return;
    }
  }
  if (kind == 'x') put("0x%x", r->args[i]);
  else if (kind == 'o') put("%#o", r->args[i]);
  else put("%d", r->args[i]);
}

static void print_call(const struct gb_trace_record *r) {
  const struct call *c = find_call(r->number);
  int i;
  put("[pid %d] ", r->pid);
  if (!c) {
    put("syscall_%d(0x%x, 0x%x, 0x%x)", r->number, r->args[0], r->args[1], r->args[2]);
  } else {
    put("%s(", c->name);
    for (i = 0; c->args[i]; i++) {
      if (i > 0) put(", ");
      argument(r, i, c->args[i]);
    }
    put(")");
  }
  if (r->kind == GB_TRACE_UNFINISHED) put(" = ?");
  else if (r->result < 0 && r->result > -4096) put(" = -1 %s (%s)", errno_name(-r->result), strerror(-r->result));
  else if (c && c->ret_hex) put(" = 0x%x", r->result);
  else put(" = %d", r->result);
}

static void print_record(const struct gb_trace_record *r) {
  if (r->kind != GB_TRACE_EXIT) {
    print_call(r);
  } else if (WIFSIGNALED(r->result)) {
    put("[pid %d] +++ killed by %s +++", r->pid, signal_text(WTERMSIG(r->result)));
  } else {
    put("[pid %d] +++ exited with %d +++", r->pid, WEXITSTATUS(r->result));
  }
}

int main(int argc, char **argv) {
  struct gb_trace_record records[16];
  int status = 0;
  int pid;
  int n;
  int i;
  if (argc < 2 || strcmp(argv[1], "-h") == 0) {
    fprintf(argc < 2 ? stderr : stdout,
            "usage: trace COMMAND [ARGUMENT ...]\n"
            "  run COMMAND; print every system call of it and its children, with arguments and results\n");
    return argc < 2 ? 1 : 0;
  }
  if (gb_trace_start() < 0) {
    fprintf(stderr, "trace: cannot trace: %s\n", strerror(errno));
    return 1;
  }
  fflush(stdout);
  pid = fork();
  if (pid < 0) {
    fprintf(stderr, "trace: fork: %s\n", strerror(errno));
    return 1;
  }
  if (pid == 0) {
    execvp(argv[1], argv + 1);
    fprintf(stderr, "trace: %s: %s\n", argv[1], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
  }
  while ((n = gb_trace_read(records, 16)) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "trace: %s\n", strerror(errno));
      break;
    }
    for (i = 0; i < n; i++) {
      print_record(&records[i]);
      end_line();
    }
  }
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}
