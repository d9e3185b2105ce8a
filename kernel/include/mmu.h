// x86 two-level paging: 4 KiB pages, a page directory of 1024 PDEs each
// covering 4 MiB through a page table of 1024 PTEs. Kernel virtual addresses
// are physical + KERNBASE for all of RAM.
#ifndef GLASSBOX_MMU_H
#define GLASSBOX_MMU_H

#define PGSIZE 4096
#define PGSHIFT 12
#define KERNBASE 0xC0000000
#define KERNLINK 0xC0100000       // where the kernel is linked (physical 0x100000)
#define MAXPHYS 0x3F000000        // RAM above this cannot be mapped in the kernel's 1 GiB

#define PGROUNDUP(a) (((uint)(a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) ((uint)(a) & ~(PGSIZE - 1))
#define PDX(va) (((uint)(va) >> 22) & 0x3FF)
#define PTX(va) (((uint)(va) >> 12) & 0x3FF)
#define PTE_ADDR(pte) ((uint)(pte) & ~0xFFF)

#define P2V(a) ((void *)((uint)(a) + KERNBASE))
#define V2P(a) ((uint)(a) - KERNBASE)

// The machine's own bits (PTE_*, CR0_*, CR4_*, EFLAGS_*, SELECTOR_*) and its
// ports and vectors (PORT_*, VECTOR_*) come from vm/isa/machine.ts through
// the generated machine.h; below are the kernel's names for them and the
// kernel's own definitions.
#include "machine.h"

// PDE/PTE bits (xv6's names for the machine's).
#define PTE_W PTE_RW              // writable
#define PTE_U PTE_US              // user
#define PTE_COW 0x200             // software (AVL bit 9): read-only for now, copy on write (fork)

// eflags.
#define FL_IF EFLAGS_IF

// Selectors the CPU pushes (there are no segments; the values only tell rings apart).
#define SEL_KCODE SELECTOR_KERNEL_CS
#define SEL_UCODE SELECTOR_USER_CS
#define SEL_UDATA SELECTOR_USER_DS

// IDT gate types.
#define GATE_INT 0xE              // interrupt gate: clears IF
#define GATE_TRAP 0xF             // trap gate: keeps IF

// Exception vectors: the machine's where it names them, x86's numbers for
// the rest (the kernel only gives them a stub).
#define T_DIVIDE VECTOR_DE
#define T_DEBUG 1
#define T_NMI 2
#define T_BRKPT 3
#define T_OFLOW 4
#define T_BOUND 5
#define T_ILLOP VECTOR_UD
#define T_DEVICE 7
#define T_DBLFLT VECTOR_DF
#define T_TSS 10
#define T_SEGNP 11
#define T_STACK 12
#define T_GPFLT VECTOR_GP
#define T_PGFLT VECTOR_PF
#define T_IRQ0 VECTOR_IRQ_BASE
#define T_TIMER VECTOR_TIMER
#define T_CONSOLE VECTOR_CONSOLE
#define T_HOSTFILE VECTOR_HOSTFILE
#define T_SYSCALL VECTOR_SYSCALL

// Page-fault error code bits.
#define PF_P 1                    // the page was present (a protection fault)
#define PF_W 2                    // a write
#define PF_U 4                    // from user mode

#endif
