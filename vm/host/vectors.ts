// The kernel's interrupt vector stubs, generated (xv6's vectors.pl).
//
// Every vector the kernel handles needs a few instructions that make the
// stack look the same for all traps: push a 0 where the CPU pushes no error
// code (which vectors it does push one for is ERROR_CODE_VECTORS in
// vm/isa/machine.ts), push the vector number, jump to alltraps
// (kernel/trapasm.s). The IDT's address table `vectors` gives each stub's
// address by vector, 0 for vectors without a gate.
//
// The timer's entry (vector32, where the context switch starts at
// ctxsw_1_interrupt) is written by hand in trapasm.s; the table names it too.
// The text is made at build time (the manifest lists it as a generated
// source) and never written to disk.

import { ERROR_CODE_VECTORS, IRQ, VECTOR } from '../isa/machine.js';

const VECTOR_COUNT = 256;
const EXCEPTION_COUNT = 32;

/** The vectors with a gate: the CPU's exceptions, the IRQ lines, the system call. */
export function gatedVectors(): number[] {
  const exceptions = Array.from({ length: EXCEPTION_COUNT }, (_, v) => v);
  const irqs = Object.values(IRQ).map((line) => VECTOR.IRQ_BASE + line);
  return [...new Set([...exceptions, ...irqs, VECTOR.SYSCALL])].sort((a, b) => a - b);
}

/** One stub: the pushes that complete the trap frame's trapno and err, then alltraps. */
function stub(v: number): string[] {
  const errorCode = ERROR_CODE_VECTORS.includes(v) ? [] : ['    push 0'];
  return [`.globl vector${v}`, `vector${v}:`, ...errorCode, `    push ${v}`, '    jmp alltraps', ''];
}

/** The assembly text of kernel/vectors.s. */
export function vectorsAssembly(): string {
  const gated = gatedVectors();
  const lines = [
    '; kernel/vectors.s: generated at build time by vm/host/vectors.ts; not in the repository.',
    '',
    '.text',
    '',
  ];
  for (const v of gated) if (v !== VECTOR.TIMER) lines.push(...stub(v));
  lines.push('; Entry points by vector for idt_init (0 = no gate: using it raises #GP).', '.data', '.align 4', '.globl vectors', 'vectors:');
  for (let v = 0; v < VECTOR_COUNT; v++) lines.push(gated.includes(v) ? `    .long vector${v}` : '    .long 0');
  return lines.join('\n') + '\n';
}
