// The boot image builder: everything between "a kernel ELF and some files"
// and "a machine whose CPU is at the kernel's first instruction".
//
// Guest physical memory after boot() (addresses grow downwards here):
//
//   reserved_end  ─┐ page aligned; the kernel's page allocator starts above
//   ramfs archive  │ cpio "newc" (as Linux's initramfs), page aligned
//   command line   │ NUL-terminated, right after the boot-info block
//   boot info      │ one page, page aligned, just past the kernel image
//   kernel image   │ PT_LOADs at p_paddr (0x100000 up), .bss zero-filled
//   0             ─┘
//
// The hand-off is multiboot-like: eax = BOOT_MAGIC, ebx = physical address
// of the boot-info block, eip = e_entry - KERNBASE, paging off, ring 0.
// kernel/include/bootinfo.h is the only description of the block: this
// file reads its `#define BI_*` offsets from the header text (and the trace
// codes from trace.h, the system-call numbers from syscall.h), so host and
// kernel cannot drift apart.
//
// Nothing here touches the file system: header and source texts come in
// through a SourceReader, so the browser can use it as well as Node.

import { Machine, hex } from './machine.js';
import { MachineOptions } from './machine-config.js';
import { MachineEvent } from './event-ring.js';
import { readElf } from '../asm/elf.js';
import { assembleAndLink } from '../asm/index.js';
import { EVENT } from '../isa/machine.js';
import { formatEvent } from './events.js';

/** Returns a file's text by repository-relative path ("kernel/proc.c"), or undefined. */
export type SourceReader = (path: string) => string | undefined;

import { KERNBASE } from './kernel-view.js';
export { KERNBASE };
export const PAGE = 0x1000;

// ----------------------------------------------------------------------------
// Header constants

/** Every `#define NAME NUMBER` of a header (decimal, hex or octal), by name. */
export function parseDefines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uU]?\b/gm;
  for (const m of text.matchAll(re)) {
    const lit = m[2];
    const value = /^0[xX]/.test(lit) ? parseInt(lit.slice(2), 16) : lit.length > 1 && lit[0] === '0' ? parseInt(lit, 8) : parseInt(lit, 10);
    out.set(m[1], value);
  }
  return out;
}

function need(defs: Map<string, number>, name: string, header: string): number {
  const v = defs.get(name);
  if (v === undefined) throw new BootError(`${header}: no #define ${name}`);
  return v;
}

export class BootError extends Error {}

/** The boot-info block's layout, read from kernel/include/bootinfo.h. */
export interface BootInfoLayout {
  magic: number;
  size: number;
  /** Byte offsets of the fields, by name without the BI_ prefix (MEM_BYTES, RAMFS_ADDR, ...). */
  offsets: Record<string, number>;
}

export const BOOTINFO_FIELDS = [
  'MAGIC', 'MEM_BYTES', 'RAMFS_ADDR', 'RAMFS_SIZE', 'QUANTUM', 'CMDLINE_ADDR', 'CMDLINE_LEN', 'RESERVED_END',
] as const;

export function bootInfoLayout(headerText: string): BootInfoLayout {
  const defs = parseDefines(headerText);
  const offsets: Record<string, number> = {};
  for (const f of BOOTINFO_FIELDS) offsets[f] = need(defs, `BI_${f}`, 'bootinfo.h');
  return { magic: need(defs, 'BOOT_MAGIC', 'bootinfo.h'), size: need(defs, 'BI_SIZE', 'bootinfo.h'), offsets };
}

// ----------------------------------------------------------------------------
// The ramfs archive

export interface RamfsEntry {
  /** Absolute path in the guest: "/bin/sh". */
  path: string;
  kind: 'file' | 'dir' | 'chardev';
  data?: Uint8Array;
  /** Device number for a chardev (1 console, 2 null). */
  major?: number;
}

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFCHR = 0o020000;

/**
 * A cpio "newc" archive of the entries (parents before children is the
 * caller's business; the kernel creates directories as it meets them).
 */
export function makeCpio(entries: RamfsEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const enc = new TextEncoder();
  const push = (b: Uint8Array): void => {
    chunks.push(b);
    length += b.length;
  };
  const pad = (): void => {
    const n = (4 - (length % 4)) % 4;
    if (n) push(new Uint8Array(n));
  };
  const member = (name: string, mode: number, data: Uint8Array, ino: number, rdevMajor: number): void => {
    const nameBytes = enc.encode(name + '\0');
    const fields = [ino, mode, 0, 0, 1, 0, data.length, 0, 0, rdevMajor, 0, nameBytes.length, 0];
    push(enc.encode('070701' + fields.map((f) => (f >>> 0).toString(16).padStart(8, '0')).join('')));
    push(nameBytes);
    pad();
    push(data);
    pad();
  };
  entries.forEach((e, i) => {
    const name = e.path.replace(/^\/+/, '');
    if (!name) throw new BootError(`ramfs entry with an empty path`);
    const mode = e.kind === 'dir' ? S_IFDIR | 0o755 : e.kind === 'chardev' ? S_IFCHR | 0o666 : S_IFREG | 0o755;
    member(name, mode, e.kind === 'file' ? (e.data ?? new Uint8Array(0)) : new Uint8Array(0), i + 1, e.major ?? 0);
  });
  member('TRAILER!!!', 0, new Uint8Array(0), 0, 0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** An ELF32 file's program headers, read without parsing the rest of the file. */
export function programHeaders(elf: Uint8Array): { offset: number; paddr: number; filesz: number; memsz: number }[] {
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  if (elf.length < 52 || view.getUint32(0, true) !== 0x464c457f) throw new BootError('not an ELF file');
  const phoff = view.getUint32(28, true);
  const phentsize = view.getUint16(42, true);
  const phnum = view.getUint16(44, true);
  if (phentsize < 32 || phoff + phentsize * phnum > elf.length) throw new BootError('ELF program headers out of bounds');
  const out = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    out.push({
      offset: view.getUint32(at + 4, true),
      paddr: view.getUint32(at + 12, true),
      filesz: view.getUint32(at + 16, true),
      memsz: view.getUint32(at + 20, true),
    });
  }
  return out;
}

const strippedCache = new WeakMap<Uint8Array, Uint8Array>();

/**
 * An executable without what only a debugger needs: the file cut after its
 * last loaded byte, section headers dropped (as `strip` does, more or less).
 * The loaded segments keep their file offsets, so the result is a valid ELF
 * that loads exactly as the original. The host keeps the full file for
 * symbols and line tables; the guest's /bin gets this one (several times
 * smaller: the compiler's debug sections are most of a program file).
 */
export function stripElf(elf: Uint8Array): Uint8Array {
  const cached = strippedCache.get(elf);
  if (cached) return cached;
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  let end = 52;
  for (const ph of programHeaders(elf)) end = Math.max(end, ph.offset + ph.filesz);
  end = Math.max(end, view.getUint32(28, true) + view.getUint16(42, true) * view.getUint16(44, true));
  if (end > elf.length) throw new BootError('ELF segment beyond the end of the file');
  const out = elf.slice(0, end);
  const outView = new DataView(out.buffer);
  outView.setUint32(32, 0, true); // e_shoff
  outView.setUint16(46, 0, true); // e_shentsize
  outView.setUint16(48, 0, true); // e_shnum
  outView.setUint16(50, 0, true); // e_shstrndx
  strippedCache.set(elf, out);
  return out;
}

/**
 * The standard file tree: /bin with the programs (stripped), /etc/motd,
 * /dev/console, /dev/null, /tmp.
 */
export function standardRamfs(programs: Map<string, Uint8Array>, motd = DEFAULT_MOTD): RamfsEntry[] {
  const entries: RamfsEntry[] = [
    { path: '/bin', kind: 'dir' },
    { path: '/dev', kind: 'dir' },
    { path: '/etc', kind: 'dir' },
    { path: '/tmp', kind: 'dir' },
    { path: '/dev/console', kind: 'chardev', major: 1 },
    { path: '/dev/null', kind: 'chardev', major: 2 },
    { path: '/etc/motd', kind: 'file', data: new TextEncoder().encode(motd) },
  ];
  for (const [name, elf] of [...programs].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    entries.push({ path: `/bin/${name}`, kind: 'file', data: stripElf(elf) });
  }
  return entries;
}

export const DEFAULT_MOTD =
  'Welcome to Glassbox. Programs are in /bin (try ls /bin, ps, pmap 1, zombie, orphan, segfault).\n';

// ----------------------------------------------------------------------------
// Loading and starting

export interface BootImage {
  /** The kernel ELF (linked at 0xC0100000, loaded at 0x100000). */
  kernel: Uint8Array;
  /** Text of kernel/include/bootinfo.h. */
  bootInfoHeader: string;
  /** The ramfs contents. */
  ramfs: RamfsEntry[];
  /** Kernel command line ("init=/bin/sh quiet ..."). */
  cmdline?: string;
  /** Timer period in cycles (the scheduling quantum); 0 = the kernel's default. */
  quantum?: number;
}

export interface BootLayout {
  entry: number;
  kernelEnd: number;
  bootInfo: number;
  cmdline: number;
  ramfs: number;
  ramfsSize: number;
  reservedEnd: number;
}

const alignPage = (n: number): number => Math.ceil(n / PAGE) * PAGE;

/**
 * Put the image into the machine's RAM and set the CPU to the kernel's
 * entry as the boot protocol says. The machine should be fresh (or reset).
 */
export function loadBootImage(m: Machine, image: BootImage): BootLayout {
  const layout = bootInfoLayout(image.bootInfoHeader);
  // Loading needs only the segments: a stripped copy parses much faster.
  const { entry } = m.loadElf(stripElf(image.kernel));
  let kernelEnd = 0;
  for (const ph of programHeaders(image.kernel)) kernelEnd = Math.max(kernelEnd, ph.paddr + ph.memsz);
  const bootInfo = alignPage(kernelEnd);
  const cmdText = new TextEncoder().encode((image.cmdline ?? '') + '\0');
  if (layout.size + cmdText.length > PAGE) throw new BootError('kernel command line longer than a page');
  const cmdline = bootInfo + layout.size;
  const archive = makeCpio(image.ramfs);
  const ramfs = bootInfo + PAGE;
  const reservedEnd = alignPage(ramfs + archive.length);
  if (reservedEnd + 64 * PAGE > m.ramSize) throw new BootError(`the boot image (${reservedEnd} bytes) does not fit in RAM`);

  const block = new Uint8Array(layout.size);
  const view = new DataView(block.buffer);
  const put = (field: string, value: number): void => view.setUint32(layout.offsets[field], value >>> 0, true);
  put('MAGIC', layout.magic);
  put('MEM_BYTES', m.ramSize);
  put('RAMFS_ADDR', ramfs);
  put('RAMFS_SIZE', archive.length);
  put('QUANTUM', image.quantum ?? 0);
  put('CMDLINE_ADDR', cmdline);
  put('CMDLINE_LEN', cmdText.length - 1);
  put('RESERVED_END', reservedEnd);
  m.writePhys(bootInfo, block);
  m.writePhys(cmdline, cmdText);
  m.writePhys(ramfs, archive);

  m.setReg('eax', layout.magic);
  m.setReg('ebx', bootInfo);
  m.eip = (entry - KERNBASE) >>> 0;
  return { entry, kernelEnd, bootInfo, cmdline, ramfs, ramfsSize: archive.length, reservedEnd };
}

// ----------------------------------------------------------------------------
// Building the kernel and the programs

/** Kernel sources, in link order (entry.s first: _start at 0xC0100000). */
export const KERNEL_SOURCES = [
  'kernel/entry.s', 'kernel/x86.s', 'kernel/trapasm.s', 'kernel/swtch.s', 'kernel/memory.s',
  'kernel/main.c', 'kernel/string.c', 'kernel/printf.c', 'kernel/console.c', 'kernel/kalloc.c', 'kernel/vm.c',
  'kernel/trap.c', 'kernel/proc.c', 'kernel/syscall.c', 'kernel/sysproc.c', 'kernel/sysfile.c', 'kernel/file.c',
  'kernel/ramfs.c', 'kernel/cpio.c', 'kernel/exec.c', 'kernel/pipe.c', 'kernel/signal.c',
];

/** The programs installed in /bin, each built from programs/NAME.c (plus programs/NAME.s if there is one). */
export const PROGRAMS = [
  'init', 'sh', 'ls', 'cat', 'echo', 'ps', 'kill', 'sleep', 'true', 'false', 'pmap', 'mkdir', 'rm', 'exitwith',
  'zombie', 'orphan', 'segfault', 'codewrite', 'overflow', 'illegal', 'divzero', 'spin', 'forkbomb', 'badptr',
  'sysfuzz', 'race', 'threadcrash', 'spinthreads', 'gpfault', 'sigdemo', 'leak', 'lrucache', 'allocbench',
  'threadpool', 'cowdemo',
];

export const KERNEL_INCLUDE = 'kernel/include';
export const LIBC_INCLUDE = 'programs/libc/include';

/**
 * How C becomes assembly and programs become ELF files; supplied by the C
 * compiler (vm/cc) — see systemToolchain() in vm/cli/run.ts.
 */
export interface Toolchain {
  /** Compile one kernel C file (freestanding, includes from kernel/include) to assembly. */
  compileKernelC(path: string, text: string, read: SourceReader): { asm?: string; errors: string[] };
  /** Build a user program (with libc and the kernel crt0) from its sources. */
  buildUserProgram(sources: { path: string; text: string }[], read: SourceReader): { elf?: Uint8Array; errors: string[] };
}

export interface SystemBuild {
  kernel: Uint8Array;
  programs: Map<string, Uint8Array>;
}

export class BuildError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.slice(0, 20).join('\n') + (errors.length > 20 ? `\n… and ${errors.length - 20} more` : ''));
  }
}

/** Compile and link the kernel. Throws BuildError with every message. */
export function buildKernel(tc: Toolchain, read: SourceReader): Uint8Array {
  const files: { name: string; text: string }[] = [];
  const errors: string[] = [];
  for (const path of KERNEL_SOURCES) {
    const text = read(path);
    if (text === undefined) {
      errors.push(`${path}: missing`);
      continue;
    }
    if (path.endsWith('.s')) {
      files.push({ name: path, text });
      continue;
    }
    const r = tc.compileKernelC(path, text, read);
    errors.push(...r.errors);
    if (r.asm !== undefined) files.push({ name: path.replace(/\.c$/, '.s'), text: r.asm });
  }
  if (errors.length) throw new BuildError(errors);
  const linked = assembleAndLink(files, { textBase: 0xc010_0000, physOffset: KERNBASE, entry: '_start' });
  if (!linked.elf) throw new BuildError(linked.errors);
  return linked.elf;
}

/** Build one program of programs/ by name (NAME.c, and NAME.s when it exists). Throws BuildError. */
export function buildProgram(tc: Toolchain, read: SourceReader, name: string): Uint8Array {
  const path = `programs/${name}.c`;
  const text = read(path);
  if (text === undefined) throw new BuildError([`${path}: missing`]);
  const sources = [{ path, text }];
  const asm = read(`programs/${name}.s`);
  if (asm !== undefined) sources.push({ path: `programs/${name}.s`, text: asm });
  const r = tc.buildUserProgram(sources, read);
  if (!r.elf) throw new BuildError(r.errors);
  return r.elf;
}

/** The kernel and every program in PROGRAMS. Throws BuildError. */
export function buildSystem(tc: Toolchain, read: SourceReader): SystemBuild {
  const kernel = buildKernel(tc, read);
  const programs = new Map<string, Uint8Array>();
  const errors: string[] = [];
  for (const name of PROGRAMS) {
    try {
      programs.set(name, buildProgram(tc, read, name));
    } catch (e) {
      if (e instanceof BuildError) errors.push(...e.errors);
      else throw e;
    }
  }
  if (errors.length) throw new BuildError(errors);
  return { kernel, programs };
}

// ----------------------------------------------------------------------------
// Booting and talking to the shell

export interface BootOptions extends MachineOptions {
  /** Scheduling quantum in cycles (default: the kernel's, 3 M = 1 ms at 3 GHz). */
  quantum?: number;
  cmdline?: string;
  /** Extra programs for /bin (name -> ELF), added to or replacing the built ones. */
  extraPrograms?: Map<string, Uint8Array>;
  /** Extra ramfs entries. */
  extraFiles?: RamfsEntry[];
  trace?: boolean;
}

export interface Booted {
  machine: Machine;
  layout: BootLayout;
  kernel: Uint8Array;
}

export async function boot(system: SystemBuild, read: SourceReader, opts: BootOptions = {}): Promise<Booted> {
  const header = read(`${KERNEL_INCLUDE}/bootinfo.h`);
  if (header === undefined) throw new BootError(`${KERNEL_INCLUDE}/bootinfo.h: missing`);
  const machine = await Machine.create(opts);
  const programs = new Map(system.programs);
  for (const [name, elf] of opts.extraPrograms ?? []) programs.set(name, elf);
  const ramfs = standardRamfs(programs).concat(opts.extraFiles ?? []);
  const layout = loadBootImage(machine, {
    kernel: system.kernel, bootInfoHeader: header, ramfs, cmdline: opts.cmdline, quantum: opts.quantum,
  });
  machine.setTrace(opts.trace ?? false);
  return { machine, layout, kernel: system.kernel };
}

/** The shell's prompt at the end of the console output: "glassbox:/some/dir$ ". */
export const PROMPT_RE = /glassbox:[^\n]*\$ $/;

// ----------------------------------------------------------------------------
// Naming kernel events and symbolizing panics

/** Names for the kernel's trace codes, process states and system calls, read from the headers. */
export interface KernelNames {
  trace: Map<number, string>;
  states: Map<number, string>;
  syscalls: Map<number, string>;
}

export function kernelNames(read: SourceReader): KernelNames {
  const invert = (text: string | undefined, prefix: string): Map<number, string> => {
    const out = new Map<number, string>();
    for (const [name, v] of parseDefines(text ?? '')) {
      if (name.startsWith(prefix)) out.set(v, name.slice(prefix.length).toLowerCase());
    }
    return out;
  };
  const traceText = read(`${KERNEL_INCLUDE}/trace.h`);
  return {
    trace: invert(traceText, 'TR_'),
    states: invert(traceText, 'PSTATE_'),
    syscalls: invert(read(`${KERNEL_INCLUDE}/syscall.h`), 'SYS_'),
  };
}

/** One line for an event: kernel events by their trace.h names, machine events as events.ts writes them. */
export function describeEvent(ev: MachineEvent, names: KernelNames, m?: Machine): string {
  if (ev.kind !== EVENT.KERNEL) return formatEvent(ev);
  const at = `[${String(ev.cycles).padStart(12)}] eip=0x${hex(ev.eip)}`;
  const code = names.trace.get(ev.a) ?? `event-${ev.a}`;
  const st = (n: number): string => names.states.get(n) ?? String(n);
  switch (code) {
    case 'state':
      return `${at} kernel state tid=${ev.b} ${st(ev.c)} -> ${st(ev.d)}`;
    case 'fork':
      return `${at} kernel fork parent=${ev.b} child=${ev.c}`;
    case 'exec':
      return `${at} kernel exec pid=${ev.b} path=${m ? JSON.stringify(m.readCString(ev.c, 64)) : '0x' + hex(ev.c)}`;
    case 'exit':
      return `${at} kernel exit pid=${ev.b} status=0x${ev.c.toString(16)}`;
    case 'wait':
      return `${at} kernel wait pid=${ev.b} for=${ev.c | 0}`;
    case 'reap':
      return `${at} kernel reap parent=${ev.b} child=${ev.c} status=0x${ev.d.toString(16)}`;
    case 'syscall':
      return `${at} kernel syscall pid=${ev.b} ${names.syscalls.get(ev.c) ?? ev.c}(0x${hex(ev.d, 1)})`;
    case 'cs_interrupt':
      return `${at} switch 1/7 timer interrupt tid=${ev.b} at eip=0x${hex(ev.c)}`;
    case 'cs_save':
      return `${at} switch 2/7 state saved tid=${ev.b} trapframe=0x${hex(ev.c)}`;
    case 'cs_enqueue':
      return `${at} switch 3/7 ready queue += tid ${ev.b} (length ${ev.c})`;
    case 'cs_pick':
      return `${at} switch 4/7 scheduler picks tid ${ev.b} (was ${ev.c})`;
    case 'cs_restore':
      return `${at} switch 5/7 restore tid=${ev.b} kernel esp=0x${hex(ev.c)}`;
    case 'cs_cr3':
      return `${at} switch 6/7 page table tid=${ev.b} ${ev.d ? `cr3 <- 0x${hex(ev.c)}` : 'same address space: no CR3 write'}`;
    case 'cs_resume':
      return `${at} switch 7/7 resume tid=${ev.b} at eip=0x${hex(ev.c)}`;
    case 'panic':
      return `${at} kernel panic: ${m ? m.readCString(ev.b, 128) : '0x' + hex(ev.b)}`;
    case 'thread':
      return `${at} kernel thread created pid=${ev.b} tid=${ev.c}`;
    case 'thread_exit':
      return `${at} kernel thread exit pid=${ev.b} tid=${ev.c} value=${ev.d | 0}`;
    default:
      return `${at} kernel ${code} 0x${hex(ev.b, 1)} 0x${hex(ev.c, 1)} 0x${hex(ev.d, 1)}`;
  }
}

/** Append function names to the "#N 0x..." lines of a kernel panic's backtrace. */
export function symbolizePanic(output: string, kernel: Uint8Array): string {
  const parsed = readElf(kernel);
  if (!parsed.ok) return output;
  const elf = parsed.elf;
  return output.replace(/^(\s+#[-0-9]+ 0x)([0-9a-f]{8})(.*)$/gm, (_all, head: string, addr: string, tail: string) => {
    const name = elf.symbolize(parseInt(addr, 16));
    return `${head}${addr}${tail}${name ? `  ${name.text}` : ''}`;
  });
}

// ----------------------------------------------------------------------------
// A scripted conversation with the shell

export type WaitResult = {
  /** prompt: the shell is back; idle: the guest waits for input without a prompt; panic: the kernel
   *  stopped the machine; limit: the cycle budget ran out; exit/shutdown: the machine stopped. */
  outcome: 'prompt' | 'idle' | 'panic' | 'limit' | 'exit' | 'shutdown';
  /** Console output produced while waiting. */
  text: string;
  /** Guest cycles spent. */
  cycles: number;
};

/**
 * Drives a booted machine the way a person at the console would: wait for
 * the prompt, type a line, wait for the next prompt. All console output is
 * kept in `transcript`; events are passed to `onEvents` when tracing.
 */
export class ShellSession {
  transcript = '';
  /** Called with console output as it appears. */
  onText: ((text: string) => void) | undefined;
  /** Called with each batch of events (tracing must be on in the machine). */
  onEvents: ((events: MachineEvent[]) => void) | undefined;
  /** Cycles per run() call between checks for the prompt. */
  slice = 2_000_000;

  constructor(readonly booted: Booted) {
    booted.machine.onOutput = (text) => {
      this.transcript += text;
      if (this.onText) this.onText(text);
    };
  }

  get machine(): Machine {
    return this.booted.machine;
  }

  /** Run until the output since now ends with a prompt (or the machine can go no further). */
  waitForPrompt(maxCycles: number): WaitResult {
    const m = this.machine;
    const mark = this.transcript.length;
    const start = m.cycles;
    for (;;) {
      const spent = m.cycles - start;
      if (spent >= maxCycles) return this.result('limit', mark, start);
      const info = m.run(Math.min(this.slice, maxCycles - spent));
      if (this.onEvents) this.onEvents(m.takeEvents());
      if (PROMPT_RE.test(this.transcript.slice(mark))) return this.result('prompt', mark, start);
      switch (info.reason) {
        case 'halt':
          return this.result('panic', mark, start);
        case 'exit':
          return this.result('exit', mark, start);
        case 'shutdown':
          return this.result('shutdown', mark, start);
        case 'idle':
          return this.result('idle', mark, start);
        default:
          break;
      }
    }
  }

  /** Type a line (a newline is added) and wait for the next prompt. */
  command(line: string, maxCycles: number): WaitResult {
    this.type(line + '\n');
    return this.waitForPrompt(maxCycles);
  }

  /** Type raw bytes (e.g. "\x03" for Ctrl-C) into the console. */
  type(text: string): void {
    const bytes = new TextEncoder().encode(text);
    let fed = 0;
    // The device queue is finite: feed it, letting the guest drain it as needed.
    while (fed < bytes.length) {
      const n = this.machine.input(bytes.subarray(fed));
      fed += n;
      if (fed < bytes.length) this.machine.run(200_000);
    }
  }

  private result(outcome: WaitResult['outcome'], mark: number, start: number): WaitResult {
    return { outcome, text: this.transcript.slice(mark), cycles: this.machine.cycles - start };
  }
}

