// init: the first process (pid 1).
//
// Opens the console as standard input, output and error, shows /etc/motd,
// then keeps a shell running: it starts /bin/sh and, whenever a child
// terminates, collects it. Besides its shell, its children are orphans:
// processes whose parent exited before them, which the kernel hands to init
// so that someone waits for them and their zombies disappear.

#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/wait.h>

static void show_motd(void) {
  char buf[256];
  int n;
  int fd = open("/etc/motd", O_RDONLY, 0);
  if (fd < 0) return;
  while ((n = read(fd, buf, sizeof(buf))) > 0) write(1, buf, n);
  close(fd);
}

static int start_shell(void) {
  char *argv[2];
  int pid = fork();
  if (pid < 0) {
    printf("init: fork failed\n");
    return -1;
  }
  if (pid == 0) {
    argv[0] = "sh";
    argv[1] = 0;
    execv("/bin/sh", argv);
    printf("init: cannot run /bin/sh\n");
    _exit(127);
  }
  return pid;
}

int main(void) {
  int shell;
  int pid;
  int status;
  if (open("/dev/console", O_RDWR, 0) != 0) return 1;
  dup(0);
  dup(0);
  show_motd();
  shell = start_shell();
  for (;;) {
    pid = wait(&status);
    if (pid < 0) {
      // No children at all (the shell could not be started): try again.
      shell = start_shell();
      if (shell < 0) sleep(1);
      continue;
    }
    if (pid == shell) {
      printf("init: the shell exited; starting a new one\n");
      shell = start_shell();
    }
  }
  return 0;
}
