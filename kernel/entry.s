; The kernel's first instructions. The host starts the CPU here at the
; PHYSICAL address of _start (e_entry - 0xC0000000) with paging off, ring 0,
; eax = BOOT_MAGIC and ebx = physical address of the boot-info block.
;
; Everything is linked at KERNBASE + physical, so until paging is on every
; address must have KERNBASE subtracted (at run time: the linker rejects
; `sym - KERNBASE` as a relocation that wraps around 2^32). We build a boot page directory that
; maps the first 16 MiB twice: at 0 (so the instruction after the cr0 write
; still runs) and at KERNBASE (where the kernel is linked), turn paging on
; (with WP, so the kernel cannot write read-only user pages by mistake),
; jump to the high address, and call kmain(magic, bootinfo) on the boot stack.
; kmain soon replaces this directory with one that maps all of RAM.

#include "mmu.h"

#define BOOT_PT_COUNT 4               // page tables: 4 x 4 MiB = 16 MiB

.text
.globl _start
.type _start, @function
_start:
    mov esi, eax                      ; keep magic and boot info across the setup
    mov edi, ebx

    ; Fill the boot page tables: entry i maps physical page i, present + writable.
    mov edx, boot_pt
    sub edx, KERNBASE
    mov ecx, 0
entry_fill_pt:
    mov eax, ecx
    shl eax, PGSHIFT
    or eax, PTE_P | PTE_W
    mov [edx + ecx*4], eax
    inc ecx
    cmp ecx, BOOT_PT_COUNT * 1024
    jne entry_fill_pt

    ; Point directory entries 0..3 and 768..771 (KERNBASE >> 22) at them.
    mov edx, boot_pgdir
    sub edx, KERNBASE
    mov ebx, boot_pt
    sub ebx, KERNBASE
    mov ecx, 0
entry_fill_pd:
    mov eax, ecx
    shl eax, PGSHIFT
    add eax, ebx
    or eax, PTE_P | PTE_W
    mov [edx + ecx*4], eax
    mov [edx + ecx*4 + (KERNBASE >> 22)*4], eax
    inc ecx
    cmp ecx, BOOT_PT_COUNT
    jne entry_fill_pd

    mov cr3, edx
    mov eax, cr0
    or eax, CR0_PG | CR0_WP
    mov cr0, eax

    mov eax, entry_high                ; an absolute (high) address
    jmp eax
entry_high:
    mov esp, boot_stack_top
    mov ebp, 0                         ; ends the frame chain for backtraces
    push edi
    push esi
    call kmain
entry_spin:                            ; kmain never returns
    cli
    hlt
    jmp entry_spin

.bss
.align 4096
boot_pgdir:
    .zero 4096
boot_pt:
    .zero 4096 * BOOT_PT_COUNT
boot_stack:
    .zero 8192
boot_stack_top:
