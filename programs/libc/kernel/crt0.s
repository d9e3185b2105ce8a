; crt0 for programs that run under the Glassbox kernel.
;
; execve leaves the stack as Linux i386 does:
;   [esp] = argc, [esp+4 ...] = argv[0..argc-1], 0, envp[...], 0
; _start hands argc, argv and envp to __libc_start (start.c), which calls
; main and exits with its return value. ebp = 0 ends the frame chain.

.text
.globl _start
.type _start, @function
_start:
    mov ebp, 0
    mov eax, esp
    mov ecx, [eax]                      ; argc
    lea edx, [eax + 4]                  ; argv
    lea eax, [edx + ecx*4 + 4]          ; envp: past argv's terminating 0
    push eax
    push edx
    push ecx
    call __libc_start
start_spin:                             ; __libc_start never returns
    jmp start_spin
