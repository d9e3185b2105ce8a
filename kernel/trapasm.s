; Trap entry and exit.
;
; Each vector's stub makes the stack look the same for every trap: the CPU
; has pushed (ss, esp from ring 3,) eflags, cs, eip and, for some
; exceptions, an error code; stubs without a CPU error code push 0, then
; every stub pushes its vector number. alltraps saves the general registers,
; completing a struct trapframe (include/proc.h), and calls trap(tf).
; trapret undoes it all and irets.
;
; The timer vector (32) has its own entry because it starts the article's
; context switch: ctxsw_1_interrupt is the first instruction run after the
; timer interrupt is taken, ctxsw_2_save where the interrupted state is
; saved; trapret's ctxsw_7_resume is the iret that resumes a thread after a
; switch (swtch sets ctxsw_resume_pending). Steps 3-4 are in proc.c, 5-6 in
; swtch.s. Trace event codes are TR_* in include/trace.h.

.equ TR_CS_INTERRUPT, 21
.equ TR_CS_SAVE, 22
.equ TR_CS_RESUME, 27
.equ TF_EIP, 36                         ; offsetof(struct trapframe, eip)
.equ TF_CS, 40                          ; offsetof(struct trapframe, cs)
.equ THREAD_TID, 4                      ; offsetof(struct thread, tid) (include/proc.h)

.text

.globl vector0
vector0:
    push 0
    push 0
    jmp alltraps

.globl vector1
vector1:
    push 0
    push 1
    jmp alltraps

.globl vector2
vector2:
    push 0
    push 2
    jmp alltraps

.globl vector3
vector3:
    push 0
    push 3
    jmp alltraps

.globl vector4
vector4:
    push 0
    push 4
    jmp alltraps

.globl vector5
vector5:
    push 0
    push 5
    jmp alltraps

.globl vector6
vector6:
    push 0
    push 6
    jmp alltraps

.globl vector7
vector7:
    push 0
    push 7
    jmp alltraps

.globl vector8
vector8:
    push 8
    jmp alltraps

.globl vector9
vector9:
    push 0
    push 9
    jmp alltraps

.globl vector10
vector10:
    push 10
    jmp alltraps

.globl vector11
vector11:
    push 11
    jmp alltraps

.globl vector12
vector12:
    push 12
    jmp alltraps

.globl vector13
vector13:
    push 13
    jmp alltraps

.globl vector14
vector14:
    push 14
    jmp alltraps

.globl vector15
vector15:
    push 0
    push 15
    jmp alltraps

.globl vector16
vector16:
    push 0
    push 16
    jmp alltraps

.globl vector17
vector17:
    push 17
    jmp alltraps

.globl vector18
vector18:
    push 0
    push 18
    jmp alltraps

.globl vector19
vector19:
    push 0
    push 19
    jmp alltraps

.globl vector20
vector20:
    push 0
    push 20
    jmp alltraps

.globl vector21
vector21:
    push 0
    push 21
    jmp alltraps

.globl vector22
vector22:
    push 0
    push 22
    jmp alltraps

.globl vector23
vector23:
    push 0
    push 23
    jmp alltraps

.globl vector24
vector24:
    push 0
    push 24
    jmp alltraps

.globl vector25
vector25:
    push 0
    push 25
    jmp alltraps

.globl vector26
vector26:
    push 0
    push 26
    jmp alltraps

.globl vector27
vector27:
    push 0
    push 27
    jmp alltraps

.globl vector28
vector28:
    push 0
    push 28
    jmp alltraps

.globl vector29
vector29:
    push 0
    push 29
    jmp alltraps

.globl vector30
vector30:
    push 0
    push 30
    jmp alltraps

.globl vector31
vector31:
    push 0
    push 31
    jmp alltraps

.globl vector33
vector33:
    push 0
    push 33
    jmp alltraps

.globl vector128
vector128:
    push 0
    push 128
    jmp alltraps

; Step 1: the timer interrupt has been taken; the CPU is here.
.globl vector32
.globl ctxsw_1_interrupt
vector32:
ctxsw_1_interrupt:
    push 0
    push 32
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
    out 0xf0, eax
    mov eax, TR_CS_SAVE
    mov ecx, esp
    out 0xf0, eax
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
    mov eax, esp
    push eax                            ; trap(struct trapframe *tf)
    call trap
    add esp, 4

; Return to the trapped code. A fresh thread's first return also starts here
; (alloc_proc sets its context's eip to trapret).
.globl trapret
trapret:
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
    add esp, 8                          ; vector number and error code
    iret

trapret_switched:
    mov dword [ctxsw_resume_pending], 0
    mov eax, TR_CS_RESUME
    mov ebx, [curthread]
    mov ebx, [ebx + THREAD_TID]
    mov ecx, [esp + TF_EIP]
    out 0xf0, eax
    pop edi
    pop esi
    pop ebp
    pop ebx
    pop edx
    pop ecx
    pop eax
    add esp, 8
; Step 7: resume the thread the scheduler picked.
.globl ctxsw_7_resume
ctxsw_7_resume:
    iret

; Entry points by vector for idt_init (0 = no gate: using it raises #GP).
.data
.align 4
.globl vectors
vectors:
    .long vector0
    .long vector1
    .long vector2
    .long vector3
    .long vector4
    .long vector5
    .long vector6
    .long vector7
    .long vector8
    .long vector9
    .long vector10
    .long vector11
    .long vector12
    .long vector13
    .long vector14
    .long vector15
    .long vector16
    .long vector17
    .long vector18
    .long vector19
    .long vector20
    .long vector21
    .long vector22
    .long vector23
    .long vector24
    .long vector25
    .long vector26
    .long vector27
    .long vector28
    .long vector29
    .long vector30
    .long vector31
    .long vector32
    .long vector33
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long vector128
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
    .long 0
