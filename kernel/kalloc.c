// The physical page allocator.
//
// Every page of RAM has a reference count in refcnt[] (0 = free). Pages
// below `first_free` hold the kernel image, the boot data, the ramfs archive
// and refcnt[] itself, and are never handed out. A page may be referenced
// several times: a program file's page that is also mapped as code in several
// processes counts each of them (as does a data page shared copy-on-write
// after fork), and goes back to the free pool only when the
// last one lets go (kfree). Allocation scans upward from a hint; the hint
// only moves back when a lower page is freed, so a scan never misses a free page.
//
// Pages are handed out as kernel virtual addresses (physical + KERNBASE).

#include "types.h"
#include "defs.h"
#include "mmu.h"

static ushort *refcnt;      // one counter per physical page
static uint npages;         // pages of RAM
static uint first_free;     // first page that may be allocated
static uint hint;           // no free page below this index
uint free_pages;            // how many are free now

// Set up the counters just above `reserved_end` (physical) and mark everything
// below them as permanently used. Only memory below 16 MiB is mapped at this
// point (entry.s), so the counters must fit there.
void kinit(uint reserved_end, uint mem_bytes) {
  uint array_bytes;
  uint i;
  npages = mem_bytes / PGSIZE;
  array_bytes = PGROUNDUP(npages * sizeof(ushort));
  refcnt = (ushort *)P2V(PGROUNDUP(reserved_end));
  if (V2P(refcnt) + array_bytes > 16 * 1024 * 1024) panic("kinit: boot data does not fit in the first 16 MiB");
  memset(refcnt, 0, array_bytes);
  first_free = (V2P(refcnt) + array_bytes) / PGSIZE;
  for (i = 0; i < first_free; i++) refcnt[i] = 1;
  hint = first_free;
  free_pages = npages - first_free;
}

// Physical page index of a kernel virtual page address; panics on a bad one.
static uint page_index(void *v) {
  uint pa = V2P(v);
  if ((uint)v < KERNBASE || (pa & (PGSIZE - 1)) != 0 || pa / PGSIZE >= npages || pa / PGSIZE < first_free)
    panic("kalloc: bad page address");
  return pa / PGSIZE;
}

// A page with its reference count set to 1, not zeroed; 0 when RAM is full.
char *kalloc_raw(void) {
  uint i;
  for (i = hint; i < npages; i++) {
    if (refcnt[i] == 0) {
      refcnt[i] = 1;
      hint = i + 1;
      free_pages--;
      return (char *)P2V(i * PGSIZE);
    }
  }
  hint = npages;
  return 0;
}

// A zeroed page, or 0 when RAM is full.
char *kalloc(void) {
  char *page = kalloc_raw();
  if (page) memset(page, 0, PGSIZE);
  return page;
}

// One more reference to an allocated page.
void kref(char *v) {
  uint i = page_index(v);
  if (refcnt[i] == 0) panic("kref: free page");
  refcnt[i]++;
}

// Drop one reference; the page is free when none remain.
void kfree(char *v) {
  uint i = page_index(v);
  if (refcnt[i] == 0) panic("kfree: page already free");
  refcnt[i]--;
  if (refcnt[i] == 0) {
    free_pages++;
    if (i < hint) hint = i;
  }
}

int krefcount(char *v) {
  return refcnt[page_index(v)];
}

// The pages the allocator hands out (RAM less what the kernel image and
// boot data keep), for sysinfo.
uint kalloc_total(void) {
  return npages - first_free;
}

// How many of them are referenced more than once: shared copy-on-write
// after fork, or program code mapped from its file.
uint kalloc_shared(void) {
  uint i;
  uint n = 0;
  for (i = first_free; i < npages; i++) {
    if (refcnt[i] > 1) n++;
  }
  return n;
}

