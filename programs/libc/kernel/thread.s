; The two pieces of threads that C cannot write: starting a thread on its
; own stack, and an atomic exchange and compare-and-swap for locks.

#include "machine.h"
#include "../../../kernel/include/syscall.h"
#include "../../../kernel/include/abi.h"

.text

; int __thread_start(void *(*fn)(void *), void *arg, void *stack_top)
;
; Puts fn and arg on the new stack, then clone()s. The parent gets the new
; thread's id (or -errno) back. The new thread starts with esp at the two
; words just written, calls fn(arg), and exits with fn's return value
; (exit, not exit_group: only this thread ends).
.globl __thread_start
.type __thread_start, @function
__thread_start:
    push ebp
    mov ebp, esp
    push ebx
    push esi
    push edi
    mov ecx, [ebp + 16]                 ; stack top
    and ecx, 0xfffffff0
    sub ecx, 8
    mov eax, [ebp + 8]
    mov [ecx], eax                      ; fn
    mov eax, [ebp + 12]
    mov [ecx + 4], eax                  ; arg
    mov eax, SYS_clone
    mov ebx, CLONE_THREAD_FLAGS
    int VECTOR_SYSCALL
    test eax, eax
    jnz thread_start_parent
    ; The new thread: [esp] = fn, [esp + 4] = arg.
    mov ebp, 0                          ; the end of its frame chain
    pop eax                             ; fn; now [esp] = arg, the argument of the call
    call eax
    mov ebx, eax                        ; exit(fn's result)
    mov eax, SYS_exit
    int VECTOR_SYSCALL
thread_start_hang:
    jmp thread_start_hang
thread_start_parent:
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret
.size __thread_start, . - __thread_start

; int __atomic_swap(volatile int *p, int value): store value, return the old
; one, as one indivisible instruction (xchg with memory is atomic).
.globl __atomic_swap
.type __atomic_swap, @function
__atomic_swap:
    push ebp
    mov ebp, esp
    mov ecx, [ebp + 8]
    mov eax, [ebp + 12]
    xchg [ecx], eax
    pop ebp
    ret
.size __atomic_swap, . - __atomic_swap

; int __atomic_cas(volatile int *p, int expected, int value): if *p is
; expected, store value; return what *p held, as one indivisible
; instruction (cmpxchg; one CPU, so no lock prefix is needed).
.globl __atomic_cas
.type __atomic_cas, @function
__atomic_cas:
    push ebp
    mov ebp, esp
    mov ecx, [ebp + 8]
    mov eax, [ebp + 12]
    mov edx, [ebp + 16]
    cmpxchg [ecx], edx
    pop ebp
    ret
.size __atomic_cas, . - __atomic_cas
