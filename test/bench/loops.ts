// The benchmark's guest loops, defined once, and the same computations
// written directly in TypeScript.
//
// Every loop exists three times: as Glassbox assembly (glassbox.ts), as x86
// machine code for v86 (v86-ref.ts) and as TypeScript (here). The three are
// the same instruction for instruction — Glassbox's instruction set is a
// subset of x86's with the same register numbering — so they retire the same
// number of instructions per iteration and leave the same value in eax. The
// benchmark checks that value on every engine: a fast wrong answer is not a
// measurement.
//
// ALU/branch loop (8 instructions per iteration):
//     ; eax = 0, ebx = 0x12345678, ecx = iterations
//   .loop:
//     add eax, ecx
//     xor ebx, eax
//     mov edx, ebx
//     shr edx, 3
//     add eax, edx
//     add ebx, 0x9e3779b9
//     dec ecx
//     jnz .loop
//
// Memory loop (7 instructions per iteration, one load and one store):
//     ; eax = 0, esi = array base, edi = 0, ecx = iterations
//   .loop:
//     mov edx, [esi + edi]
//     add eax, edx
//     mov [esi + edi], eax
//     add edi, STRIDE          ; 4096 + 64: every access is on the next page
//     and edi, MASK            ; working set - 1 (a power of two)
//     dec ecx
//     jnz .loop
//
// The stride of one page plus one cache line makes consecutive accesses fall
// on consecutive pages, cycling through every page of the working set: a
// working set of 16 pages stays in a 64-entry TLB, one of 1024 pages misses
// on every access under LRU.

export const ALU_INSTRUCTIONS_PER_ITERATION = 8;
export const MEM_INSTRUCTIONS_PER_ITERATION = 7;

/** Initial ebx of the ALU loop and its per-iteration increment (the golden ratio, as in hashing). */
export const ALU_SEED = 0x12345678;
export const ALU_STEP = 0x9e3779b9;

/** Page stride of the memory loop: one page plus one cache line. */
export const MEM_STRIDE = 4096 + 64;

export interface AluParams {
  iterations: number;
}

export interface MemParams {
  iterations: number;
  /** Bytes of the array the loop walks; a power of two, at least one page. */
  workingSet: number;
}

/** The ALU loop in TypeScript; returns the final eax. */
export function aluLoopTs(iterations: number): number {
  let eax = 0;
  let ebx = ALU_SEED;
  let edx = 0;
  let ecx = iterations;
  do {
    eax = (eax + ecx) | 0;
    ebx ^= eax;
    edx = ebx >>> 3;
    eax = (eax + edx) | 0;
    ebx = (ebx + ALU_STEP) | 0;
    ecx--;
  } while (ecx !== 0);
  return eax >>> 0;
}

/**
 * The memory loop in TypeScript over `mem` (the guest array as dwords),
 * which it updates in place exactly as the guest does; returns the final eax.
 */
export function memLoopTs(mem: Int32Array, iterations: number, workingSet: number): number {
  const mask = workingSet - 1;
  let eax = 0;
  let edi = 0;
  let ecx = iterations;
  do {
    eax = (eax + mem[edi >>> 2]) | 0;
    mem[edi >>> 2] = eax;
    edi = (edi + MEM_STRIDE) & mask;
    ecx--;
  } while (ecx !== 0);
  return eax >>> 0;
}

/** Throws unless the working set is a power of two of at least a page. */
export function checkWorkingSet(workingSet: number): void {
  if (workingSet < 4096 || (workingSet & (workingSet - 1)) !== 0) {
    throw new Error(`memory loop: working set ${workingSet} is not a power of two >= 4096`);
  }
}
