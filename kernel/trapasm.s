; Trap entry and exit.
;
; Each vector's stub makes the stack look the same for every trap: the CPU
; has pushed (ss, esp from ring 3,) eflags, cs, eip and, for some
; exceptions, an error code; stubs without a CPU error code push 0, then
; every stub pushes its vector number. The stubs and the IDT's table of
; their addresses are generated (kernel/vectors.s, by vm/host/vectors.ts).
; alltraps saves the general registers, completing a struct trapframe
; (include/proc.h), and calls trap(tf). trapret undoes it all and irets.
;
; The timer vector (32) has its own entry because it starts the article's
; context switch: ctxsw_1_interrupt is the first instruction run after the
; timer interrupt is taken, ctxsw_2_save where the interrupted state is
; saved; trapret's ctxsw_7_resume is the iret that resumes a thread after a
; switch (swtch sets ctxsw_resume_pending). Steps 3-4 are in proc.c, 5-6 in
; swtch.s. Trace event codes are TR_* in include/trace.h; the trap frame's
; and the thread's offsets (TF_*, THREAD_*) come from the generated
; asm-offsets.h.

#include "trace.h"
#include "mmu.h"
#include "asm-offsets.h"

.text

; Step 1: the timer interrupt has been taken; the CPU is here.
.globl vector32
.globl ctxsw_1_interrupt
vector32:
ctxsw_1_interrupt:
    push 0
    push VECTOR_TIMER
; Step 2: save the interrupted thread's registers into its trap frame.
.globl ctxsw_2_save
ctxsw_2_save:
    push eax
    push ecx
    push edx
    push ebx
    push ebp
    push esi
    push edi
    test dword [esp + TF_CS], 3
    jz trap_call                        ; the idle loop was interrupted: no thread to switch from
    mov eax, TR_CS_INTERRUPT
    mov ebx, [curthread]
    mov ebx, [ebx + THREAD_TID]         ; the interrupted thread's id
    mov ecx, [esp + TF_EIP]
    out PORT_TRACE, eax
    mov eax, TR_CS_SAVE
    mov ecx, esp
    out PORT_TRACE, eax
    jmp trap_call

.globl alltraps
alltraps:
    push eax
    push ecx
    push edx
    push ebx
    push ebp
    push esi
    push edi
trap_call:
    test dword [esp + TF_CS], 3         ; from user mode: kernel (system) time starts now
    jz trap_call_c                      ; (proc.c, "CPU time"; eax and edx are saved already)
    rdtsc
    mov [kernel_since], eax
trap_call_c:
    mov eax, esp
    push eax                            ; trap(struct trapframe *tf)
    call trap
    add esp, 4

; Return to the trapped code. A fresh thread's first return also starts here
; (alloc_proc sets its context's eip to trapret).
.globl trapret
trapret:
    test dword [esp + TF_CS], 3         ; back to user mode: the cycles since kernel_since
    jz trapret_resume                   ; were the process's system time
    rdtsc
    sub eax, [kernel_since]
    mov ecx, [curproc]
    add [ecx + PROC_SYS_CYCLES], eax
    adc dword [ecx + PROC_SYS_CYCLES + 4], 0
trapret_resume:
    cmp dword [ctxsw_resume_pending], 0
    je trapret_plain
    test dword [esp + TF_CS], 3         ; step 7 is the return to the thread's user code,
    jnz trapret_switched                ; not an interrupted idle loop on the way there
trapret_plain:
    pop edi
    pop esi
    pop ebp
    pop ebx
    pop edx
    pop ecx
    pop eax
    add esp, TF_EIP - TF_TRAPNO         ; vector number and error code
    iret

trapret_switched:
    mov dword [ctxsw_resume_pending], 0
    mov eax, TR_CS_RESUME
    mov ebx, [curthread]
    mov ebx, [ebx + THREAD_TID]
    mov ecx, [esp + TF_EIP]
    out PORT_TRACE, eax
    pop edi
    pop esi
    pop ebp
    pop ebx
    pop edx
    pop ecx
    pop eax
    add esp, TF_EIP - TF_TRAPNO
; Step 7: resume the thread the scheduler picked.
.globl ctxsw_7_resume
ctxsw_7_resume:
    iret
