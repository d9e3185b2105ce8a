; The bare machine's console, as the libc back-end functions
;   int __sys_write(int fd, const void *buf, int n)
;   int __sys_read(int fd, void *buf, int n)
;   void __sys_exit(int status)
; Output goes byte by byte to port 0xE9 (fd is ignored: stdout and stderr
; share the console). Input takes what the console device has queued
; (port 0xE1 says how many bytes, port 0xE0 gives the next one) and never
; waits: an empty queue reads as end of file. The host queues the whole of
; --stdin (up to the device's 4 KiB) before the program runs.

#include "machine.h"

.text
.globl __sys_write
.type __sys_write, @function
__sys_write:
    push ebp
    mov ebp, esp
    mov ecx, [ebp+12]       ; buf
    mov edx, [ebp+16]       ; n
    jmp .test
.loop:
    movzx eax, byte [ecx]
    out PORT_CONSOLE_OUT, eax
    add ecx, 1
    sub edx, 1
.test:
    cmp edx, 0
    jg .loop
    mov eax, [ebp+16]
    leave
    ret
.size __sys_write, . - __sys_write

.globl __sys_read
.type __sys_read, @function
__sys_read:
    push ebp
    mov ebp, esp
    mov ecx, [ebp+12]       ; buf
    mov edx, 0              ; bytes read
.loop:
    cmp edx, [ebp+16]
    jge .done
    in eax, PORT_CONSOLE_STATUS           ; bytes queued
    cmp eax, 0
    je .done
    in eax, PORT_CONSOLE_IN
    mov [ecx+edx], al
    add edx, 1
    jmp .loop
.done:
    mov eax, edx
    leave
    ret
.size __sys_read, . - __sys_read

.globl __sys_exit
.type __sys_exit, @function
__sys_exit:
    push ebp
    mov ebp, esp
    mov eax, [ebp+8]
    out PORT_EXIT, eax
.hang:
    hlt
    jmp .hang
.size __sys_exit, . - __sys_exit
