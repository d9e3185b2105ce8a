; crt0 for the bare machine (no kernel, paging off, ring 0).
;
; The host starts us at _start with esp at the top of RAM. We remember that
; address (the heap must stay below the stack), call main(0, 0) and pass its
; result to exit(), which flushes stdio and writes the status to the exit
; port. ebp = 0 ends the frame chain for backtraces.

.text
.globl _start
.type _start, @function
_start:
    mov ebp, 0
    mov [__stack_top], esp
    push 0                  ; argv
    push 0                  ; argc
    call main
    push eax
    call exit
.hang:
    hlt
    jmp .hang
.size _start, . - _start
