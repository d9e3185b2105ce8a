// Kernel trace events: the ONE table of codes the kernel writes to the trace
// port and the host decodes (vm/host reads the `#define TR_name number` and
// `#define PSTATE_name number` lines of this file).
//
// An event is `out 0xf0, eax` with eax = code and ebx, ecx, edx = arguments;
// the core records it (with eip and the cycle count) when tracing is on.
// The argument meanings are written after each code.

#ifndef GLASSBOX_TRACE_H
#define GLASSBOX_TRACE_H

#define TR_BOOT 1            // (mem_bytes, ramfs files, quantum): kernel initialised, about to start init
#define TR_FORK 2            // (parent pid, child pid)
#define TR_EXEC 3            // (pid, path: kernel virtual address of the NUL-terminated path)
#define TR_EXIT 4            // (pid, wait status as waitpid reports it)
#define TR_WAIT 5            // (pid, pid waited for or -1): a parent starts waiting
#define TR_REAP 6            // (parent pid, child pid, wait status): a zombie is removed from the table
#define TR_STATE 7           // (tid, old state, new state) of a thread: see PSTATE_* below (tid = pid for a process's first thread)
#define TR_SIGNAL 8          // (pid, signal number, sender pid or 0 for the kernel)
#define TR_FAULT 9           // (pid, vector, address (cr2 for page faults, else eip))
#define TR_PANIC 10          // (message: kernel virtual address)
#define TR_REPARENT 11       // (orphan pid, old parent pid, new parent pid = 1)
#define TR_SYSCALL 12        // (pid, number, first argument): only when syscall tracing is on
#define TR_THREAD 13         // (pid, new tid): clone made a thread in the process
#define TR_THREAD_EXIT 14    // (pid, tid, exit value): a thread (not the last) exited

// The seven steps of a context switch, in order (see kernel/swtch.s and
// kernel/proc.c; each has a global symbol ctxsw_N_... at its instruction).
// They name threads by tid, which is the pid for a process's first thread.
#define TR_CS_INTERRUPT 21   // 1 (tid, interrupted eip): timer interrupt taken
#define TR_CS_SAVE 22        // 2 (tid, trap frame address): current state saved
#define TR_CS_ENQUEUE 23     // 3 (tid, ready-queue length): current put on the ready queue
#define TR_CS_PICK 24        // 4 (next tid, previous tid): scheduler picks the next
#define TR_CS_RESTORE 25     // 5 (next tid, its saved kernel esp): its state restored
#define TR_CS_CR3 26         // 6 (next tid, new cr3, 1 = written / 0 = same address space, skipped)
#define TR_CS_RESUME 27      // 7 (tid, user eip): execution resumed (iret)

// Process states (the article's five, plus a free slot).
#define PSTATE_UNUSED 0
#define PSTATE_NEW 1
#define PSTATE_READY 2
#define PSTATE_RUNNING 3
#define PSTATE_WAITING 4
#define PSTATE_ZOMBIE 5      // Terminated: exit status kept until the parent waits

#endif
