; hello.s — the smallest Glassbox program: print a line on the console port
; and exit with status 0. Run it with:  npm run -s glassbox -- bare examples/hello.s

        .text
        .globl _start
_start:
        mov esi, msg            ; esi = address of the message
.next:
        movzx eax, byte [esi]   ; load one byte, zero-extended
        test eax, eax
        jz .done                ; NUL terminator: finished
        out 0xe9, eax           ; console output port
        inc esi
        jmp .next
.done:
        mov eax, 0
        out 0xf4, eax           ; exit port: stop the machine with status 0

        .rodata
msg:    .asciz "Hello from the Glassbox bare machine!\n"
