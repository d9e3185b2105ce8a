// A tiny x86 (IA-32) machine-code emitter, just big enough to write the
// benchmark's reference kernel for v86 as bytes.
//
// The v86 reference runs "the same loop" on a real x86 emulator, so the loop
// must exist as real x86 machine code. Rather than keep opaque byte strings,
// each instruction the kernel needs is one method here that emits its
// documented encoding (Intel SDM vol. 2): opcode, ModRM, SIB, displacement,
// immediate. Only 32-bit protected-mode forms are provided; registers use the
// x86 numbering (eax=0 … edi=7), the same as Glassbox's.
//
// Labels are resolved at the end: `label(name)` marks the current address,
// branches (rel32) and label-valued immediates (abs32) emit a placeholder
// that `bytes()` patches.

export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

/** A memory operand [base + index*scale + disp]; base/index undefined = absent. */
export interface Mem {
  base?: number;
  index?: number;
  scale?: 1 | 2 | 4 | 8;
  disp?: number;
}

export class X86 {
  private readonly out: number[] = [];
  private readonly labels = new Map<string, number>();
  private readonly fixups: { at: number; label: string; absolute: boolean }[] = [];

  /** @param origin the address the first byte will be loaded at. */
  constructor(readonly origin: number) {}

  /** The address of the next byte to be emitted. */
  get here(): number {
    return this.origin + this.out.length;
  }

  label(name: string): void {
    if (this.labels.has(name)) throw new Error(`x86: label ${name} defined twice`);
    this.labels.set(name, this.here);
  }

  /** The address of a label (only after it is defined). */
  addressOf(name: string): number {
    const a = this.labels.get(name);
    if (a === undefined) throw new Error(`x86: undefined label ${name}`);
    return a;
  }

  byte(...bs: number[]): void {
    for (const b of bs) this.out.push(b & 0xff);
  }

  dword(v: number): void {
    this.byte(v, v >>> 8, v >>> 16, v >>> 24);
  }

  word(v: number): void {
    this.byte(v, v >>> 8);
  }

  /** A data dword holding a label's address. */
  dwordL(target: string): void {
    this.abs32(target);
  }

  /** Pad with zero bytes until the address is a multiple of `n`. */
  align(n: number): void {
    while (this.here % n !== 0) this.out.push(0);
  }

  // --- ModRM helpers --------------------------------------------------------

  /** ModRM with mod=11: register-direct operand. */
  private modrmReg(reg: number, rm: number): void {
    this.byte(0xc0 | ((reg & 7) << 3) | (rm & 7));
  }

  /**
   * ModRM (+SIB) (+disp32) for a memory operand. Always uses a 32-bit
   * displacement (mod=10) when there is a base, so the length does not depend
   * on the displacement's value; no base means mod=00 with disp32.
   */
  private modrmMem(reg: number, m: Mem): void {
    const r = (reg & 7) << 3;
    const disp = m.disp ?? 0;
    const scaleBits = { 1: 0, 2: 1, 4: 2, 8: 3 }[m.scale ?? 1];
    if (m.index === ESP) throw new Error('x86: esp cannot be an index register');
    if (m.base === undefined && m.index === undefined) {
      this.byte(0x00 | r | 5); // [disp32]
    } else if (m.base === undefined) {
      this.byte(0x00 | r | 4, (scaleBits << 6) | ((m.index! & 7) << 3) | 5); // [index*s + disp32]
    } else if (m.index === undefined && m.base !== ESP) {
      this.byte(0x80 | r | (m.base & 7)); // [base + disp32]
    } else {
      const index = m.index ?? ESP; // index field 100 = none
      this.byte(0x80 | r | 4, (scaleBits << 6) | ((index & 7) << 3) | (m.base & 7));
    }
    this.dword(disp);
  }

  // --- Instructions ---------------------------------------------------------

  movRI(r: number, imm: number): void { this.byte(0xb8 + r); this.dword(imm); }
  /** mov r32, imm32 where the immediate is a label's address. */
  movRL(r: number, target: string): void { this.byte(0xb8 + r); this.abs32(target); }
  movRR(dst: number, src: number): void { this.byte(0x89); this.modrmReg(src, dst); }
  movRM(dst: number, m: Mem): void { this.byte(0x8b); this.modrmMem(dst, m); }
  movMR(m: Mem, src: number): void { this.byte(0x89); this.modrmMem(src, m); }
  movMI(m: Mem, imm: number): void { this.byte(0xc7); this.modrmMem(0, m); this.dword(imm); }
  lea(dst: number, m: Mem): void { this.byte(0x8d); this.modrmMem(dst, m); }

  addRR(dst: number, src: number): void { this.byte(0x01); this.modrmReg(src, dst); }
  subRR(dst: number, src: number): void { this.byte(0x29); this.modrmReg(src, dst); }
  xorRR(dst: number, src: number): void { this.byte(0x31); this.modrmReg(src, dst); }
  cmpRR(dst: number, src: number): void { this.byte(0x39); this.modrmReg(src, dst); }
  addRM(dst: number, m: Mem): void { this.byte(0x03); this.modrmMem(dst, m); }
  /** Group-1 ALU with imm32 (81 /n): add=0 or=1 and=4 sub=5 xor=6 cmp=7. */
  private alu81(n: number, r: number, imm: number): void { this.byte(0x81); this.modrmReg(n, r); this.dword(imm); }
  addRI(r: number, imm: number): void { this.alu81(0, r, imm); }
  orRI(r: number, imm: number): void { this.alu81(1, r, imm); }
  andRI(r: number, imm: number): void { this.alu81(4, r, imm); }
  subRI(r: number, imm: number): void { this.alu81(5, r, imm); }
  xorRI(r: number, imm: number): void { this.alu81(6, r, imm); }
  cmpRI(r: number, imm: number): void { this.alu81(7, r, imm); }
  /** inc/dec r32: the one-byte 40+r / 48+r forms of 32-bit mode. */
  incR(r: number): void { this.byte(0x40 + r); }
  decR(r: number): void { this.byte(0x48 + r); }
  /** Shifts by imm8 (C1 /n ib): shl=4 shr=5 sar=7. */
  shlRI(r: number, n: number): void { this.byte(0xc1); this.modrmReg(4, r); this.byte(n); }
  shrRI(r: number, n: number): void { this.byte(0xc1); this.modrmReg(5, r); this.byte(n); }

  pushR(r: number): void { this.byte(0x50 + r); }
  pushI(imm: number): void { this.byte(0x68); this.dword(imm); }
  /** push imm32 where the immediate is a label's address. */
  pushL(target: string): void { this.byte(0x68); this.abs32(target); }
  /** inc dword [m] (FF /0). */
  incM(m: Mem): void { this.byte(0xff); this.modrmMem(0, m); }
  popR(r: number): void { this.byte(0x58 + r); }

  /** Branches always use rel32 so code size never depends on distances. */
  jmp(target: string): void { this.byte(0xe9); this.rel32(target); }
  /** jcc rel32 (0F 80+cc): cc is the x86 condition code (e.g. 5 = ne). */
  jcc(cc: number, target: string): void { this.byte(0x0f, 0x80 + cc); this.rel32(target); }
  jnz(target: string): void { this.jcc(5, target); }
  jz(target: string): void { this.jcc(4, target); }
  call(target: string): void { this.byte(0xe8); this.rel32(target); }
  ret(): void { this.byte(0xc3); }

  private rel32(target: string): void {
    this.fixups.push({ at: this.out.length, label: target, absolute: false });
    this.dword(0);
  }

  private abs32(target: string): void {
    this.fixups.push({ at: this.out.length, label: target, absolute: true });
    this.dword(0);
  }

  /** out imm8, al (E6 ib) and out dx, al (EE). */
  outIAl(port: number): void { this.byte(0xe6, port); }
  outDxAl(): void { this.byte(0xee); }
  cli(): void { this.byte(0xfa); }
  sti(): void { this.byte(0xfb); }
  hlt(): void { this.byte(0xf4); }
  iret(): void { this.byte(0xcf); }
  /** mov crN, r32 (0F 22 /r) and mov r32, crN (0F 20 /r). */
  movCrR(cr: number, r: number): void { this.byte(0x0f, 0x22); this.modrmReg(cr, r); }
  movRCr(r: number, cr: number): void { this.byte(0x0f, 0x20); this.modrmReg(cr, r); }
  /** lgdt [disp32] (0F 01 /2) and lidt [disp32] (0F 01 /3). */
  lgdt(addr: number): void { this.byte(0x0f, 0x01); this.modrmMem(2, { disp: addr }); }
  lidt(addr: number): void { this.byte(0x0f, 0x01); this.modrmMem(3, { disp: addr }); }
  /** ltr r16 (0F 00 /3). */
  ltr(r: number): void { this.byte(0x0f, 0x00); this.modrmReg(3, r); }
  /** mov sreg, r16 (8E /r): es=0 ss=2 ds=3 fs=4 gs=5. */
  movSregR(sreg: number, r: number): void { this.byte(0x8e); this.modrmReg(sreg, r); }
  /** Far jump to selector:offset (EA ptr16:32), used to reload cs. */
  jmpFar(selector: number, target: string): void {
    this.byte(0xea);
    this.abs32(target);
    this.byte(selector, selector >>> 8);
  }

  /** The finished code with every branch resolved. */
  bytes(): Uint8Array {
    const out = Uint8Array.from(this.out);
    const view = new DataView(out.buffer);
    for (const f of this.fixups) {
      const target = this.addressOf(f.label);
      const value = f.absolute ? target : target - (this.origin + f.at + 4);
      view.setInt32(f.at, value | 0, true);
    }
    return out;
  }
}
