; kernel.s — the benchmark's mini kernel for Glassbox.
;
; It sets up exactly what a measurement asks for and then runs one of the
; benchmark loops once, to completion, and exits (status 0; 255 if the CPU
; took an unexpected exception). glassbox.ts prepends the parameters as .equ
; lines and links this at 0x00100000 (physical = virtual):
;
;   LOOP          0 ALU loop, 1 memory loop, 2..4 the CR3 loops (below)
;   ITERATIONS    iterations of the loop (of the outer loop for CR3)
;   MASK          memory loop: working set - 1 (a power of two, minus one)
;   PAGING        1: identity-map 16 MiB with user-accessible 4 KiB pages
;   USER          1: run the loop in ring 3
;   TIMER_PERIOD  cycles between timer interrupts; 0: no timer
;   TOUCH_PAGES   CR3 loops: pages touched per iteration
;
; The loops are instruction for instruction those of loops.ts and of the x86
; kernel in v86-ref.ts; the physical layout is also the same.
;
; The CR3 loops (ring 0, paging on, no timer) read one dword from each of
; TOUCH_PAGES consecutive pages from 0x00100000 — this kernel's own pages, so
; the page the loop runs from is one of them and, with TOUCH_PAGES equal to
; the TLB's size, the touched pages fill the TLB exactly (the default TLB:
; 64 entries, 4 ways, set = page number mod 16, so each set gets 4). Then:
;   2 flush:  mov esi, ebx / mov cr3, edx — drop every TLB entry; the next
;             iteration misses on every page again
;   3 warm:   mov esi, ebx / nop          — the pages stay in the TLB
;   4 empty:  as flush, then 8 more CR3 writes, each finding the TLB empty
;             but for the page being executed (which it drops, so the next
;             instruction's fetch misses)
; so "flush - warm" is what a CR3 write that flushes a full TLB costs,
; refills included, and "(empty - flush) / 8" a CR3 write of an empty TLB.
; Each loop is aligned so that it sits in one page.

        .equ TSS, 0x3000                ; 104-byte TSS: esp0 at +4
        .equ IDT, 0x4000                ; 256 gates
        .equ TICKS, 0x5000              ; timer interrupts taken
        .equ FAULT_INFO, 0x5010         ; the top 3 stack words at an unexpected exception
        .equ USER_STACK_TOP, 0x80000
        .equ KERNEL_STACK_TOP, 0x90000
        .equ RESULT, 0x200000           ; eax when the loop ends
        .equ PAGE_DIRECTORY, 0x400000
        .equ PAGE_TABLES, 0x401000      ; 4 tables: 16 MiB
        .equ ARRAY, 0x800000            ; the memory loop's array
        .equ ALU_SEED, 0x12345678
        .equ ALU_STEP, 0x9e3779b9
        .equ STRIDE, 4096 + 64          ; one page and one cache line
        .equ TOUCH_BASE, 0x100000       ; CR3 loops: the first page touched
        .equ GATE_KERNEL, 0x8e00        ; present, DPL 0, 32-bit interrupt gate (clears IF)
        .equ GATE_USER, 0xee00          ; the same with DPL 3: `int` allowed from ring 3

        .text
        .globl _start
_start:
        cli
        mov esp, KERNEL_STACK_TOP
        mov dword [TSS + 4], KERNEL_STACK_TOP
        mov eax, TSS
        ltr eax
        call build_idt
        call start_timer
        mov eax, PAGING
        test eax, eax
        jz .paging_done
        call enable_paging
.paging_done:
        mov eax, USER
        test eax, eax
        jz .ring0
        ; Enter ring 3 at `program` through an iret frame: eip, cs, eflags, esp, ss.
        push 0x23
        push USER_STACK_TOP
        push 0x202                      ; IF set
        push 0x1b
        push program
        iret
.ring0:
        sti
        jmp program

; build_idt: every vector to `fault`, 32 (timer) to `timer_irq`, 0x80 to
; `sys_exit` with DPL 3, then lidt.
build_idt:
        mov edi, IDT
        mov ecx, 256
        mov eax, fault
        mov ebx, GATE_KERNEL
        call set_gates
        mov edi, IDT + 32 * 8
        mov ecx, 1
        mov eax, timer_irq
        call set_gates
        mov edi, IDT + 0x80 * 8
        mov ecx, 1
        mov eax, sys_exit
        mov ebx, GATE_USER
        call set_gates
        lidt [idtr]
        ret

; set_gates: write ecx gates to handler eax with type/attr ebx at edi.
; Gate layout (x86): offset 15..0 | selector << 16, then offset 31..16 | attr.
set_gates:
        mov edx, eax
        and edx, 0xffff
        or edx, 0x80000                 ; selector 0x08 (ignored by the CPU)
        mov [edi], edx
        mov edx, eax
        and edx, 0xffff0000
        or edx, ebx
        mov [edi + 4], edx
        add edi, 8
        dec ecx
        jnz set_gates
        ret

; start_timer: unmask only the timer line and set its period (0 = off).
start_timer:
        mov eax, 0xfffffffe
        out 0x21, eax
        mov eax, TIMER_PERIOD
        out 0x40, eax
        ret

; enable_paging: 4096 PTEs mapping 0..16 MiB to themselves (present,
; writable, user), 4 PDEs pointing at them, then cr3 and cr0.PG.
enable_paging:
        mov edi, PAGE_TABLES
        mov eax, 7
        mov ecx, 4096
.pte:
        mov [edi], eax
        add eax, 4096
        add edi, 4
        dec ecx
        jnz .pte
        mov edi, PAGE_DIRECTORY
        mov eax, PAGE_TABLES + 7
        mov ecx, 4
.pde:
        mov [edi], eax
        add eax, 4096
        add edi, 4
        dec ecx
        jnz .pde
        mov eax, PAGE_DIRECTORY
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        ret

; fault: an exception nobody expected. Keep the frame for the host, exit 255.
fault:
        mov eax, [esp]
        mov [FAULT_INFO], eax
        mov eax, [esp + 4]
        mov [FAULT_INFO + 4], eax
        mov eax, [esp + 8]
        mov [FAULT_INFO + 8], eax
        mov eax, cr2
        mov [FAULT_INFO + 12], eax
        mov eax, 255
        out 0xf4, eax

; timer_irq: count the tick. The interrupt controller needs no EOI.
timer_irq:
        inc dword [TICKS]
        iret

; sys_exit (int 0x80 from any ring): exit with status ebx.
sys_exit:
        mov eax, ebx
        out 0xf4, eax

; program: run the loop LOOP selects, store eax at RESULT, exit(0).
program:
        mov eax, LOOP
        cmp eax, 1
        je mem_loop
        cmp eax, 2
        je cr3_flush
        cmp eax, 3
        je cr3_warm
        cmp eax, 4
        je cr3_empty

alu_loop:
        mov eax, 0
        mov ebx, ALU_SEED
        mov ecx, ITERATIONS
.loop:
        add eax, ecx
        xor ebx, eax
        mov edx, ebx
        shr edx, 3
        add eax, edx
        add ebx, ALU_STEP
        dec ecx
        jnz .loop
        jmp done

mem_loop:
        mov eax, 0
        mov esi, ARRAY
        mov edi, 0
        mov ecx, ITERATIONS
.loop:
        mov edx, [esi + edi]
        add eax, edx
        mov [esi + edi], eax
        add edi, STRIDE
        and edi, MASK
        dec ecx
        jnz .loop
        jmp done

        .align 256
cr3_flush:
        mov ecx, ITERATIONS
        mov ebx, TOUCH_BASE
        mov esi, ebx
        mov edx, PAGE_DIRECTORY
.outer:
        mov edi, TOUCH_PAGES
.touch:
        mov eax, [esi]
        add esi, 4096
        dec edi
        jnz .touch
        mov esi, ebx
        mov cr3, edx
        dec ecx
        jnz .outer
        jmp done

        .align 256
cr3_warm:
        mov ecx, ITERATIONS
        mov ebx, TOUCH_BASE
        mov esi, ebx
        mov edx, PAGE_DIRECTORY
.outer:
        mov edi, TOUCH_PAGES
.touch:
        mov eax, [esi]
        add esi, 4096
        dec edi
        jnz .touch
        mov esi, ebx
        nop
        dec ecx
        jnz .outer
        jmp done

        .align 256
cr3_empty:
        mov ecx, ITERATIONS
        mov ebx, TOUCH_BASE
        mov esi, ebx
        mov edx, PAGE_DIRECTORY
.outer:
        mov edi, TOUCH_PAGES
.touch:
        mov eax, [esi]
        add esi, 4096
        dec edi
        jnz .touch
        mov esi, ebx
        mov cr3, edx
        mov cr3, edx                    ; the 8 writes of an empty TLB
        mov cr3, edx
        mov cr3, edx
        mov cr3, edx
        mov cr3, edx
        mov cr3, edx
        mov cr3, edx
        mov cr3, edx
        dec ecx
        jnz .outer

done:
        mov [RESULT], eax
        mov ebx, 0
        int 0x80

        .data
idtr:
        .word 256 * 8 - 1
        .long IDT
