// Every kernel function other files call, grouped by the file that defines it.
#ifndef GLASSBOX_DEFS_H
#define GLASSBOX_DEFS_H

#include "types.h"

struct trapframe;
struct context;
struct thread;
struct proc;
struct inode;
struct file;
struct stat;
struct gb_procinfo;
struct pipe;

// string.c
void *memset(void *dst, int c, uint n);
void *memmove(void *dst, const void *src, uint n);
void *memcpy(void *dst, const void *src, uint n);
int memcmp(const void *a, const void *b, uint n);
uint strlen(const char *s);
int strncmp(const char *p, const char *q, uint n);
int strcmp(const char *p, const char *q);
char *safestrcpy(char *dst, const char *src, int n);

// printf.c
void kprintf(const char *fmt, ...);
void backtrace(uint ebp);
void print_trapframe(struct trapframe *tf);
void panic(const char *reason);
void panic_tf(const char *reason, struct trapframe *tf);

// console.c
void console_init(void);
void console_putc(int c);
void console_intr(void);
int console_read(uint dst, uint n);
int console_write(uint src, uint n);
int console_get_fg(void);
void console_set_fg(int pgid);
void console_notice_begin(void);
void console_notice_end(void);
struct termios;
void console_get_modes(struct termios *t);
void console_set_modes(const struct termios *t, int flush);
void console_default_modes(struct termios *t);
int console_pending(void);

// install.c
void install_intr(void);

// kalloc.c
extern uint free_pages;
void kinit(uint reserved_end, uint mem_bytes);
char *kalloc(void);
char *kalloc_raw(void);
void kref(char *v);
void kfree(char *v);
int krefcount(char *v);
uint kalloc_total(void);
uint kalloc_shared(void);

// memory.s (with memset and memmove above)
uint *next_present(uint *entry, uint *end);

// vm.c
extern uint *kpgdir;
extern int tlb_global;
extern int tlb_pcid;
void kvm_init(uint mem_bytes);
uint cr3_for(uint *pgdir, uint pcid);
int pgdir_current(uint *pgdir);
void tlb_flush_current(void);
void tlb_flush_pcid(uint pcid);
uint *walkpgdir(uint *pgdir, uint va, int alloc);
int mappage(uint *pgdir, uint va, uint pa, uint perm);
uint *uvm_create(void);
int uvm_alloc(uint *pgdir, uint start, uint end);
void uvm_dealloc(uint *pgdir, uint start, uint end);
void uvm_clear(uint *pgdir);
void uvm_free(uint *pgdir);
uint *uvm_copy(uint *pgdir);
int uvm_cow(uint *pgdir, uint va);
uint uvm_resident(uint *pgdir, uint start, uint end);
char *uva2ka(uint *pgdir, uint va, int write);
int copyout(uint *pgdir, uint va, const void *src, uint n);
int copyin(uint *pgdir, void *dst, uint va, uint n);
int fetchstr(uint *pgdir, uint va, char *dst, int max);
int uaccess_ok(uint *pgdir, uint va, uint n, int write);

// trap.c
void idt_init(void);
void tss_init(void);
void tss_set_esp0(uint esp0);
void trap(struct trapframe *tf);

// swtch.s
void swtch(struct context **old, struct context *new, uint cr3, uint tid);

// proc.c
extern uint timer_quantum;
extern int ctxsw_resume_pending;
void set_state(struct thread *t, int state);
void ctxsw_3_enqueue(struct thread *t);
struct thread *ctxsw_4_pick_next(void);
void make_ready(struct thread *t);
void timer_tick(void);
void sched(void);
void yield(void);
int sleep_on(void *chan);
void wakeup(void *chan);
int sleep_ticks(uint n);
struct proc *alloc_proc(void);
uint proc_pcid(struct proc *p);
uint proc_cr3(struct proc *p);
struct proc *find_proc(int pid);
void set_proc_name(struct proc *p, const char *path);
void set_proc_cmdline(struct proc *p, int argc, char **argv);
int proc_count(void);
void start_init(const char *path);
int fork(void);
void exit_proc(int wstatus);
int wait_child(int pid, uint ustatus, int options, uint urusage);
int proc_info(int index, struct gb_procinfo *out);
void proc_cputime(uint *lohi);
void kill_other_threads(struct proc *p, struct thread *keep);
int thread_create(uint stack);
void thread_exit(int value);
int thread_join(int tid, uint uvalue);

// signal.c
int signal_pending(struct proc *p);
void send_signal(struct proc *p, int sig, int sender);
void fault_signal(struct proc *p, int sig);
int signal_group(int pgid, int sig);
int signal_would_stop(struct proc *p, int sig);
void proc_continue(struct proc *p);
int kill(int pid, int sig);
void signal_deliver(struct trapframe *tf);
void signal_exec_reset(struct proc *p);

// exec.c
int exec_image(const char *path, int argc, char **argv, int envc, char **envp);

// syscall.c
extern int syscall_trace;
void syscall_init(void);
void syscall(struct trapframe *tf);
int argint(int n);
uint arguint(int n);
int argstr(int n, char *buf, int max);

// sysproc.c, sysfile.c: the system calls
int sys_exit(void);
int sys_exit_group(void);
int sys_clone(void);
int sys_gettid(void);
int sys_gb_thread_join(void);
int sys_fork(void);
int sys_execve(void);
int sys_waitpid(void);
int sys_wait4(void);
int sys_kill(void);
int sys_signal(void);
int sys_sigreturn(void);
int sys_sigaction(void);
int sys_sigprocmask(void);
int sys_getpid(void);
int sys_getppid(void);
int sys_getpgrp(void);
int sys_setpgid(void);
int sys_brk(void);
int sys_sched_yield(void);
int sys_nanosleep(void);
int sys_gb_procinfo(void);
int sys_gb_regions(void);
int sys_gb_cycles(void);
int sys_time(void);
int sys_clock_gettime(void);
int sys_futex(void);
// lab.c
int sys_gb_counters(void);
int sys_gb_flushcost(void);
int sys_read(void);
int sys_write(void);
int sys_open(void);
int sys_close(void);
int sys_dup(void);
int sys_pipe(void);
int sys_dup2(void);
int sys_lseek(void);
int sys_fstat(void);
int sys_stat(void);
int sys_getdents(void);
int sys_mkdir(void);
int sys_unlink(void);
int sys_rmdir(void);
int sys_chdir(void);
int sys_getcwd(void);
int sys_ioctl(void);
int sys_rename(void);
int sys_utime(void);
int sys_sysinfo(void);
int sys_gb_trace_start(void);
int sys_gb_trace_read(void);

// file.c
struct file *filealloc(void);
struct file *filedup(struct file *f);
void fileclose(struct file *f);
int fileread(struct file *f, uint dst, uint n);
int filewrite(struct file *f, uint src, uint n);
void stati(struct inode *ip, struct stat *st);
void stat_pipe(struct stat *st);
struct file *fd_file(int fd);
int fd_alloc(struct file *f);

// pipe.c
int pipe_alloc(struct file **rf, struct file **wf);
void pipe_close(struct pipe *p, int writable);
int pipe_write(struct pipe *p, uint src, uint n);
int pipe_read(struct pipe *p, uint dst, uint n);

// ramfs.c
extern struct inode *rootdir;
extern uint ramfs_pages;
extern uint ramfs_limit;
void ramfs_init(void);
struct inode *ialloc(int type);
struct inode *inode_by_number(uint ino);
struct inode *idup(struct inode *ip);
void iput(struct inode *ip);
void itrunc(struct inode *ip);
char *inode_page(struct inode *ip, uint index, int alloc);
int readi(struct inode *ip, int user, uint dst, uint off, uint n);
int writei(struct inode *ip, int user, uint src, uint off, uint n);
struct inode *dirlookup(struct inode *dp, const char *name, uint *poff);
int dirlink(struct inode *dp, const char *name, struct inode *ip);
int dir_is_empty(struct inode *dp);
void dirclear(struct inode *dp, uint off);
int dir_is_removed(struct inode *dp);
void dir_remove_dots(struct inode *dp, struct inode *parent);
int rename_in(struct inode *dp1, const char *name1, struct inode *dp2, const char *name2);
struct inode *namei(const char *path, int *err);
struct inode *nameiparent(const char *path, char *name, int *err);
struct inode *create(const char *path, int type, int major, int *err);
int dir_path(struct inode *dp, char *buf, uint n);

// cpio.c
int cpio_unpack(const char *start, uint size);

// systrace.c
extern uint trace_dropped;
void systrace_enter(uint num, struct trapframe *tf);
void systrace_leave(int result);
void systrace_string(int arg, const char *s);
void systrace_buffer(int arg, uint va, int n);
void systrace_exit(struct proc *p, int wstatus);
void systrace_stop(void);
int systrace_inherit(struct proc *parent);

// time.c
struct timespec;
void cycles_to_timespec(uint *lohi, struct timespec *ts);
void seconds_to_cycles(uint sec, uint *lohi);

#endif
