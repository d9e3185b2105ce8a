// Kernel trace events: the ONE description of each event the kernel writes
// to the trace port. The kernel's C code uses the TR_ codes; the host reads
// this file (vm/host/event-schema.ts) and derives from it every text the
// event shows: the `glassbox run --trace` line, the web event log, the
// context-switch view. To add an event, add its line here and emit it.
//
// An event is `out 0xf0, eax` with eax = code and ebx, ecx, edx = arguments;
// the core records it (with eip and the cycle count) when tracing is on.
//
// Each TR_ line's comment describes its event, in this order:
//
//   category (arg: kind, ...) "text" [detail arg] [step N "title" at symbol] [-- remark]
//
//   category  where the event log files it: process, state, interrupt,
//             exception, syscall, switch, tlb, machine
//   args      ebx, ecx, edx in order, each with the kind that says how it is
//             shown (vm/host/event-kinds.ts):
//               pid, tid   a process or thread id (the log links the event to
//                          its first pid or tid)
//               int, count a signed or an unsigned number
//               addr, hex  0x%08x, 0x%x
//               mib        a byte count shown as "N MiB"
//               string     kernel address of a NUL-terminated string: the string
//               state      a PSTATE_ below, by the article's name
//               syscall    a system call number, by its syscall.h name
//               status     a wait status: "exited with status N", "killed by signal N"
//               signal     a signal number
//               vector     an interrupt vector, by name (#PF page fault)
//               child      a pid waited for: "pid N", or -1 = "any child"
//               sender     a pid that sent a signal: "pid N", or 0 = "the kernel"
//               flag       1 or 0, for a text that depends on it (below)
//   "text"    the event in words: {arg} is the argument as its kind shows it;
//             {arg ? yes : no} is the text yes when arg is not 0, else no
//   detail    the argument the views pick up (exec's path, fork's child)
//   step      one of the article's seven context-switch steps: its number,
//             its title and the kernel symbol where its code starts; the
//             text is then prefixed with "switch N/7 title: "
//   -- remark for people only

#ifndef GLASSBOX_TRACE_H
#define GLASSBOX_TRACE_H

#define TR_BOOT 1            // machine (mem: mib, files: int, quantum: count) "kernel booted: {mem}, {files} files, quantum {quantum} cycles" -- about to start init
#define TR_FORK 2            // process (parent: pid, child: pid) "fork: pid {parent} created child {child}" detail child
#define TR_EXEC 3            // process (pid: pid, path: string) "exec: pid {pid} runs {path}" detail path
#define TR_EXIT 4            // process (pid: pid, status: status) "exit: pid {pid} {status}"
#define TR_WAIT 5            // process (pid: pid, for: child) "wait: pid {pid} waits for {for}" -- a parent starts waiting
#define TR_REAP 6            // process (parent: pid, child: pid, status: status) "reap: pid {parent} collects zombie {child} ({status})" detail child
#define TR_STATE 7           // state (tid: tid, from: state, to: state) "tid {tid}: {from} -> {to}" detail to
#define TR_SIGNAL 8          // process (pid: pid, signal: signal, sender: sender) "signal {signal} to pid {pid} from {sender}"
#define TR_FAULT 9           // exception (pid: pid, vector: vector, address: addr) "fault: pid {pid} {vector} at {address}" -- address: cr2 for page faults, else eip
#define TR_PANIC 10          // machine (message: string) "kernel panic: {message}" detail message
#define TR_REPARENT 11       // process (orphan: pid, parent: pid, init: pid) "orphan: pid {orphan} lost parent {parent}, adopted by init (pid {init})"
#define TR_SYSCALL 12        // syscall (pid: pid, number: syscall, arg: hex) "pid {pid} syscall {number}({arg})" detail number -- only when syscall tracing is on
#define TR_THREAD 13         // process (pid: pid, tid: tid) "clone: pid {pid} started thread {tid}" detail tid
#define TR_THREAD_EXIT 14    // process (pid: pid, tid: tid, value: int) "thread {tid} of pid {pid} exited (value {value})" detail tid -- not the last thread
#define TR_INSTALL 15        // machine (path: string, size: count, ino: int) "install: {path} ({size} bytes)" detail path -- the host file channel put a file in /bin (install.c)

// The seven steps of a context switch, in order (see kernel/swtch.s and
// kernel/proc.c). They name threads by tid, which is the pid for a
// process's first thread.
#define TR_CS_INTERRUPT 21   // switch (tid: tid, eip: addr) "tid {tid} interrupted at {eip}" step 1 "timer interrupt" at ctxsw_1_interrupt
#define TR_CS_SAVE 22        // switch (tid: tid, frame: addr) "tid {tid} registers saved in trap frame {frame}" step 2 "save current state" at ctxsw_2_save
#define TR_CS_ENQUEUE 23     // switch (tid: tid, length: count) "tid {tid} at the back (queue length {length})" step 3 "current → ready queue" at ctxsw_3_enqueue
#define TR_CS_PICK 24        // switch (next: tid, previous: tid) "tid {next} picked (was tid {previous})" step 4 "scheduler picks next" at ctxsw_4_pick_next
#define TR_CS_RESTORE 25     // switch (next: tid, esp: addr) "tid {next} kernel stack {esp}" step 5 "restore next state" at ctxsw_5_restore
#define TR_CS_CR3 26         // switch (next: tid, cr3: addr, written: flag) "tid {next} {written ? cr3 <- {cr3} : same address space, no CR3 write}" step 6 "switch page table → TLB flush" at ctxsw_6_page_table
#define TR_CS_RESUME 27      // switch (tid: tid, eip: addr) "tid {tid} resumes at {eip}" step 7 "resume execution" at ctxsw_7_resume

// Process states (the article's five, a free slot, and Stopped for job control).
#define PSTATE_UNUSED 0
#define PSTATE_NEW 1
#define PSTATE_READY 2
#define PSTATE_RUNNING 3
#define PSTATE_WAITING 4
#define PSTATE_ZOMBIE 5      // Terminated: exit status kept until the parent waits
#define PSTATE_STOPPED 6     // stopped by SIGTSTP/SIGSTOP/SIGTTIN until SIGCONT (ps STAT T)

#endif
