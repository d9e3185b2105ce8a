// getdents after lseek on a directory (test/kernel/fs.test.ts). A directory's
// offsets are whole entries; an offset between two would make getdents
// copy half an entry and uninitialised kernel bytes, so lseek refuses it.
// Every byte getdents gives is checked: names end within their record and
// everything after the NUL but the type byte is zero.
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include "../../../kernel/include/syscall.h"

int __syscall(int number, int a, int b, int c, int d, int e);

#define ENTRY 32          // the kernel's struct dirent: ino + 28 name bytes

static unsigned char buf[1024];

// Check the records in buf[0..n); returns how many, or -1 on a bad byte.
static int check(int n) {
  int off = 0, count = 0;
  while (off < n) {
    int reclen = buf[off + 8] | buf[off + 9] << 8;
    int namelen = (int)strlen((char *)buf + off + 10);
    int i;
    if (reclen < 12 || off + reclen > n || 10 + namelen + 1 >= reclen) return -1;
    for (i = 10 + namelen; i < reclen - 1; i++) if (buf[off + i] != 0) return -1;
    off += reclen;
    count++;
  }
  return count;
}

int main(void) {
  int fd = open("/bin", O_RDONLY);
  int end = lseek(fd, 0, SEEK_END);
  int n, bad = 0, whole = 0, k;
  printf("size a multiple of entries: %d\n", end % ENTRY == 0);
  for (k = 1; k < 40; k++) {
    int r = lseek(fd, end - k, SEEK_SET);
    if (k % ENTRY == 0) {
      memset(buf, 0xAA, sizeof buf);
      n = __syscall(SYS_getdents, fd, (int)buf, sizeof buf, 0, 0);
      if (r != end - k || n <= 0 || check(n) != 1) bad++;
      whole++;
    } else if (r != -1 || errno != EINVAL) {
      bad++;
    }
  }
  printf("misaligned refused, whole entries read: %d bad, %d whole\n", bad, whole);
  printf("SEEK_CUR between entries: %d errno=%d\n", (int)lseek(fd, 3, SEEK_CUR), errno);
  memset(buf, 0xAA, sizeof buf);
  lseek(fd, 0, SEEK_SET);
  n = __syscall(SYS_getdents, fd, (int)buf, sizeof buf, 0, 0);
  printf("from the start: %s\n", n > 0 && check(n) > 0 ? "clean" : "dirty");
  printf("at the end: %d\n", (lseek(fd, end, SEEK_SET), __syscall(SYS_getdents, fd, (int)buf, sizeof buf, 0, 0)));
  return 0;
}
