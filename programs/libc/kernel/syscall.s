; int __syscall(int number, int a, int b, int c, int d, int e)
;
; The one way into the kernel: `int 0x80` with the number in eax and the
; arguments in ebx, ecx, edx, esi, edi (Linux i386). Returns what the kernel
; left in eax: a result, or -errno (the C wrappers turn that into errno).
; ebx, esi and edi are callee-saved in cdecl, so they are preserved here.

#include "machine.h"
#include "../../../kernel/include/syscall.h"

.text

; Where a signal handler returns (the kernel puts this address on the
; handler's stack): sigreturn restores the registers the signal interrupted.
.globl __sigreturn_restorer
.type __sigreturn_restorer, @function
__sigreturn_restorer:
    mov eax, SYS_sigreturn
    int VECTOR_SYSCALL
    jmp __sigreturn_restorer            ; not reached
.size __sigreturn_restorer, . - __sigreturn_restorer

.globl __syscall
.type __syscall, @function
__syscall:
    push ebp
    mov ebp, esp
    push ebx
    push esi
    push edi
    mov eax, [ebp + 8]
    mov ebx, [ebp + 12]
    mov ecx, [ebp + 16]
    mov edx, [ebp + 20]
    mov esi, [ebp + 24]
    mov edi, [ebp + 28]
    int VECTOR_SYSCALL
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret
