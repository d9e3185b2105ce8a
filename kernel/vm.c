// Virtual memory: the kernel's mapping of RAM and each process's page tables.
//
// Every page directory maps all of RAM at KERNBASE (0xC0000000) as
// supervisor-only, writable, global pages; the page tables for that part are
// built once at boot and shared by every directory, so a CR3 write never
// drops kernel TLB entries (CR4.PGE). Below KERNBASE each process has its own
// user mappings: code read-only, everything else read-write (or read-only
// and copy-on-write after a fork), page 0 never.
//
// The kernel never dereferences a user pointer. copyin/copyout/fetchstr
// translate user addresses through the process's page tables, checking
// presence, the user bit and (for writes) the write bit on every page, so a
// bad pointer gives -EFAULT instead of a kernel fault.

#include "types.h"
#include "defs.h"
#include "mmu.h"
#include "param.h"
#include "errno.h"
#include "x86.h"

pde_t *kpgdir;              // the kernel-only directory used at boot and as the template
static uint kmapped_bytes;  // RAM mapped at KERNBASE

// How the kernel uses the TLB, chosen on the boot command line (the lab's
// experiments): tlb_global = 0 (global_pages=off) maps the kernel without G,
// so every CR3 write drops the kernel's entries too; tlb_pcid = 1 (pcid=on)
// gives every address space its own PCID (CR4.PCIDE), so a switch writes
// CR3 without a flush and the other space's entries stay for its return.
int tlb_global = 1;
int tlb_pcid = 0;

// Map all of RAM at KERNBASE, switch to it, and enable global pages (and
// PCIDs) as chosen.
void kvm_init(uint mem_bytes) {
  uint pa;
  pte_t *pt = 0;
  kpgdir = (pde_t *)kalloc();
  if (!kpgdir) panic("kvm_init: out of memory");
  if (mem_bytes > MAXPHYS) mem_bytes = MAXPHYS;
  kmapped_bytes = mem_bytes;
  for (pa = 0; pa < mem_bytes; pa += PGSIZE) {
    if ((pa & 0x3FFFFF) == 0) {
      pt = (pte_t *)kalloc();
      if (!pt) panic("kvm_init: out of memory for page tables");
      kpgdir[PDX(KERNBASE + pa)] = V2P(pt) | PTE_P | PTE_W;
    }
    pt[PTX(KERNBASE + pa)] = pa | PTE_P | PTE_W | (tlb_global ? PTE_G : 0);
  }
  lcr4(rcr4() | (tlb_global ? CR4_PGE : 0) | (tlb_pcid ? CR4_PCIDE : 0));
  lcr3(V2P(kpgdir));
}

// The cr3 value that makes pgdir current, tagged with pcid when PCIDs are on.
uint cr3_for(pde_t *pgdir, uint pcid) {
  if (tlb_pcid && (pcid == 0 || pcid > 0xFFF)) panic("cr3_for: bad PCID");
  return V2P(pgdir) | (tlb_pcid ? pcid : 0);
}

// Is pgdir the page directory in use (whatever PCID tags it)?
int pgdir_current(pde_t *pgdir) {
  return V2P(pgdir) == PTE_ADDR(rcr3());
}

// Drop the current address space's non-global TLB entries. Without PCIDs a
// CR3 reload does it; with them a CR3 write keeps every entry (this machine
// has no bit 63 to ask otherwise), so the PCID's entries go by INVPCID.
void tlb_flush_current(void) {
  if (tlb_pcid) invpcid_context(rcr3() & 0xFFF);
  else lcr3(rcr3());
}

// A PCID about to tag a new address space may still tag the entries of the
// one it tagged before (an exited process's, or the image exec replaced).
void tlb_flush_pcid(uint pcid) {
  if (tlb_pcid) invpcid_context(pcid);
}

// The PTE for va in pgdir, creating its page table when alloc is set.
// Returns 0 if there is none (or no memory for one).
pte_t *walkpgdir(pde_t *pgdir, uint va, int alloc) {
  pde_t *pde = &pgdir[PDX(va)];
  pte_t *pt;
  if (*pde & PTE_P) {
    pt = (pte_t *)P2V(PTE_ADDR(*pde));
  } else {
    if (!alloc) return 0;
    pt = (pte_t *)kalloc();
    if (!pt) return 0;
    *pde = V2P(pt) | PTE_P | PTE_W | PTE_U;
  }
  return &pt[PTX(va)];
}

// Map the page at va to physical pa with perm. Returns 0, or -ENOMEM.
int mappage(pde_t *pgdir, uint va, uint pa, uint perm) {
  pte_t *pte = walkpgdir(pgdir, va, 1);
  if (!pte) return -ENOMEM;
  if (*pte & PTE_P) panic("mappage: already mapped");
  *pte = pa | perm | PTE_P;
  return 0;
}

// A new directory with the kernel part filled in and no user mappings.
pde_t *uvm_create(void) {
  pde_t *pgdir = (pde_t *)kalloc();
  if (!pgdir) return 0;
  memmove(&pgdir[PDX(KERNBASE)], &kpgdir[PDX(KERNBASE)], (1024 - PDX(KERNBASE)) * sizeof(pde_t));
  return pgdir;
}

// Give zeroed read-write user pages to every unmapped page of [start, end).
int uvm_alloc(pde_t *pgdir, uint start, uint end) {
  uint va;
  pte_t *pte;
  char *mem;
  for (va = PGROUNDDOWN(start); va < end; va += PGSIZE) {
    pte = walkpgdir(pgdir, va, 1);
    if (!pte) return -ENOMEM;
    if (*pte & PTE_P) continue;
    mem = kalloc();
    if (!mem) return -ENOMEM;
    *pte = V2P(mem) | PTE_P | PTE_W | PTE_U;
  }
  return 0;
}

// Unmap and release the pages of [start, end) (page-aligned). Invalidates
// their TLB entries when pgdir is the one in use.
void uvm_dealloc(pde_t *pgdir, uint start, uint end) {
  uint va;
  pte_t *pte;
  int current = pgdir_current(pgdir);
  for (va = start; va < end; va += PGSIZE) {
    pte = walkpgdir(pgdir, va, 0);
    if (!pte) {
      va = (va & ~0x3FFFFF) + 0x400000 - PGSIZE; // no page table: skip its 4 MiB
      continue;
    }
    if (*pte & PTE_P) {
      kfree((char *)P2V(PTE_ADDR(*pte)));
      *pte = 0;
      if (current) invlpg(va);
    }
  }
}

// Release every user page and page table, keeping the directory itself (a
// zombie's directory may still be loaded in CR3 until the switch away).
void uvm_clear(pde_t *pgdir) {
  pde_t *pde;
  pte_t *pte;
  pte_t *pt;
  pde_t *user_end = pgdir + PDX(KERNBASE);
  for (pde = next_present(pgdir, user_end); pde < user_end; pde = next_present(pde + 1, user_end)) {
    pt = (pte_t *)P2V(PTE_ADDR(*pde));
    for (pte = next_present(pt, pt + 1024); pte < pt + 1024; pte = next_present(pte + 1, pt + 1024))
      kfree((char *)P2V(PTE_ADDR(*pte)));
    kfree((char *)pt);
    *pde = 0;
  }
}

void uvm_free(pde_t *pgdir) {
  uvm_clear(pgdir);
  kfree((char *)pgdir);
}

// A copy of pgdir's user part for fork. Nothing is copied: every page is
// shared, with one more reference on its frame. Read-only pages (code) stay
// read-only for good; writable pages become read-only in both directories
// with the PTE_COW mark, and the first write to one (a page fault, or the
// kernel's copyout) gives the writer its own copy (uvm_cow). The parent's
// PTEs changed, so its TLB entries are flushed (CR3 reload) when pgdir is the
// one in use. Returns 0 when memory runs out (nothing leaks).
pde_t *uvm_copy(pde_t *pgdir) {
  pde_t *copy = uvm_create();
  pde_t *pde;
  pte_t *pte;
  pte_t *pt;
  pde_t *user_end = pgdir + PDX(KERNBASE);
  char *page;
  uint va;
  int changed = 0;
  if (!copy) return 0;
  for (pde = next_present(pgdir, user_end); pde < user_end; pde = next_present(pde + 1, user_end)) {
    pt = (pte_t *)P2V(PTE_ADDR(*pde));
    for (pte = next_present(pt, pt + 1024); pte < pt + 1024; pte = next_present(pte + 1, pt + 1024)) {
      va = ((uint)(pde - pgdir) << 22) | ((uint)(pte - pt) << 12);
      page = (char *)P2V(PTE_ADDR(*pte));
      if (*pte & PTE_W) {
        *pte = (*pte & ~PTE_W) | PTE_COW;
        changed = 1;
      }
      if (mappage(copy, va, V2P(page), *pte & (PTE_U | PTE_COW)) < 0) goto fail;
      kref(page);
    }
  }
  if (changed && pgdir_current(pgdir)) tlb_flush_current();
  return copy;
fail:
  // Pages already marked stay copy-on-write; a write to one with a single
  // reference just makes it writable again.
  if (changed && pgdir_current(pgdir)) tlb_flush_current();
  uvm_free(copy);
  return 0;
}

// A write to the copy-on-write page at user address va: if pgdir is the
// frame's only user, make the page writable again; otherwise copy the frame
// to a new one, map the copy writable and drop one reference to the old.
// Returns 0, -EFAULT (not a copy-on-write page: code, unmapped, kernel) or
// -ENOMEM.
int uvm_cow(pde_t *pgdir, uint va) {
  pte_t *pte;
  char *old;
  char *mem;
  if (va < USER_BASE || va >= USER_TOP) return -EFAULT;
  pte = walkpgdir(pgdir, va, 0);
  if (!pte || !(*pte & PTE_P) || !(*pte & PTE_U) || !(*pte & PTE_COW)) return -EFAULT;
  old = (char *)P2V(PTE_ADDR(*pte));
  if (krefcount(old) == 1) {
    *pte = (*pte & ~PTE_COW) | PTE_W;
  } else {
    mem = kalloc_raw();
    if (!mem) return -ENOMEM;
    memmove(mem, old, PGSIZE);
    *pte = V2P(mem) | (*pte & (PGSIZE - 1) & ~PTE_COW) | PTE_W;
    kfree(old);
  }
  if (pgdir_current(pgdir)) invlpg(PGROUNDDOWN(va));
  return 0;
}

// How many pages of [start, end) are mapped.
uint uvm_resident(pde_t *pgdir, uint start, uint end) {
  uint va;
  uint n = 0;
  pte_t *pte;
  for (va = PGROUNDDOWN(start); va < end; va += PGSIZE) {
    pte = walkpgdir(pgdir, va, 0);
    if (!pte) {
      va = (va & ~0x3FFFFF) + 0x400000 - PGSIZE;
      continue;
    }
    if (*pte & PTE_P) n++;
  }
  return n;
}

// The kernel address of user address va, if the page is mapped for user
// access (and writable when `write`: a copy-on-write page gets its own copy
// first); 0 otherwise.
char *uva2ka(pde_t *pgdir, uint va, int write) {
  pte_t *pte;
  if (va < USER_BASE || va >= USER_TOP) return 0;
  pte = walkpgdir(pgdir, va, 0);
  if (!pte || !(*pte & PTE_P) || !(*pte & PTE_U)) return 0;
  if (write && !(*pte & PTE_W)) {
    // The kernel writes through its own mapping of RAM, which is writable,
    // so CR0.WP would not stop it: a copy-on-write page must be broken here.
    if (!(*pte & PTE_COW) || uvm_cow(pgdir, va) < 0) return 0;
  }
  return (char *)P2V(PTE_ADDR(*pte)) + (va & (PGSIZE - 1));
}

// Copy n bytes from kernel src to user address va. 0, or -EFAULT (nothing
// is promised about bytes already copied).
int copyout(pde_t *pgdir, uint va, const void *src, uint n) {
  const char *s = (const char *)src;
  char *dst;
  uint chunk;
  if (va + n < va) return -EFAULT;
  while (n > 0) {
    dst = uva2ka(pgdir, va, 1);
    if (!dst) return -EFAULT;
    chunk = PGSIZE - (va & (PGSIZE - 1));
    if (chunk > n) chunk = n;
    memmove(dst, s, chunk);
    n -= chunk;
    s += chunk;
    va += chunk;
  }
  return 0;
}

// Copy n bytes from user address va to kernel dst. 0, or -EFAULT.
int copyin(pde_t *pgdir, void *dst, uint va, uint n) {
  char *d = (char *)dst;
  char *src;
  uint chunk;
  if (va + n < va) return -EFAULT;
  while (n > 0) {
    src = uva2ka(pgdir, va, 0);
    if (!src) return -EFAULT;
    chunk = PGSIZE - (va & (PGSIZE - 1));
    if (chunk > n) chunk = n;
    memmove(d, src, chunk);
    n -= chunk;
    d += chunk;
    va += chunk;
  }
  return 0;
}

// Copy the NUL-terminated user string at va into dst (max bytes with the
// NUL). Returns its length, -EFAULT, or -ENAMETOOLONG.
int fetchstr(pde_t *pgdir, uint va, char *dst, int max) {
  int n = 0;
  char *src = 0;
  while (n < max) {
    if (n == 0 || ((va + n) & (PGSIZE - 1)) == 0) {
      src = uva2ka(pgdir, va + n, 0);
      if (!src) return -EFAULT;
    }
    dst[n] = *src;
    if (*src == 0) return n;
    src++;
    n++;
  }
  return -ENAMETOOLONG;
}

// Check that [va, va+n) is mapped for user access (writable if `write`).
int uaccess_ok(pde_t *pgdir, uint va, uint n, int write) {
  uint p;
  if (n == 0) return 1;
  if (va + n < va) return 0;
  for (p = PGROUNDDOWN(va); p < va + n; p += PGSIZE) {
    if (!uva2ka(pgdir, p < va ? va : p, write)) return 0;
    if (p + PGSIZE < p) break;
  }
  return 1;
}
