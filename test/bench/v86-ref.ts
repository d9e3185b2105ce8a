// The v86 reference: the benchmark's loops as real x86 code on v86, the x86
// emulator with a JIT to WebAssembly (npm package `v86`, BSD-2-Clause).
//
// No BIOS and no disk image are needed. v86's `multiboot` option, given no
// `bios`, loads a multiboot kernel itself at start-up (see
// load_multiboot_option_rom in node_modules/v86/build/libv86-debug.mjs): it
// copies the image to its load address and starts it in 32-bit protected mode
// with flat segments, paging off and interrupts disabled. So the kernel here
// is a few hundred bytes written with the x86 emitter (x86.ts): a multiboot
// header using the "address fields" form (flag 16, no ELF needed), then code
// that sets up what the measurement asks for — a GDT with ring-3 segments and
// a TSS, an IDT, the 8259 PIC and the 8254 PIT at 1 kHz, identity-mapped
// 4 KiB pages — and runs the loop `reps` times.
//
// Measuring: the guest writes 'S' to COM1 (port 0x3F8) before each
// repetition and 'E' after it; v86 delivers each byte synchronously, from
// inside the emulated `out`, to a `serial0-output-byte` listener, which
// stamps it with performance.now(). 'D' ends the run; 'F' means the CPU took
// an exception (a bug in this kernel). MIPS = the loop's instruction count
// (iterations × instructions per iteration, known exactly) / wall time
// between 'S' and 'E'. The first repetitions run before v86's JIT has
// compiled the loop (compilation is asynchronous), so callers discard them.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { V86 } from 'v86';
import { X86, EAX, EBX, ECX, EDX, ESP, EBP, ESI, EDI } from './x86.js';
import {
  ALU_INSTRUCTIONS_PER_ITERATION, ALU_SEED, ALU_STEP, MEM_INSTRUCTIONS_PER_ITERATION, MEM_STRIDE,
  AluParams, MemParams, checkWorkingSet,
} from './loops.js';
import { cpuMs } from './stats.js';

export type V86Loop = ({ kind: 'alu' } & AluParams) | ({ kind: 'mem' } & MemParams);

export interface V86KernelOptions {
  loop: V86Loop;
  /** Times the loop runs, each bracketed by 'S' and 'E' on the serial port. */
  reps: number;
  /** Identity-map the first 16 MiB with 4 KiB pages and turn paging on. */
  paging: boolean;
  /** Run the loop in ring 3 (with IOPL 3 so it can write the serial port). */
  user: boolean;
  /** Program the PIT for 1000 interrupts per second and enable interrupts. */
  timer: boolean;
}

// Physical layout (the kernel maps virtual = physical).
const LOAD_ADDRESS = 0x10_0000;  // where the multiboot loader puts the image
const TSS = 0x3000;              // 104-byte task state segment
const IDT = 0x4000;              // 48 gates: exceptions 0..31 and IRQs 32..47
const IDT_GATES = 48;
// Timer interrupts taken. Not in the image: a write to a page that holds
// compiled code makes v86 throw that code away (self-modifying code), so
// every tick would send the loop back to the interpreter.
const TICKS = 0x5000;
const USER_STACK_TOP = 0x8_0000;
const KERNEL_STACK_TOP = 0x9_0000;
const RESULTS = 0x20_0000;       // eax after each repetition
const PAGE_DIRECTORY = 0x40_0000;
const PAGE_TABLES = 0x40_1000;   // 4 tables: 16 MiB
const MAPPED_PAGE_TABLES = 4;
const ARRAY = 0x80_0000;    // the memory loop's array (up to 8 MiB)
const MEMORY_SIZE = 32 << 20;

const COM1 = 0x3f8;
const KERNEL_CS = 0x08, KERNEL_DS = 0x10, USER_CS = 0x1b, USER_DS = 0x23, TSS_SEL = 0x28;
const PIT_HZ = 1_193_182;
const TIMER_HZ = 1000;

/** Build the multiboot kernel image that runs `options.loop`. */
export function buildV86Kernel(options: V86KernelOptions): Uint8Array {
  if (options.loop.kind === 'mem') {
    checkWorkingSet(options.loop.workingSet);
    if (options.loop.workingSet > 8 << 20) throw new Error('v86 reference: working set above 8 MiB');
  }
  const a = new X86(LOAD_ADDRESS);
  multibootHeader(a);
  descriptorTables(a);
  a.label('entry');
  a.cli();
  a.movRI(ESP, KERNEL_STACK_TOP);
  loadSegments(a);
  buildIdt(a);
  programPic(a, options.timer);
  if (options.paging) enablePaging(a);
  enterProgram(a, options);
  handlers(a);
  program(a, options);
  return a.bytes();
}

/**
 * Multiboot header, "address fields" form: magic, flags (bit 16), checksum,
 * header_addr, load_addr, load_end_addr (0: the whole file),
 * bss_end_addr (0: none), entry_addr.
 */
function multibootHeader(a: X86): void {
  const MAGIC = 0x1badb002, FLAGS = 0x0001_0000;
  a.dword(MAGIC);
  a.dword(FLAGS);
  a.dword(-(MAGIC + FLAGS) | 0);
  a.dword(LOAD_ADDRESS);
  a.dword(LOAD_ADDRESS);
  a.dword(0);
  a.dword(0);
  a.dwordL('entry');
}

/** The GDT (flat 4 GiB segments for rings 0 and 3, and the TSS) and the GDTR/IDTR images. */
function descriptorTables(a: X86): void {
  a.align(8);
  a.label('gdt');
  a.dword(0), a.dword(0);                   // 0x00 null
  a.dword(0x0000ffff), a.dword(0x00cf9a00); // 0x08 ring-0 code
  a.dword(0x0000ffff), a.dword(0x00cf9200); // 0x10 ring-0 data
  a.dword(0x0000ffff), a.dword(0x00cffa00); // 0x18 ring-3 code
  a.dword(0x0000ffff), a.dword(0x00cff200); // 0x20 ring-3 data
  a.dword((TSS << 16) | 0x67);              // 0x28 TSS: limit 103, base TSS (below 64 KiB)
  a.dword(0x0000_8900);                     //      present, DPL 0, available 32-bit TSS
  a.label('gdtr');
  a.word(6 * 8 - 1);
  a.dwordL('gdt');
  a.label('idtr');
  a.word(IDT_GATES * 8 - 1);
  a.dword(IDT);
}

/** Load the GDT, reload every segment register, fill in and load the TSS. */
function loadSegments(a: X86): void {
  a.lgdt(a.addressOf('gdtr'));
  a.jmpFar(KERNEL_CS, 'reload_cs');
  a.label('reload_cs');
  a.movRI(EAX, KERNEL_DS);
  for (const sreg of [0, 2, 3, 4, 5]) a.movSregR(sreg, EAX); // es ss ds fs gs
  a.movMI({ disp: TSS + 4 }, KERNEL_STACK_TOP); // esp0
  a.movMI({ disp: TSS + 8 }, KERNEL_DS);        // ss0
  a.movMI({ disp: TSS + 100 }, 104 << 16);      // I/O map base beyond the limit: no bitmap
  a.movRI(EAX, TSS_SEL);
  a.ltr(EAX);
}

/** IDT: vectors 0..31 go to `fault`, 32..47 to `irq`; all ring-0 interrupt gates. */
function buildIdt(a: X86): void {
  a.movRI(EDI, IDT);
  gates(a, 'fault', 32);
  gates(a, 'irq', IDT_GATES - 32);
  a.lidt(a.addressOf('idtr'));
}

/** Write `count` interrupt gates to `handler` at edi (edi advances). */
function gates(a: X86, handler: string, count: number): void {
  const loop = `gates_${handler}`;
  a.movRL(EAX, handler);
  a.movRI(ECX, count);
  a.label(loop);
  a.movRR(EDX, EAX);
  a.andRI(EDX, 0xffff);
  a.orRI(EDX, KERNEL_CS << 16);        // offset 0..15, selector
  a.movMR({ base: EDI }, EDX);
  a.movRR(EDX, EAX);
  a.andRI(EDX, 0xffff0000);
  a.orRI(EDX, 0x8e00);                 // present, DPL 0, 32-bit interrupt gate; offset 16..31
  a.movMR({ base: EDI, disp: 4 }, EDX);
  a.addRI(EDI, 8);
  a.decR(ECX);
  a.jnz(loop);
}

/**
 * Remap the 8259 PICs to vectors 32..47 and mask everything but, with the
 * timer, IRQ 0; program PIT channel 0 as a rate generator at TIMER_HZ.
 */
function programPic(a: X86, timer: boolean): void {
  const out = (port: number, value: number) => {
    a.movRI(EAX, value);
    a.outIAl(port);
  };
  out(0x20, 0x11), out(0xa0, 0x11); // ICW1: edge, cascade, ICW4 follows
  out(0x21, 0x20), out(0xa1, 0x28); // ICW2: vector bases
  out(0x21, 0x04), out(0xa1, 0x02); // ICW3: slave on IRQ 2
  out(0x21, 0x01), out(0xa1, 0x01); // ICW4: 8086 mode
  out(0x21, timer ? 0xfe : 0xff), out(0xa1, 0xff);
  if (timer) {
    const divisor = Math.round(PIT_HZ / TIMER_HZ);
    out(0x43, 0x34); // channel 0, lobyte/hibyte, mode 2
    out(0x40, divisor & 0xff);
    out(0x40, divisor >>> 8);
  }
}

/** Identity-map 16 MiB with 4 KiB user-accessible, writable pages; cr3; cr0.PG. */
function enablePaging(a: X86): void {
  a.movRI(EDI, PAGE_TABLES);
  a.movRI(EAX, 0x7); // frame 0 | present | writable | user
  a.movRI(ECX, MAPPED_PAGE_TABLES * 1024);
  a.label('fill_ptes');
  a.movMR({ base: EDI }, EAX);
  a.addRI(EAX, 4096);
  a.addRI(EDI, 4);
  a.decR(ECX);
  a.jnz('fill_ptes');
  a.movRI(EDI, PAGE_DIRECTORY);
  a.movRI(EAX, PAGE_TABLES | 0x7);
  a.movRI(ECX, MAPPED_PAGE_TABLES);
  a.label('fill_pdes');
  a.movMR({ base: EDI }, EAX);
  a.addRI(EAX, 4096);
  a.addRI(EDI, 4);
  a.decR(ECX);
  a.jnz('fill_pdes');
  a.movRI(EAX, PAGE_DIRECTORY);
  a.movCrR(3, EAX);
  a.movRCr(EAX, 0);
  a.orRI(EAX, 0x8000_0000);
  a.movCrR(0, EAX);
}

/** Start `program`: in ring 3 through an iret frame, or in ring 0 by a jump. */
function enterProgram(a: X86, options: V86KernelOptions): void {
  const IF = 0x200, IOPL3 = 0x3000, RESERVED = 0x2;
  const eflags = RESERVED | (options.timer ? IF : 0) | IOPL3;
  if (options.user) {
    a.movRI(EAX, USER_DS);
    for (const sreg of [0, 3, 4, 5]) a.movSregR(sreg, EAX); // es ds fs gs
    a.pushI(USER_DS);
    a.pushI(USER_STACK_TOP);
    a.pushI(eflags);
    a.pushI(USER_CS);
    a.pushL('program');
    a.iret();
  } else {
    if (options.timer) a.sti();
    a.jmp('program');
  }
}

/** `fault`: report 'F' and stop. `irq`: count, acknowledge the PIC, return. */
function handlers(a: X86): void {
  a.label('fault');
  a.movRI(EDX, COM1);
  a.movRI(EAX, 'F'.charCodeAt(0));
  a.outDxAl();
  a.cli();
  a.hlt();
  a.label('irq');
  a.pushR(EAX);
  a.incM({ disp: TICKS });
  a.movRI(EAX, 0x20); // non-specific end of interrupt
  a.outIAl(0x20);
  a.popR(EAX);
  a.iret();
}

/** The measured program: `reps` times { 'S'; loop; store eax; 'E' }, then 'D' and spin. */
function program(a: X86, options: V86KernelOptions): void {
  const serial = (ch: string) => {
    a.movRI(EDX, COM1);
    a.movRI(EAX, ch.charCodeAt(0));
    a.outDxAl();
  };
  a.label('program');
  a.movRI(EBP, options.reps);
  a.label('rep');
  serial('S');
  if (options.loop.kind === 'alu') aluLoop(a, options.loop);
  else memLoop(a, options.loop);
  a.movMR({ index: EBP, scale: 4, disp: RESULTS - 4 }, EAX); // results[reps - ebp]
  serial('E');
  a.decR(EBP);
  a.jnz('rep');
  serial('D');
  a.label('spin');
  a.jmp('spin');
}

/** The ALU loop of loops.ts, instruction for instruction. */
function aluLoop(a: X86, p: AluParams): void {
  a.movRI(EAX, 0);
  a.movRI(EBX, ALU_SEED);
  a.movRI(ECX, p.iterations);
  a.label('alu_loop');
  a.addRR(EAX, ECX);
  a.xorRR(EBX, EAX);
  a.movRR(EDX, EBX);
  a.shrRI(EDX, 3);
  a.addRR(EAX, EDX);
  a.addRI(EBX, ALU_STEP);
  a.decR(ECX);
  a.jnz('alu_loop');
}

/** The memory loop of loops.ts, instruction for instruction. */
function memLoop(a: X86, p: MemParams): void {
  a.movRI(EAX, 0);
  a.movRI(ESI, ARRAY);
  a.movRI(EDI, 0);
  a.movRI(ECX, p.iterations);
  a.label('mem_loop');
  a.movRM(EDX, { base: ESI, index: EDI });
  a.addRR(EAX, EDX);
  a.movMR({ base: ESI, index: EDI }, EAX);
  a.addRI(EDI, MEM_STRIDE);
  a.andRI(EDI, p.workingSet - 1);
  a.decR(ECX);
  a.jnz('mem_loop');
}

export interface V86Rep {
  /** Wall time between 'S' and 'E', milliseconds, and this process's CPU time over the same span. */
  ms: number;
  cpuMs: number;
  /** v86's own instruction counter between 'S' and 'E' (a cross-check; it is updated per basic block). */
  counted: number;
}

export interface V86Run {
  reps: V86Rep[];
  /** eax after each repetition. */
  results: number[];
  /** Timer interrupts taken over the whole run, and the run's wall time in ms ('S' of the first rep to 'D'). */
  ticks: number;
  wallMs: number;
  /** Instructions per repetition of the loop (exact). */
  instructionsPerRep: number;
}

/** Boot the kernel in a fresh v86 and collect its repetitions. Rejects on a fault or a timeout. */
export async function runV86(options: V86KernelOptions, timeoutMs = 60_000): Promise<V86Run> {
  const image = buildV86Kernel(options);
  const wasm = readFileSync(v86WasmPath());
  const emulator = new V86({
    wasm_fn: async (env: WebAssembly.Imports) => (await WebAssembly.instantiate(wasm, env)).instance.exports,
    memory_size: MEMORY_SIZE,
    vga_memory_size: 2 << 20,
    multiboot: { buffer: image.slice().buffer as ArrayBuffer },
    autostart: true,
  });
  const perRep = options.loop.kind === 'alu'
    ? options.loop.iterations * ALU_INSTRUCTIONS_PER_ITERATION
    : options.loop.iterations * MEM_INSTRUCTIONS_PER_ITERATION;
  try {
    return await new Promise<V86Run>((resolve, reject) => {
      const reps: V86Rep[] = [];
      let startMs = 0, startCpu = 0, startCount = 0, firstMs = -1;
      const timer = setTimeout(() => reject(new Error(`v86 reference: no result after ${timeoutMs} ms`)), timeoutMs);
      emulator.add_listener('serial0-output-byte', (byte: number) => {
        const now = performance.now();
        const cpu = cpuMs();
        const count = emulator.get_instruction_counter();
        const ch = String.fromCharCode(byte);
        if (ch === 'S') {
          startMs = now;
          startCpu = cpu;
          startCount = count;
          if (firstMs < 0) firstMs = now;
        } else if (ch === 'E') {
          reps.push({ ms: now - startMs, cpuMs: cpu - startCpu, counted: (count - startCount) >>> 0 });
        } else if (ch === 'D') {
          clearTimeout(timer);
          const raw = emulator.read_memory(RESULTS, 4 * options.reps);
          const words = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
          const results: number[] = [];
          for (let k = 0; k < options.reps; k++) results.push(words.getUint32(4 * (options.reps - 1 - k), true));
          const t = emulator.read_memory(TICKS, 4);
          const ticks = new DataView(t.buffer, t.byteOffset, 4).getUint32(0, true);
          resolve({ reps, results, ticks, wallMs: now - firstMs, instructionsPerRep: perRep });
        } else if (ch === 'F') {
          clearTimeout(timer);
          reject(new Error('v86 reference: the kernel took an unexpected exception'));
        }
      });
    });
  } finally {
    await emulator.destroy();
  }
}

/** node_modules/v86/build/v86.wasm, found through the package's own entry point. */
function v86WasmPath(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('v86'); // …/v86/build/libv86.mjs
  return main.replace(/libv86\.m?js$/, 'v86.wasm');
}
