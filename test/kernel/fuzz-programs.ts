// The fuzz test's programs (test/kernel/fuzz.test.ts), each reproducible
// from a seed:
//
// - random programs: a stream of valid instruction encodings picked from
//   the ISA table (vm/isa/isa.ts) with random register, memory and
//   immediate fields, salted with raw random words and with system-call
//   gadgets (eax = a system call number, ebx/ecx/edx = interesting values:
//   null, kernel addresses, addresses straddling 0xC0000000, their own
//   code, data and stack, small numbers, -1), linked as a user program
//   with a data page of random bytes; one in four is a sequence of system
//   calls alone;
// - mutated programs: a real /bin program with a few bytes changed,
//   half of the time in its ELF and program headers.
//
// System calls that reach outside the program's own process group are left
// out of the gadgets (kill, setpgid, ioctl, which could take the terminal's
// foreground): fuzzexec kills each program's whole group when it ends.

import { assembleAndLink } from '../../vm/asm/index.js';
import { FORMS, Form, hasImm32, hasMemory } from '../../vm/isa/isa.js';
import { prng } from '../prng.js';

const USER_TEXT = 0x0804_8000;
const EXCLUDED_SYSCALLS = new Set(['kill', 'setpgid', 'ioctl']);

/** The system calls random programs make: every number in the kernel's syscall.h but the excluded ones. */
export function syscallMenu(syscallHeader: string): number[] {
  const out: number[] = [];
  for (const m of syscallHeader.matchAll(/^#define SYS_(\w+)\s+(\d+)/gm)) {
    if (!EXCLUDED_SYSCALLS.has(m[1])) out.push(Number(m[2]));
  }
  if (out.length < 20) throw new Error('syscall.h: too few system calls found');
  return out;
}

type Random = () => number;

const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const word = (r: Random): number => Math.floor(r() * 0x1_0000_0000) >>> 0;

// Values that find bugs: edges of the user's half, the program's own areas.
function interesting(r: Random): number {
  return pick(r, [
    0, 1, 2, 4, 16, 255, 4096, 0xffff_ffff, 0x7fff_ffff, 0x8000_0000,
    0xc000_0000, 0xc010_0000, 0xbfff_fff0, 0xbfff_f000, 0xbffe_0000,
    USER_TEXT, USER_TEXT + 0x40, 0x0804_c000, 0x0804_d000, 0x1000, word(r), word(r) & 0xffff,
  ]);
}

const ALLOWED = FORMS.filter((f: Form) => !f.privileged);

function randomInstruction(r: Random): number[] {
  const f = pick(r, ALLOWED);
  const reg = () => Math.floor(r() * 9);       // 8 = no register
  const header = (f.opcode | (reg() << 8) | (reg() << 12) | (reg() << 16) | (Math.floor(r() * 4) << 20) |
    (Math.floor(r() * 3) << 22) | (Math.floor(r() * 256) << 24)) >>> 0;
  const out = [header];
  if (hasMemory(f)) out.push(interesting(r));
  if (hasImm32(f)) out.push(f.operands.includes('rel') ? ((Math.floor(r() * 64) - 32) * 4) >>> 0 : interesting(r));
  return out;
}

const form = (name: string): Form => {
  const f = FORMS.find((x) => x.name === name);
  if (!f) throw new Error(`no form ${name}`);
  return f;
};
const MOV_RI = form('MOV_RI');
const INT = form('INT');

function syscallGadget(r: Random, menu: number[]): number[] {
  const out: number[] = [];
  const regs = [0, 3, 1, 2, 6];                  // eax ebx ecx edx esi
  regs.forEach((reg, i) => {
    out.push((MOV_RI.opcode | (reg << 8) | (8 << 12) | (8 << 16)) >>> 0, i === 0 ? pick(r, menu) : interesting(r));
  });
  out.push((INT.opcode | (8 << 12) | (8 << 16) | (0x80 << 24)) >>> 0);
  return out;
}

/** The assembly of a random program: words of code at _start, a page of random data, a bss page. */
export function randomProgramSource(seed: number, menu: number[]): string {
  const r = prng(seed);
  const code: number[] = [];
  const length = 8 + Math.floor(r() * 120);
  // One program in four is nothing but system calls: a random sequence of
  // them, which random instructions would rarely live long enough to make.
  const gadgets = seed % 4 === 0 ? 1 : 0.25;
  for (let i = 0; i < length; i++) {
    const x = r();
    if (x < gadgets) code.push(...syscallGadget(r, menu));
    else if (x < 0.3) code.push(word(r));
    else code.push(...randomInstruction(r));
  }
  code.push(...syscallGadget(r, [1]));           // and exit, if it gets that far
  const data = Array.from({ length: 1024 }, () => word(r));
  const hex = (n: number) => `0x${n.toString(16)}`;
  return [
    '.text', '.globl _start', '_start:',
    ...code.map((w) => `    .long ${hex(w)}`),
    '.data',
    ...data.map((w) => `    .long ${hex(w)}`),
    '.bss', '    .zero 4096', '',
  ].join('\n');
}

/** A random program as a user ELF. */
export function randomProgram(seed: number, menu: number[]): Uint8Array {
  const r = assembleAndLink([{ name: `fz${seed}.s`, text: randomProgramSource(seed, menu) }], { textBase: USER_TEXT });
  if (!r.elf) throw new Error(`random program ${seed} did not link:\n${r.errors.join('\n')}`);
  return r.elf;
}

/** A copy of elf with 1–8 bytes changed; half of the time they are in the headers (the first 256 bytes). */
export function mutatedProgram(seed: number, elf: Uint8Array): Uint8Array {
  const r = prng(seed);
  const out = elf.slice();
  const headers = r() < 0.5;
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (headers ? Math.min(256, out.length) : out.length));
    out[at] = r() < 0.5 ? Math.floor(r() * 256) : out[at] ^ (1 << Math.floor(r() * 8));
  }
  return out;
}
