; countdown.s — a loop with arithmetic and a subroutine call on the bare
; machine: prints 5 4 3 2 1 and exits with status 42.
;   npm run -s glassbox -- bare examples/countdown.s --regs

        .text
        .globl _start
_start:
        mov ebx, 5
.loop:
        mov eax, ebx
        call print_digit
        dec ebx
        jnz .loop
        mov eax, '\n'
        out 0xe9, eax
        mov eax, 42
        out 0xf4, eax

; print_digit: print the digit in eax followed by a space (eax clobbered)
print_digit:
        add eax, '0'
        out 0xe9, eax
        mov eax, ' '
        out 0xe9, eax
        ret
