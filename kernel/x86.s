; The machine operations C cannot express, one small cdecl function each
; (declared in include/x86.h). Leaf functions: no frame, arguments at [esp+4].

#include "mmu.h"

.text

.globl inl
.type inl, @function
inl:                                   ; uint inl(uint port)
    mov edx, [esp+4]
    in eax, dx
    ret

.globl outl
.type outl, @function
outl:                                  ; void outl(uint port, uint value)
    mov edx, [esp+4]
    mov eax, [esp+8]
    out dx, eax
    ret

.globl cli
.type cli, @function
cli:
    cli
    ret

; Wait for one interrupt with interrupts enabled, then disable them again.
; The interrupt is taken right after hlt, before cli.
.globl sti_hlt_cli
.type sti_hlt_cli, @function
sti_hlt_cli:
    sti
    hlt
    cli
    ret

.globl readeflags
.type readeflags, @function
readeflags:                            ; uint readeflags(void)
    pushfd
    pop eax
    ret

.globl rcr2
.type rcr2, @function
rcr2:
    mov eax, cr2
    ret

.globl rcr3
.type rcr3, @function
rcr3:
    mov eax, cr3
    ret

.globl lcr3
.type lcr3, @function
lcr3:
    mov eax, [esp+4]
    mov cr3, eax
    ret

.globl rcr4
.type rcr4, @function
rcr4:
    mov eax, cr4
    ret

.globl lcr4
.type lcr4, @function
lcr4:
    mov eax, [esp+4]
    mov cr4, eax
    ret

.globl rdpmc_low
.type rdpmc_low, @function
rdpmc_low:                             ; uint rdpmc_low(uint counter): the low word of machine counter COUNTER_*
    mov ecx, [esp+4]
    rdpmc
    ret

.globl invpcid_context
.type invpcid_context, @function
invpcid_context:                       ; void invpcid_context(uint pcid): drop that PCID's non-global entries
    push 0                              ; descriptor, 16 bytes: linear address (unused for this type) ...
    push 0
    push 0                              ; ... and the PCID
    push dword [esp+16]
    mov eax, INVPCID_CONTEXT
    invpcid eax, [esp]
    add esp, 16
    ret

.globl invlpg
.type invlpg, @function
invlpg:                                ; void invlpg(uint va)
    mov eax, [esp+4]
    invlpg [eax]
    ret

.globl lidt
.type lidt, @function
lidt:                                  ; void lidt(void *desc): limit16, base32
    mov eax, [esp+4]
    lidt [eax]
    ret

.globl ltr
.type ltr, @function
ltr:                                   ; void ltr(uint tss_linear_address)
    mov eax, [esp+4]
    ltr eax
    ret

.globl rdtsc
.type rdtsc, @function
rdtsc:                                 ; void rdtsc(uint *lohi)
    rdtsc
    mov ecx, [esp+4]
    mov [ecx], eax
    mov [ecx+4], edx
    ret

.globl read_ebp
.type read_ebp, @function
read_ebp:
    mov eax, ebp
    ret

.globl trace
.type trace, @function
trace:                                 ; void trace(uint code, uint a, uint b, uint c)
    push ebx
    mov eax, [esp+8]
    mov ebx, [esp+12]
    mov ecx, [esp+16]
    mov edx, [esp+20]
    out PORT_TRACE, eax
    pop ebx
    ret

.globl halt_forever
.type halt_forever, @function
halt_forever:                          ; stops the machine: hlt with interrupts off
    cli
    hlt
    jmp halt_forever
