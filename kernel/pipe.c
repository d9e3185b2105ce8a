// Pipes: a one-way byte channel between processes, as `ls | cat` uses.
//
// A pipe is a ring buffer in one page with two ends, each an open file:
// writes go in at nwrite, reads come out at nread (both count bytes ever
// moved, so nwrite - nread is how much is buffered). A reader waits while
// the pipe is empty and a writer is left; with no writer left it reads end
// of file. A writer waits while the pipe is full; with no reader left it
// gets -EPIPE and a SIGPIPE, as on Unix.

#include "types.h"
#include "defs.h"
#include "mmu.h"
#include "errno.h"
#include "abi.h"
#include "fs.h"
#include "proc.h"

#define PIPESIZE (PGSIZE - 4 * sizeof(uint))

struct pipe {
  uint nread;                // bytes read so far
  uint nwrite;               // bytes written so far
  int readopen;              // the read end is still open
  int writeopen;             // the write end is still open
  char data[PIPESIZE];
};

// Make a pipe and its two open files. 0, or -ENFILE / -ENOMEM.
int pipe_alloc(struct file **rf, struct file **wf) {
  struct pipe *p;
  *rf = filealloc();
  if (!*rf) return -ENFILE;
  *wf = filealloc();
  if (!*wf) {
    fileclose(*rf);
    return -ENFILE;
  }
  p = (struct pipe *)kalloc_raw();
  if (!p) {
    fileclose(*rf);
    fileclose(*wf);
    return -ENOMEM;
  }
  p->nread = 0;
  p->nwrite = 0;
  p->readopen = 1;
  p->writeopen = 1;
  (*rf)->type = FD_PIPE;
  (*rf)->readable = 1;
  (*rf)->pipe = p;
  (*wf)->type = FD_PIPE;
  (*wf)->writable = 1;
  (*wf)->pipe = p;
  return 0;
}

// One end was closed for good; the pipe goes when both are.
void pipe_close(struct pipe *p, int writable) {
  if (writable) {
    p->writeopen = 0;
    wakeup(&p->nread);
  } else {
    p->readopen = 0;
    wakeup(&p->nwrite);
  }
  if (!p->readopen && !p->writeopen) kfree((char *)p);
}

// Write n bytes from user memory at src; blocks while the pipe is full.
int pipe_write(struct pipe *p, uint src, uint n) {
  uint done = 0;
  uint chunk;
  uint at;
  int r;
  while (done < n) {
    if (!p->readopen) {
      send_signal(curproc, SIGPIPE, 0);
      return done > 0 ? (int)done : -EPIPE;
    }
    if (p->nwrite - p->nread == PIPESIZE) {
      wakeup(&p->nread);
      r = sleep_on(&p->nwrite);
      if (r < 0) return done > 0 ? (int)done : r;
      continue;
    }
    at = p->nwrite % PIPESIZE;
    chunk = PIPESIZE - (p->nwrite - p->nread);           // free space
    if (chunk > PIPESIZE - at) chunk = PIPESIZE - at;    // up to the end of the ring
    if (chunk > n - done) chunk = n - done;
    if (copyin(curproc->pgdir, p->data + at, src + done, chunk) < 0) return done > 0 ? (int)done : -EFAULT;
    p->nwrite += chunk;
    done += chunk;
  }
  wakeup(&p->nread);
  return done;
}

// Read up to n bytes into user memory at dst; blocks while the pipe is empty
// and a writer remains. 0 is end of file.
int pipe_read(struct pipe *p, uint dst, uint n) {
  uint done = 0;
  uint chunk;
  uint at;
  int r;
  while (p->nread == p->nwrite && p->writeopen) {
    r = sleep_on(&p->nread);
    if (r < 0) return r;
  }
  while (done < n && p->nread != p->nwrite) {
    at = p->nread % PIPESIZE;
    chunk = p->nwrite - p->nread;
    if (chunk > PIPESIZE - at) chunk = PIPESIZE - at;
    if (chunk > n - done) chunk = n - done;
    if (copyout(curproc->pgdir, dst + done, p->data + at, chunk) < 0) return done > 0 ? (int)done : -EFAULT;
    p->nread += chunk;
    done += chunk;
  }
  wakeup(&p->nwrite);
  return done;
}
