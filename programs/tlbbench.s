; The inner loop of tlbbench: a dependent pointer chase. Each load's address
; is the value the previous load returned, so nothing can run ahead of it,
; and the loop around it is two instructions, so what each access costs is
; mostly the access itself: a TLB hit or a page walk.

.text
.globl tlb_chase
.type tlb_chase, @function
tlb_chase:                              ; void **tlb_chase(void **p, unsigned count): p = *p, count times
    mov eax, [esp+4]
    mov ecx, [esp+8]
    test ecx, ecx
    jz .done
.next:
    mov eax, [eax]
    dec ecx
    jnz .next
.done:
    ret
.size tlb_chase, . - tlb_chase
