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

// PDE/PTE bits.
#define PTE_P 0x001               // present
#define PTE_W 0x002               // writable
#define PTE_U 0x004               // user
#define PTE_A 0x020               // accessed
#define PTE_D 0x040               // dirty
#define PTE_G 0x100               // global: survives CR3 writes (with CR4.PGE)
#define PTE_COW 0x200             // software (AVL bit 9): read-only for now, copy on write (fork)

#define CR0_WP 0x00010000
#define CR0_PG 0x80000000
#define CR4_PGE 0x00000080

// eflags.
#define FL_IF 0x200

// Selectors the CPU pushes (there are no segments; the values only tell rings apart).
#define SEL_KCODE 0x08
#define SEL_UCODE 0x1B
#define SEL_UDATA 0x23

// IDT gate types.
#define GATE_INT 0xE              // interrupt gate: clears IF
#define GATE_TRAP 0xF             // trap gate: keeps IF

// Exception vectors.
#define T_DIVIDE 0
#define T_DEBUG 1
#define T_NMI 2
#define T_BRKPT 3
#define T_OFLOW 4
#define T_BOUND 5
#define T_ILLOP 6
#define T_DEVICE 7
#define T_DBLFLT 8
#define T_TSS 10
#define T_SEGNP 11
#define T_STACK 12
#define T_GPFLT 13
#define T_PGFLT 14
#define T_IRQ0 32
#define T_TIMER 32
#define T_CONSOLE 33
#define T_SYSCALL 0x80

// Page-fault error code bits.
#define PF_P 1                    // the page was present (a protection fault)
#define PF_W 2                    // a write
#define PF_U 4                    // from user mode

// Ports (vm/isa/machine.ts PORT).
#define PORT_TIMER 0x40
#define PORT_IRQMASK 0x21
#define PORT_CONS_IN 0xE0
#define PORT_CONS_STATUS 0xE1
#define PORT_CONS_OUT 0xE9
#define PORT_TRACE 0xF0
#define PORT_EXIT 0xF4

#endif
