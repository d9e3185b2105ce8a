; hello-nasm.asm — a NASM tutorial's first program, as written for Linux i386:
; write(1, msg, len) and exit(0) through int 80h. Glassbox's kernel has the
; same system call numbers, so it runs as it is:
;   npm run -s glassbox -- run --add examples/hello-nasm.asm -c hello-nasm

%define SYS_EXIT  1
%define SYS_WRITE 4
%define STDOUT    1

section .data
    msg db 'Hello, World!', 0Ah
    len equ $ - msg

section .text
    global _start

_start:
    mov eax, SYS_WRITE
    mov ebx, STDOUT
    mov ecx, msg
    mov edx, len
    int 80h

    mov eax, SYS_EXIT
    xor ebx, ebx
    int 80h
