// usertests: try to break the kernel from user space, as xv6's usertests
// does. Each test runs in a child of its own, so a test that crashes fails
// alone; the child exits 0 when everything it checked held. The tests poke
// at the edges a user program can reach: the process table and memory
// running out, corrupt executables, bad pointers and descriptors, pipes
// with one end gone, signals to blocked processes, the stack and the heap
// at their limits, and the ramfs filling up. After the run the kernel must
// have every page back that it had before.
//
// usertests [NAME...]   run all tests, or those named; `usertests -l` lists them.
// Prints each test and "ALL TESTS PASSED", or the failures (exit status 1).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);

#define KERNEL_ADDR 0xC0100000u
#define STRADDLE 0xBFFFFFF0u          // 16 bytes below the kernel's half

static const char *current;

// End the current test (its child) with a message naming what went wrong.
static void fail(const char *what, int got, int want) {
  printf("\n  %s: %s: got %d (errno %d), want %d\n", current, what, got, errno, want);
  exit(1);
}

// A call that must fail with errno `want`.
static void expect_err(const char *what, int r, int want) {
  if (r != -1 || errno != want) fail(what, r == -1 ? -errno : r, -want);
}

static void expect_eq(const char *what, int got, int want) {
  if (got != want) fail(what, got, want);
}

// A raw system call that must return -want (no libc in between).
static void expect_sys(const char *what, int r, int want) {
  if (r != -want) fail(what, r, -want);
}

// Wait for pid and return its raw status; fails the test if wait fails.
static int reap(int pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) fail("waitpid", -errno, pid);
  return status;
}

// ---------------------------------------------------------------------------
// Processes

// Fork until the table is full: fork fails with EAGAIN, never panics, and
// every child is reaped again.
static void t_forkbomb(void) {
  int fds[2];
  int n = 0, pid;
  char c;
  if (pipe(fds) < 0) fail("pipe", -errno, 0);
  for (;;) {
    pid = fork();
    if (pid < 0) break;
    if (pid == 0) {
      close(fds[1]);
      read(fds[0], &c, 1);                 // wait for the parent to let go
      _exit(0);
    }
    n++;
    if (n > 1000) fail("fork never failed", n, 0);
  }
  if (errno != EAGAIN && errno != ENOMEM) fail("fork's error", -errno, -EAGAIN);
  close(fds[1]);
  close(fds[0]);
  while (n > 0) {
    if (wait(0) < 0) fail("wait for a child of the bomb", -errno, 0);
    n--;
  }
  expect_err("wait with no children", wait(0), ECHILD);
}

// Forty children exit at once; each status arrives once, intact.
static void t_manyexits(void) {
  int seen[40];
  int i, pid, status;
  memset(seen, 0, sizeof seen);
  for (i = 0; i < 40; i++) {
    pid = fork();
    if (pid < 0) fail("fork", -errno, 0);
    if (pid == 0) _exit(i + 1);
  }
  for (i = 0; i < 40; i++) {
    if (wait(&status) < 0) fail("wait", -errno, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) < 1 || WEXITSTATUS(status) > 40) fail("status", status, 0);
    seen[WEXITSTATUS(status) - 1]++;
  }
  for (i = 0; i < 40; i++) expect_eq("each status once", seen[i], 1);
  expect_err("no child left", wait(0), ECHILD);
}

// A child blocked in `how` is killed by SIGKILL and reaped with signal 9.
// For "wait" it waits for a grandchild, which is orphaned by the kill and
// must then end too (it reads a pipe we close), or it would keep its pages.
static void kill_blocked(const char *how) {
  int fds[2], hold[2], pid, gpid = 0, status, spins;
  char buf[512];
  pipe(fds);
  pipe(hold);
  pid = fork();
  if (pid == 0) {
    if (strcmp(how, "read") == 0) read(fds[0], buf, 1);
    else if (strcmp(how, "sleep") == 0) sleep(1000);
    else if (strcmp(how, "wait") == 0) {
      gpid = fork();
      if (gpid == 0) {
        close(hold[1]);
        read(hold[0], buf, 1);             // until the test lets go
        _exit(0);
      }
      write(fds[1], &gpid, sizeof gpid);
      wait(0);
    } else {
      memset(buf, 'w', sizeof buf);
      for (;;) write(fds[1], buf, sizeof buf);   // fills the pipe, then blocks
    }
    _exit(3);
  }
  close(hold[0]);
  if (strcmp(how, "wait") == 0) read(fds[0], &gpid, sizeof gpid);
  usleep(20000);                                  // let it block
  if (kill(pid, SIGKILL) < 0) fail("kill", -errno, 0);
  status = reap(pid);
  if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) fail(how, status, SIGKILL);
  close(hold[1]);
  // The orphan ends and init reaps it: then its pid is gone.
  for (spins = 0; gpid > 0 && kill(gpid, 0) == 0; spins++) {
    if (spins > 100) fail("orphan reaped by init", gpid, 0);
    usleep(1000);
  }
  close(fds[0]);
  close(fds[1]);
}

static void t_killblocked(void) {
  kill_blocked("read");
  kill_blocked("write");
  kill_blocked("sleep");
  kill_blocked("wait");
  expect_err("kill a pid that is not there", kill(99999, SIGTERM), ESRCH);
  expect_err("kill with a bad signal", kill(getpid(), 99), EINVAL);
}

// ---------------------------------------------------------------------------
// exec

static char elf[65536];
static int elf_size;

// Write bytes to path; returns 0 or fails the test.
static void write_file(const char *path, const char *bytes, int n) {
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0755);
  if (fd < 0) fail("create", -errno, 0);
  if (write(fd, bytes, n) != n) fail("write", -errno, n);
  close(fd);
}

// execve of path must fail with want, leaving the caller running.
static void exec_fails(const char *what, const char *path, int want) {
  char *argv[] = {(char *)path, 0};
  int r = execve(path, argv, 0);
  if (r != -1 || errno != want) fail(what, r == -1 ? -errno : r, -want);
}

// A copy of /bin/true with the 32-bit word at offset `off` set to v.
static void corrupt_word(const char *what, int off, unsigned v, int want) {
  static char copy[65536];
  memcpy(copy, elf, elf_size);
  memcpy(copy + off, &v, 4);
  write_file("/tmp/ut-bad", copy, elf_size);
  exec_fails(what, "/tmp/ut-bad", want);
}

static void load_true(void) {
  int fd = open("/bin/true", O_RDONLY);
  if (fd < 0) fail("open /bin/true", -errno, 0);
  elf_size = read(fd, elf, sizeof elf);
  close(fd);
  if (elf_size <= 0 || elf_size == (int)sizeof elf) fail("read /bin/true", elf_size, 0);
}

// ELF header fields (32-bit): e_phoff at 28, e_phentsize/e_phnum at 42/44;
// program header i at phoff + 32 i: p_type 0, p_offset 4, p_vaddr 8,
// p_filesz 16, p_memsz 20.
static void t_execbad(void) {
  unsigned phoff;
  int ph;
  exec_fails("missing file", "/no/such/program", ENOENT);
  exec_fails("a directory", "/tmp", EACCES);
  write_file("/tmp/ut-bad", "#not an executable\n", 19);
  exec_fails("text file", "/tmp/ut-bad", ENOEXEC);
  load_true();
  write_file("/tmp/ut-bad", elf, 20);
  exec_fails("truncated in the header", "/tmp/ut-bad", ENOEXEC);
  memcpy(&phoff, elf + 28, 4);
  write_file("/tmp/ut-bad", elf, phoff + 10);
  exec_fails("truncated in the program headers", "/tmp/ut-bad", ENOEXEC);
  write_file("/tmp/ut-bad", elf, elf_size / 2);
  exec_fails("truncated in a segment", "/tmp/ut-bad", ENOEXEC);
  corrupt_word("bad magic", 0, 0x464c457e, ENOEXEC);
  corrupt_word("program headers past the end", 28, 0x7ffffff0, ENOEXEC);
  corrupt_word("no program headers", 44, 0, ENOEXEC);
  corrupt_word("65535 program headers", 44, 0xffff, ENOEXEC);
  ph = (int)phoff;
  corrupt_word("segment in the kernel's half", ph + 8, 0xC0000000, ENOEXEC);
  corrupt_word("segment straddling 0xC0000000", ph + 8, 0xBFFFF000, ENOEXEC);
  corrupt_word("segment at page 0", ph + 8, 0, ENOEXEC);
  corrupt_word("segment size that wraps", ph + 20, 0xFFFFF000, ENOEXEC);
  corrupt_word("file bytes past the end", ph + 4, 0x7fff0000, ENOEXEC);
  corrupt_word("file size above memory size", ph + 16, 0x10000000, ENOEXEC);
  corrupt_word("second segment on the first", ph + 32 + 8, *(unsigned *)(elf + ph + 8), ENOEXEC);
  corrupt_word("a segment of 2 GiB", ph + 32 + 20, 0x80000000, ENOMEM);
  unlink("/tmp/ut-bad");
}

// Arguments that are bad pointers fail with EFAULT and leave us running.
static void t_execargs(void) {
  char *argv[] = {"true", (char *)KERNEL_ADDR, 0};
  char *big[40];
  int i;
  expect_err("argv in the kernel", execve("/bin/true", (char **)KERNEL_ADDR, 0), EFAULT);
  expect_err("an argument in the kernel", execve("/bin/true", argv, 0), EFAULT);
  expect_err("path straddling the kernel", execve((char *)STRADDLE, argv, 0), EFAULT);
  for (i = 0; i < 39; i++) big[i] = "x";
  big[39] = 0;
  expect_err("too many arguments", execve("/bin/true", big, 0), E2BIG);
}

// ---------------------------------------------------------------------------
// Pointers, descriptors

static void t_badptr(void) {
  char buf[16];
  int fds[2];
  pipe(fds);
  expect_err("write from the kernel", write(1, (void *)KERNEL_ADDR, 8), EFAULT);
  expect_err("write straddling the kernel", write(1, (void *)STRADDLE, 32), EFAULT);
  expect_err("write with a length past the user's half", write(fds[1], buf, 0x7FFFFFF0u), EFAULT);
  expect_err("write with a negative length", write(fds[1], buf, 0xFFFFFFF0u), EINVAL);
  write(fds[1], "abcd", 4);
  expect_err("read into the kernel", read(fds[0], (void *)KERNEL_ADDR, 4), EFAULT);
  expect_err("read straddling the kernel", read(fds[0], (void *)STRADDLE, 32), EFAULT);
  expect_err("read with a length past the user's half", read(fds[0], buf, 0x7FFFFFF0u), EFAULT);
  expect_err("read with a negative length", read(fds[0], buf, 0xFFFFFFF0u), EINVAL);
  expect_err("open a kernel path", open((char *)KERNEL_ADDR, O_RDONLY), EFAULT);
  expect_err("pipe into the kernel", pipe((int *)KERNEL_ADDR), EFAULT);
  expect_err("stat into the kernel", stat("/bin", (struct stat *)KERNEL_ADDR), EFAULT);
  expect_err("fstat straddling", fstat(0, (struct stat *)STRADDLE), EFAULT);
  expect_err("getcwd into the kernel", getcwd((char *)KERNEL_ADDR, 64) ? 0 : -1, EFAULT);
  expect_err("chdir with a kernel path", chdir((char *)KERNEL_ADDR), EFAULT);
  expect_err("waitpid status in the kernel", waitpid(-1, (int *)KERNEL_ADDR, 0), EFAULT);
  expect_sys("getdents into the kernel", __syscall(SYS_getdents, open("/", O_RDONLY), KERNEL_ADDR, 512, 0, 0), EFAULT);
  expect_sys("nanosleep from the kernel", __syscall(SYS_nanosleep, KERNEL_ADDR, 0, 0, 0, 0), EFAULT);
  expect_sys("clock_gettime into the kernel", __syscall(SYS_clock_gettime, 1, KERNEL_ADDR, 0, 0, 0), EFAULT);
  expect_sys("sigaction from the kernel", __syscall(SYS_sigaction, SIGUSR1, KERNEL_ADDR, 0, 0, 0), EFAULT);
  expect_sys("futex in the kernel", __syscall(SYS_futex, KERNEL_ADDR, 0, 0, 0, 0), EFAULT);
  // Still here, still able to write.
  expect_eq("pipe still works", write(fds[1], "z", 1), 1);
}

static void t_baddesc(void) {
  char c;
  int fds[2];
  expect_err("read -1", read(-1, &c, 1), EBADF);
  expect_err("read 16", read(16, &c, 1), EBADF);
  expect_err("write 100000", write(100000, &c, 1), EBADF);
  expect_err("close 15 (never opened)", close(15), EBADF);
  pipe(fds);
  close(fds[0]);
  expect_err("read a closed descriptor", read(fds[0], &c, 1), EBADF);
  expect_err("close it again", close(fds[0]), EBADF);
  expect_err("dup of a closed descriptor", dup(fds[0]), EBADF);
  expect_err("dup2 to 16", dup2(fds[1], 16), EBADF);
  expect_err("dup2 to -1", dup2(fds[1], -1), EBADF);
  expect_err("lseek on a pipe", lseek(fds[1], 0, SEEK_SET), ESPIPE);
  expect_err("read the pipe's write end", read(fds[1], &c, 1), EBADF);
  expect_err("write a read-only file", write(open("/bin/true", O_RDONLY), &c, 1), EBADF);
  close(fds[1]);
}

// Open descriptors until the table is full: EMFILE, then all usable again.
static void t_fdtable(void) {
  int fds[64];
  int n = 0, i;
  while (n < 64) {
    fds[n] = open("/bin/true", O_RDONLY);
    if (fds[n] < 0) break;
    n++;
  }
  if (n == 64) fail("open never failed", n, 0);
  expect_eq("errno when full", errno, EMFILE);
  for (i = 0; i < n; i++) close(fds[i]);
  i = open("/bin/true", O_RDONLY);
  if (i < 0) fail("open after closing all", -errno, 0);
  close(i);
}

// ---------------------------------------------------------------------------
// Pipes

static void t_pipes(void) {
  int fds[2], pid, status;
  char c;
  // No writer: read sees the end of the file.
  pipe(fds);
  close(fds[1]);
  expect_eq("read with no writer", read(fds[0], &c, 1), 0);
  close(fds[0]);
  // No reader, SIGPIPE ignored: EPIPE.
  pipe(fds);
  close(fds[0]);
  signal(SIGPIPE, SIG_IGN);
  expect_err("write with no reader", write(fds[1], "x", 1), EPIPE);
  signal(SIGPIPE, SIG_DFL);
  // No reader, SIGPIPE's default: the writer dies of it.
  pid = fork();
  if (pid == 0) {
    write(fds[1], "x", 1);
    _exit(0);
  }
  status = reap(pid);
  if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGPIPE) fail("writer killed by SIGPIPE", status, SIGPIPE);
  close(fds[1]);
  // A reader that goes away while the writer is blocked wakes it with EPIPE.
  pipe(fds);
  pid = fork();
  if (pid == 0) {
    char buf[1024];
    close(fds[0]);
    signal(SIGPIPE, SIG_IGN);
    memset(buf, 'p', sizeof buf);
    for (;;) {
      if (write(fds[1], buf, sizeof buf) < 0) _exit(errno == EPIPE ? 0 : 1);
    }
  }
  close(fds[1]);
  usleep(20000);
  close(fds[0]);
  status = reap(pid);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail("blocked writer gets EPIPE", status, 0);
}

// ---------------------------------------------------------------------------
// Memory

static int depth(int n) {
  volatile char pad[256];
  pad[0] = (char)n;
  return depth(n + 1) + pad[0];
}

// Deep recursion runs into the guard page: SIGSEGV for that child only.
static void t_recursion(void) {
  int pid = fork(), status;
  if (pid == 0) {
    depth(0);
    _exit(0);
  }
  status = reap(pid);
  if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSEGV) fail("overflow killed by SIGSEGV", status, SIGSEGV);
}

static void t_brk(void) {
  char *start = sbrk(0);
  char *p;
  int pid, status, i;
  p = sbrk(1 << 20);
  if (p != start) fail("sbrk grows from the old break", (int)p, (int)start);
  for (i = 0; i < (1 << 20); i += 4096) p[i] = 1;
  if (sbrk(-(1 << 20)) != p + (1 << 20)) fail("sbrk shrink returns the old break", 0, 0);
  if (sbrk(0) != start) fail("break back at the start", (int)sbrk(0), (int)start);
  pid = fork();
  if (pid == 0) {
    start[8192] = 1;                      // freed by the shrink
    _exit(0);
  }
  status = reap(pid);
  if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSEGV) fail("touching freed heap", status, SIGSEGV);
  if (brk((void *)KERNEL_ADDR) == 0) fail("brk into the kernel", 0, -1);
  if (sbrk(0x7fffffff) != (void *)-1) fail("sbrk of 2 GiB", 0, -1);
  if (sbrk(0) != start) fail("break unchanged after failures", (int)sbrk(0), (int)start);
}

// A child takes every page it can; the machine gets them all back.
static void t_memexhaust(void) {
  int pid = fork(), status, pages;
  if (pid == 0) {
    // Write now to what the loop will write later (errno when sbrk fails,
    // this frame): copy-on-write needs a free page for each, and at the
    // end there is none.
    errno = 0;
    pages = 0;
    while (sbrk(4096) != (void *)-1) {
      ((char *)sbrk(0))[-1] = 1;
      pages++;
    }
    _exit(pages > 100 && errno == ENOMEM ? 0 : 1);
  }
  status = reap(pid);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fail("the hog", status, 0);
  pid = fork();                            // and memory is there again
  if (pid < 0) fail("fork after the hog", -errno, 0);
  if (pid == 0) _exit(7);
  status = reap(pid);
  expect_eq("a child after the hog", WEXITSTATUS(status), 7);
}

// ---------------------------------------------------------------------------
// Files

// Create files until the ramfs says no (ENOSPC, or the inode table's ENOSPC),
// remove them all, and create one again.
static void t_fsfull(void) {
  static char chunk[4096];
  char name[32];
  int n = 0, fd, i, r = 0;
  mkdir("/tmp/ut-fs", 0755);
  memset(chunk, 'q', sizeof chunk);
  for (;;) {
    sprintf(name, "/tmp/ut-fs/%d", n);
    fd = open(name, O_CREAT | O_WRONLY, 0644);
    if (fd < 0) break;
    n++;
    while ((r = write(fd, chunk, sizeof chunk)) == sizeof chunk) {}
    close(fd);
    if (r < 0 && errno == ENOSPC) break;
    if (n > 10000) fail("never full", n, 0);
  }
  expect_eq("full with ENOSPC", errno, ENOSPC);
  for (i = 0; i < n; i++) {
    sprintf(name, "/tmp/ut-fs/%d", i);
    if (unlink(name) < 0) fail("unlink", -errno, 0);
  }
  fd = open("/tmp/ut-fs/again", O_CREAT | O_WRONLY, 0644);
  if (fd < 0) fail("create after emptying", -errno, 0);
  expect_eq("write after emptying", write(fd, chunk, sizeof chunk), sizeof chunk);
  close(fd);
  unlink("/tmp/ut-fs/again");
  if (rmdir("/tmp/ut-fs") < 0) fail("rmdir", -errno, 0);
}

// Names too long, paths through files, removing what is in use.
static void t_paths(void) {
  char longname[64];
  memset(longname, 'n', sizeof longname - 1);
  longname[sizeof longname - 1] = 0;
  expect_err("a name too long", open(longname, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
  expect_err("a path through a file", open("/bin/true/x", O_RDONLY), ENOTDIR);
  expect_err("rmdir a file", rmdir("/bin/true"), ENOTDIR);
  expect_err("unlink a directory", unlink("/tmp"), EISDIR);
  expect_err("rmdir a full directory", rmdir("/bin"), ENOTEMPTY);
  expect_err("rmdir .", rmdir("."), EINVAL);
  expect_err("mkdir what exists", mkdir("/tmp", 0755), EEXIST);
  expect_err("open a directory for writing", open("/tmp", O_WRONLY), EISDIR);
}

// ---------------------------------------------------------------------------

struct test {
  const char *name;
  void (*fn)(void);
};

static struct test tests[] = {
  {"forkbomb", t_forkbomb},     {"manyexits", t_manyexits}, {"killblocked", t_killblocked},
  {"execbad", t_execbad},       {"execargs", t_execargs},   {"badptr", t_badptr},
  {"baddesc", t_baddesc},       {"fdtable", t_fdtable},     {"pipes", t_pipes},
  {"recursion", t_recursion},   {"brk", t_brk},             {"memexhaust", t_memexhaust},
  {"fsfull", t_fsfull},         {"paths", t_paths},
};
#define NTESTS ((int)(sizeof tests / sizeof tests[0]))

// Run one test in a child; 1 if it passed.
static int run_test(struct test *t) {
  int pid, status;
  printf("test %s: ", t->name);
  fflush(stdout);
  pid = fork();
  if (pid < 0) {
    printf("FAILED (fork: errno %d)\n", errno);
    return 0;
  }
  if (pid == 0) {
    current = t->name;
    t->fn();
    exit(0);
  }
  if (waitpid(pid, &status, 0) != pid) {
    printf("FAILED (waitpid: errno %d)\n", errno);
    return 0;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    printf("OK\n");
    return 1;
  }
  if (WIFSIGNALED(status)) printf("FAILED (killed by signal %d)\n", WTERMSIG(status));
  else printf("FAILED\n");
  return 0;
}

static int wanted(const char *name, int argc, char **argv) {
  int i;
  if (argc < 2) return 1;
  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], name) == 0) return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  int i, failed = 0, ran = 0;
  if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "-l") == 0)) {
    printf("usage: usertests [NAME...]\ntests:");
    for (i = 0; i < NTESTS; i++) printf(" %s", tests[i].name);
    printf("\n");
    return 0;
  }
  for (i = 0; i < NTESTS; i++) {
    if (!wanted(tests[i].name, argc, argv)) continue;
    ran++;
    if (!run_test(&tests[i])) failed++;
  }
  if (ran == 0) {
    fprintf(stderr, "usertests: no such test (usertests -l lists them)\n");
    return 2;
  }
  if (failed) {
    printf("%d of %d tests FAILED\n", failed, ran);
    return 1;
  }
  printf("ALL TESTS PASSED\n");
  return 0;
}
