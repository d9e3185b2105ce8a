; void swtch(struct context **old, struct context *new, uint cr3, uint tid)
;
; Steps 5 and 6 of the context switch. Saves the current kernel context
; (callee-saved registers; the return address is already on the stack) and
; stores its address in *old; then loads the next thread's stack pointer and
; registers (step 5) and, when the next thread lives in another address
; space (cr3 != 0), loads its page directory (step 6: the CR3 write that
; flushes the non-global TLB entries). The `ret` then continues wherever the
; next thread called swtch (or, for a new thread, at trapret), and the
; return to user mode goes through ctxsw_7_resume.

#include "trace.h"
#include "mmu.h"

.text
.globl swtch
.type swtch, @function
swtch:
    push ebp
    push ebx
    push esi
    push edi
    mov eax, [esp+20]                   ; old
    mov edx, [esp+24]                   ; new
    mov esi, [esp+28]                   ; cr3, 0 = same address space
    mov edi, [esp+32]                   ; id of the next thread (for the trace)
    mov [eax], esp                      ; the current thread's state is saved
; Step 5: restore the next thread's state: its kernel stack, then its registers.
.globl ctxsw_5_restore
ctxsw_5_restore:
    mov esp, edx
    mov eax, TR_CS_RESTORE
    mov ebx, edi
    mov ecx, edx
    out PORT_TRACE, eax
    mov eax, TR_CS_CR3
    mov ecx, esi
    test esi, esi
    jz swtch_same_space
    mov edx, 1
    out PORT_TRACE, eax
; Step 6: switch the page table (flushes the TLB's non-global entries).
.globl ctxsw_6_page_table
ctxsw_6_page_table:
    mov cr3, esi
    jmp swtch_done
swtch_same_space:
    mov edx, 0                          ; same address space: no CR3 write, no flush
    out PORT_TRACE, eax
swtch_done:
    mov dword [ctxsw_resume_pending], 1
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret
