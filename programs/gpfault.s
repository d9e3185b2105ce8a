; The privileged instructions gpfault.c tries from user mode. Each raises a
; general-protection fault (#GP) in ring 3; the kernel turns that into SIGSEGV.

.text
.globl disable_interrupts
.type disable_interrupts, @function
disable_interrupts:                     ; void disable_interrupts(void): cli
    cli
    ret
.size disable_interrupts, . - disable_interrupts

.globl read_port
.type read_port, @function
read_port:                              ; uint read_port(uint port): in eax, dx
    mov edx, [esp+4]
    in eax, dx
    ret
.size read_port, . - read_port
