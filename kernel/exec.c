// execve: replace the calling process's program.
//
// The new address space is built completely before anything of the old one
// is touched, so a failure (no such file, not an executable, no memory)
// returns an error to a caller that is still intact. Read-only segments
// (code) are mapped straight from the program file's ramfs pages, shared by
// every process running the program; writable segments (.data) get fresh
// pages with the file's bytes, and the rest of p_memsz (.bss) stays zero —
// the executable holds only its size. The stack starts as the pages that
// hold the arguments, below USER_TOP, laid out as Linux does:
//   esp -> argc, argv[0..argc-1], 0, envp[0..envc-1], 0, then the strings.
// A file that starts with "#!" is a script: its interpreter runs instead.

#include "types.h"
#include "defs.h"
#include "mmu.h"
#include "param.h"
#include "errno.h"
#include "elf.h"
#include "fs.h"
#include "proc.h"
#include "x86.h"

#define MAXPHNUM 16
#define MAXSHEBANG 128            // bytes of a script's "#!" line

static int exec_elf(struct inode *ip, const char *path, const char *exe, int argc, char **argv, int envc,
                    char **envp);

// What a loaded image looks like, before it is committed.
struct image {
  pde_t *pgdir;
  struct region code;
  struct region data;
  uint entry;
};

static void region_add(struct region *r, uint start, uint end) {
  if (r->end == 0) {
    r->start = start;
    r->end = end;
    return;
  }
  if (start < r->start) r->start = start;
  if (end > r->end) r->end = end;
}

// Map a read-only segment to the file's own pages. Needs the file offset and
// the address to agree modulo the page size (the linker aligns them) and no
// .bss part; otherwise the segment is copied like a writable one.
static int load_shared(pde_t *pgdir, struct inode *ip, struct proghdr *ph) {
  uint va;
  uint first_off = ph->off - (ph->vaddr & (PGSIZE - 1));   // file offset of the first page
  char *page;
  pte_t *pte;
  for (va = PGROUNDDOWN(ph->vaddr); va < ph->vaddr + ph->memsz; va += PGSIZE) {
    page = inode_page(ip, (first_off + (va - PGROUNDDOWN(ph->vaddr))) / PGSIZE, 1);
    if (!page) return -ENOMEM;
    pte = walkpgdir(pgdir, va, 1);
    if (!pte) return -ENOMEM;
    if (*pte & PTE_P) return -ENOEXEC;            // two segments in one page
    kref(page);
    *pte = V2P(page) | PTE_P | PTE_U;
  }
  return 0;
}

// Give a segment fresh zeroed pages and copy its file bytes in.
static int load_copy(pde_t *pgdir, struct inode *ip, struct proghdr *ph, int writable) {
  uint va;
  uint done = 0;
  uint chunk;
  char *dst;
  pte_t *pte;
  for (va = PGROUNDDOWN(ph->vaddr); va < ph->vaddr + ph->memsz; va += PGSIZE) {
    pte = walkpgdir(pgdir, va, 0);
    if (pte && (*pte & PTE_P)) return -ENOEXEC;   // two segments in one page
  }
  if (uvm_alloc(pgdir, ph->vaddr, ph->vaddr + ph->memsz) < 0) return -ENOMEM;
  while (done < ph->filesz) {
    va = ph->vaddr + done;
    chunk = PGSIZE - (va & (PGSIZE - 1));
    if (chunk > ph->filesz - done) chunk = ph->filesz - done;
    dst = uva2ka(pgdir, va, 1);
    if (!dst) return -ENOEXEC;
    if (readi(ip, 0, (uint)dst, ph->off + done, chunk) != (int)chunk) return -ENOEXEC;
    done += chunk;
  }
  if (!writable) {
    for (va = PGROUNDDOWN(ph->vaddr); va < ph->vaddr + ph->memsz; va += PGSIZE) {
      pte = walkpgdir(pgdir, va, 0);
      *pte = *pte & ~PTE_W;
    }
  }
  return 0;
}

// Check and load every PT_LOAD segment of the executable ip into img.
static int load_segments(struct inode *ip, struct image *img) {
  struct elfhdr eh;
  struct proghdr ph;
  uint i;
  int r;
  if (readi(ip, 0, (uint)&eh, 0, sizeof(eh)) != sizeof(eh)) return -ENOEXEC;
  if (eh.magic != ELF_MAGIC || eh.ident[0] != ELF_CLASS32 || eh.ident[1] != ELF_DATA2LSB || eh.type != ET_EXEC)
    return -ENOEXEC;
  if (eh.phentsize != sizeof(ph) || eh.phnum == 0 || eh.phnum > MAXPHNUM) return -ENOEXEC;
  for (i = 0; i < eh.phnum; i++) {
    if (readi(ip, 0, (uint)&ph, eh.phoff + i * sizeof(ph), sizeof(ph)) != sizeof(ph)) return -ENOEXEC;
    if (ph.type != PT_LOAD || ph.memsz == 0) continue;
    if (ph.filesz > ph.memsz || ph.vaddr < USER_BASE || ph.vaddr + ph.memsz < ph.vaddr ||
        ph.vaddr + ph.memsz > GUARD_LOW || ph.off + ph.filesz < ph.off || ph.off + ph.filesz > ip->size)
      return -ENOEXEC;
    if (ph.flags & PF_W) {
      r = load_copy(img->pgdir, ip, &ph, 1);
      region_add(&img->data, ph.vaddr, ph.vaddr + ph.memsz);
    } else {
      if ((ph.off & (PGSIZE - 1)) == (ph.vaddr & (PGSIZE - 1)) && ph.filesz == ph.memsz)
        r = load_shared(img->pgdir, ip, &ph);
      else
        r = load_copy(img->pgdir, ip, &ph, 0);
      region_add(&img->code, ph.vaddr, ph.vaddr + ph.memsz);
    }
    if (r < 0) return r;
  }
  if (img->code.end == 0 || eh.entry < img->code.start || eh.entry >= img->code.end) return -ENOEXEC;
  img->entry = eh.entry;
  return 0;
}

// Build the initial stack in pgdir: sets *esp and *low (its lowest mapped
// page); returns 0 or -errno.
static int build_stack(pde_t *pgdir, int argc, char **argv, int envc, char **envp, uint *esp, uint *plow) {
  uint ptrs[2 * MAXARG + 3];
  uint total = 0;
  uint sp = USER_TOP;
  uint len;
  uint low;
  int i;
  int k = 0;
  for (i = 0; i < argc; i++) total += strlen(argv[i]) + 1;
  for (i = 0; i < envc; i++) total += strlen(envp[i]) + 1;
  total = ((total + 3) & ~3) + 4 * (argc + envc + 3);
  low = PGROUNDDOWN(USER_TOP - total);
  if (uvm_alloc(pgdir, low, USER_TOP) < 0) return -ENOMEM;
  // Strings first (envp then argv), high to low.
  ptrs[k++] = (uint)argc;
  for (i = 0; i < envc; i++) {
    len = strlen(envp[i]) + 1;
    sp -= len;
    if (copyout(pgdir, sp, envp[i], len) < 0) return -ENOMEM;
    ptrs[1 + argc + 1 + i] = sp;
  }
  for (i = 0; i < argc; i++) {
    len = strlen(argv[i]) + 1;
    sp -= len;
    if (copyout(pgdir, sp, argv[i], len) < 0) return -ENOMEM;
    ptrs[1 + i] = sp;
  }
  ptrs[1 + argc] = 0;
  ptrs[1 + argc + 1 + envc] = 0;
  sp &= ~3;
  sp -= 4 * (argc + envc + 3);
  if (copyout(pgdir, sp, ptrs, 4 * (argc + envc + 3)) < 0) return -ENOMEM;
  *esp = sp;
  *plow = low;
  return 0;
}

// The executable file at path, or 0 and *err.
static struct inode *exec_file(const char *path, int *err) {
  struct inode *ip = namei(path, err);
  if (!ip) return 0;
  if (ip->type != T_FILE) {
    iput(ip);
    *err = -EACCES;
    return 0;
  }
  return ip;
}

// Does the file start with "#!"? Then line holds its first line (NUL
// instead of the newline) and the result is 1; 0 if not, -ENOEXEC when
// the line is longer than MAXSHEBANG.
static int read_shebang(struct inode *ip, char *line) {
  int n = readi(ip, 0, (uint)line, 0, MAXSHEBANG);
  int i;
  if (n < 2 || line[0] != '#' || line[1] != '!') return 0;
  for (i = 2; i < n && line[i] != '\n'; i++)
    ;
  if (i == n && n == MAXSHEBANG) return -ENOEXEC;
  line[i] = 0;
  return 1;
}

// Run a script: its first line "#!INTERP [ARG]" names the interpreter,
// which gets argv INTERP [ARG] PATH argv[1..] (as Linux gives it). The
// interpreter must be a program, not another script.
static int exec_script(char *line, const char *path, int argc, char **argv, int envc, char **envp) {
  char *nargv[MAXARG + 1];
  char *interp = line + 2;
  char *arg = 0;
  char *p;
  struct inode *ip;
  int nargc = 0;
  int err = 0;
  int i;
  while (*interp == ' ' || *interp == '\t') interp++;
  for (p = interp; *p && *p != ' ' && *p != '\t'; p++)
    ;
  if (*p) {
    *p++ = 0;
    while (*p == ' ' || *p == '\t') p++;
    if (*p) arg = p;
    for (p = p + strlen(p); p > arg && (p[-1] == ' ' || p[-1] == '\t'); p--) p[-1] = 0;
  }
  if (*interp == 0) return -ENOEXEC;
  if (argc + 1 + (arg != 0) > MAXARG) return -E2BIG;
  nargv[nargc++] = interp;
  if (arg) nargv[nargc++] = arg;
  nargv[nargc++] = (char *)path;
  for (i = 1; i < argc; i++) nargv[nargc++] = argv[i];
  nargv[nargc] = 0;
  ip = exec_file(interp, &err);
  if (!ip) return err;
  return exec_elf(ip, path, interp, nargc, nargv, envc, envp);
}

// Replace the current process's image with the program (or #! script) at
// path. On success the trap frame is set to start it (the system call
// "returns" into the new program); on failure nothing of the caller changed.
int exec_image(const char *path, int argc, char **argv, int envc, char **envp) {
  char line[MAXSHEBANG + 1];
  struct inode *ip;
  int err = 0;
  int r;
  ip = exec_file(path, &err);
  if (!ip) return err;
  r = read_shebang(ip, line);
  if (r != 0) {
    iput(ip);
    return r < 0 ? r : exec_script(line, path, argc, argv, envc, envp);
  }
  return exec_elf(ip, path, path, argc, argv, envc, envp);
}

// Load the ELF executable ip (a reference the call takes over) and commit
// to it; the process is named after path, its exe_path is exe.
static int exec_elf(struct inode *ip, const char *path, const char *exe, int argc, char **argv, int envc,
                    char **envp) {
  struct image img;
  struct trapframe *tf;
  pde_t *old;
  uint sp = 0;
  uint stack_low = 0;
  int r;
  memset(&img, 0, sizeof(img));
  img.pgdir = uvm_create();
  if (!img.pgdir) {
    iput(ip);
    return -ENOMEM;
  }
  r = load_segments(ip, &img);
  iput(ip);
  if (r < 0) {
    uvm_free(img.pgdir);
    return r;
  }
  r = build_stack(img.pgdir, argc, argv, envc, envp, &sp, &stack_low);
  if (r < 0) {
    uvm_free(img.pgdir);
    return r;
  }

  // Commit: from here on nothing can fail. The other threads of the
  // process end here (POSIX: exec leaves only the calling thread).
  kill_other_threads(curproc, curthread);
  old = curproc->pgdir;
  curproc->pgdir = img.pgdir;
  curproc->code = img.code;
  curproc->data = img.data;
  curproc->heap_start = img.data.end ? img.data.end : PGROUNDUP(img.code.end);
  curproc->brk = curproc->heap_start;
  curproc->stack_low = stack_low;
  set_proc_name(curproc, path);
  set_proc_cmdline(curproc, argc, argv);
  signal_exec_reset(curproc);
  safestrcpy(curproc->exe_path, exe, sizeof(curproc->exe_path));
  tf = curthread->tf;
  memset(tf, 0, sizeof(struct trapframe));
  tf->cs = SEL_UCODE;
  tf->ss = SEL_UDATA;
  tf->eflags = FL_IF | 2;
  tf->eip = img.entry;
  tf->esp = sp;
  lcr3(proc_cr3(curproc));
  tlb_flush_pcid(proc_pcid(curproc));  // the old image's entries carry the same PCID
  if (old) uvm_free(old);
  trace(TR_EXEC, curproc->pid, (uint)curproc->exe_path, 0);
  return 0;
}
