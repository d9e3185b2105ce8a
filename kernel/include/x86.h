// The few things C cannot say: port I/O, control registers, interrupt flag,
// TLB invalidation, IDT/TSS loading, the cycle counter, the trace port. Each
// is a tiny assembly function in kernel/x86.s (our C compiler has no inline
// assembly).
#ifndef GLASSBOX_X86_H
#define GLASSBOX_X86_H

uint inl(uint port);
void outl(uint port, uint value);
void cli(void);
void sti_hlt_cli(void);               // enable interrupts, wait for one, disable again
uint readeflags(void);                // the eflags register (FL_IF: interrupts enabled)
uint rcr2(void);
uint rcr3(void);
void lcr3(uint v);
uint rcr4(void);
void lcr4(uint v);
void invlpg(uint va);
void invpcid_context(uint pcid);        // drop every non-global TLB entry tagged with pcid
uint rdpmc_low(uint counter);           // low word of the machine's counter COUNTER_* (machine.h)
void lidt(void *desc);                // desc: limit16 + base32
void ltr(uint tss_linear);
void rdtsc(uint *lohi);               // lohi[0] = low word, lohi[1] = high word
uint read_ebp(void);
void trace(uint code, uint a, uint b, uint c);
void halt_forever(void);              // cli; hlt: stops the machine (STOP_HALT)

#endif
