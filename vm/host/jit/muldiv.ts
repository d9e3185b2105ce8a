// Wide multiply and divide in a compiled block: edx:eax as the interpreter's
// mulWide and divWide (vm/core/alu.ts) compute them, in i64 arithmetic.
//
// Division never traps in WebAssembly here: a zero divisor, and a quotient
// that does not fit 32 bits (INT64_MIN / -1 included, computed as a negation
// so i64.div_s never sees it), leave the block with JIT_EXIT.DE before the
// instruction, registers and flags untouched and nothing of it charged —
// the core then raises #DE exactly as after the interpreter's EXIT_DE.

import { JIT_EXIT, LAZY } from '../../isa/machine.js';
import { Block, L_CF, L_E, L_FA, L_FK, L_P64, L_Q64, L_R64, L_T } from './block.js';
import { eagerFlags } from './flags.js';

/** mul/imul with one operand (local v): edx:eax = eax * v; CF = OF = the high half is needed. */
export function mulWide(c: Block, signed: boolean, v: number): void {
  const b = c.b;
  const ext = (): void => { if (signed) b.extendS(); else b.extendU(); };
  c.reg(0); ext(); b.get(v); ext(); b.mul64().set(L_P64);
  b.get(L_P64).wrap().set(L_T); // low half
  b.get(L_P64).i64(32).shrU64().wrap().set(L_E); // high half
  if (signed) b.get(L_P64).get(L_T).extendS().ne64().set(L_CF);
  else b.get(L_E).i32(0).ne().set(L_CF);
  b.get(L_T); c.setReg(0);
  b.get(L_E); c.setReg(2);
  eagerFlags(c, L_CF, L_CF, L_T); b.set(L_FA);
  b.i32(LAZY.EAGER).set(L_FK); c.kind = LAZY.EAGER;
}

/** div/idiv of edx:eax by local v (instruction k): eax = quotient, edx = remainder, flags unchanged; else #DE. */
export function divWide(c: Block, k: number, signed: boolean, v: number): void {
  const b = c.b;
  const de = (): void => { b.if(); c.exit(c.delta(k), JIT_EXIT.DE); b.end(); };
  b.get(v).eqz(); de();
  c.reg(2); b.extendU().i64(32).shl64(); c.reg(0); b.extendU().or64().set(L_P64);
  if (!signed) {
    b.get(L_P64).get(v).extendU().divU64().set(L_Q64);
    b.get(L_Q64).i64(32).shrU64().eqz64().eqz(); de();
    b.get(L_P64).get(v).extendU().remU64().set(L_R64);
  } else {
    b.get(v).i32(-1).eq();
    b.if();
    b.i64(0).get(L_P64).sub64().set(L_Q64).i64(0).set(L_R64);
    b.else();
    b.get(L_P64).get(v).extendS().divS64().set(L_Q64);
    b.get(L_P64).get(v).extendS().remS64().set(L_R64);
    b.end();
    b.get(L_Q64).get(L_Q64).wrap().extendS().ne64(); de();
  }
  b.get(L_Q64).wrap(); c.setReg(0);
  b.get(L_R64).wrap(); c.setReg(2);
}
