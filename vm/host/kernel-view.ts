// The kernel's own bookkeeping, read from guest memory: the process table,
// the running process, the ready queue, any global by name. Used by the web
// worker's views, the CLI and the kernel tests alike.
//
// Everything is found by name: symbols from the kernel ELF, struct layouts
// from the compiler's debug information (struct-reader.ts). The kernel's data
// lives above KERNBASE and is mapped to physical KERNBASE-below (the kernel
// is linked at 0xC0100000 and loaded at 0x100000), so a kernel virtual
// address becomes physical by subtracting KERNBASE; reading this way touches
// neither the TLB nor any counter.

import { Layout, StructReader, arrayLength } from './struct-reader.js';
import { Program } from './program.js';

export const KERNBASE = 0xc000_0000;

/** The bit of a Machine this file needs (tests pass a fake). */
export interface PhysMemory {
  readPhys(addr: number, length: number): Uint8Array;
  readPhys32(addr: number): number;
}

export interface ThreadRecord {
  tid: number;
  state: number;
  /** Kernel virtual address of its trap frame (0 if none). */
  tf: number;
  /** User esp saved in the trap frame (0 when unknown). */
  userEsp: number;
}

export interface ProcRecord {
  slot: number;
  pid: number;
  ppid: number;
  state: number;
  name: string;
  cycles: number;
  /** Physical address of the page directory (0 if none). */
  cr3: number;
  code: { start: number; end: number };
  data: { start: number; end: number };
  heapStart: number;
  brk: number;
  stackLow: number;
  threads: ThreadRecord[];
}

export function kernelToPhys(vaddr: number): number {
  return (vaddr - KERNBASE) >>> 0;
}

export class KernelView {
  private readonly procLayout: Layout | undefined;
  private readonly threadLayout: Layout | undefined;
  private readonly frameLayout: Layout | undefined;
  private readonly table: number | undefined;
  private readonly nproc: number;
  /** Why the process table cannot be read (undefined when it can). */
  readonly problem: string | undefined;

  constructor(
    private readonly kernel: Program,
    private readonly states: Map<number, string>,
  ) {
    this.procLayout = Layout.of(kernel.debug, 'proc');
    this.threadLayout = Layout.of(kernel.debug, 'thread');
    this.frameLayout = Layout.of(kernel.debug, 'trapframe');
    this.table = kernel.globalAddress('proc_table');
    const g = kernel.debug?.globals.find((x) => x.name === 'proc_table');
    this.nproc = (g && arrayLength(g.type)) ?? 0;
    if (!kernel.debug) this.problem = 'the kernel has no debug information (.glassbox.debug)';
    else if (!this.procLayout) this.problem = "the kernel's debug information has no struct proc";
    else if (this.table === undefined || this.nproc === 0) this.problem = 'the kernel has no proc_table array';
  }

  /** A view of the kernel in `elf` (throws when it is not an ELF file). `states`: trace.h's PSTATE_ names by value. */
  static fromElf(elf: Uint8Array, states: Map<number, string>): KernelView {
    return new KernelView(Program.fromElf('kernel', elf), states);
  }

  stateName(state: number): string {
    return this.states.get(state) ?? String(state);
  }

  /** Every used slot of the process table. */
  processes(mem: PhysMemory): ProcRecord[] {
    if (this.problem || !this.procLayout || this.table === undefined) return [];
    const layout = this.procLayout;
    const size = layout.size;
    const bytes = mem.readPhys(kernelToPhys(this.table), size * this.nproc);
    const first = new StructReader(layout, bytes);
    const pidAtAddress = new Map<number, number>();
    for (let i = 0; i < this.nproc; i++) pidAtAddress.set((this.table + i * size) >>> 0, first.at(i).i32('pid'));
    const unused = [...this.states].find(([, n]) => n === 'unused')?.[0] ?? 0;
    const out: ProcRecord[] = [];
    for (let i = 0; i < this.nproc; i++) {
      const p = first.at(i);
      const state = p.i32('state');
      if (state === unused) continue;
      const pgdir = p.u32('pgdir');
      out.push({
        slot: i,
        pid: p.i32('pid'),
        ppid: pidAtAddress.get(p.u32('parent')) ?? 0,
        state,
        name: p.str('name'),
        cycles: p.u32('cycles_lo') + p.u32('cycles_hi') * 2 ** 32,
        cr3: pgdir ? kernelToPhys(pgdir) : 0,
        code: { start: p.u32('code.start'), end: p.u32('code.end') },
        data: { start: p.u32('data.start'), end: p.u32('data.end') },
        heapStart: p.u32('heap_start'),
        brk: p.u32('brk'),
        stackLow: p.u32('stack_low'),
        threads: this.threadsOf(mem, p.u32('threads'), p.i32('pid'), state),
      });
    }
    return out;
  }

  /**
   * A process's threads, following thread.next_in_proc from proc.threads.
   * A kernel without threads (struct proc has no `threads`) gives one
   * thread with the process's own pid and state.
   */
  private threadsOf(mem: PhysMemory, first: number, pid: number, procState: number): ThreadRecord[] {
    const t = this.threadLayout;
    if (!t || !t.has('tid') || !t.has('next_in_proc') || !this.procLayout?.has('threads')) {
      return [{ tid: pid, state: procState, tf: 0, userEsp: 0 }];
    }
    const out: ThreadRecord[] = [];
    const f = this.frameLayout;
    let addr = first;
    while (addr >= KERNBASE && out.length < this.nproc) {
      const r = new StructReader(t, mem.readPhys(kernelToPhys(addr), t.size));
      const tf = r.u32('tf');
      const userEsp = tf >= KERNBASE && f?.has('esp') ? mem.readPhys32(kernelToPhys(tf + f.field('esp').offset)) : 0;
      out.push({ tid: r.i32('tid'), state: r.i32('state'), tf, userEsp });
      addr = r.u32('next_in_proc');
    }
    return out;
  }

  /** pid of the process on the CPU (curproc), or 0. */
  currentPid(mem: PhysMemory): number {
    const addr = this.kernel.globalAddress('curproc');
    if (addr === undefined || !this.procLayout) return 0;
    const p = mem.readPhys32(kernelToPhys(addr));
    if (p < KERNBASE) return 0;
    return mem.readPhys32(kernelToPhys(p + this.procLayout.field('pid').offset)) | 0;
  }

  /** Thread ids on the ready queue, front first (follows thread.next_ready from ready_head). */
  readyQueue(mem: PhysMemory): number[] {
    const head = this.kernel.globalAddress('ready_head');
    const t = this.threadLayout;
    const pl = this.procLayout;
    if (head === undefined || !t || !pl || !t.has('next_ready') || !t.has('proc')) return [];
    const out: number[] = [];
    let thread = mem.readPhys32(kernelToPhys(head));
    while (thread >= KERNBASE && out.length < this.nproc) {
      if (t.has('tid')) out.push(mem.readPhys32(kernelToPhys(thread + t.field('tid').offset)) | 0);
      else {
        const proc = mem.readPhys32(kernelToPhys(thread + t.field('proc').offset));
        out.push(mem.readPhys32(kernelToPhys(proc + pl.field('pid').offset)) | 0);
      }
      thread = mem.readPhys32(kernelToPhys(thread + t.field('next_ready').offset));
    }
    return out;
  }

  /** tid of the thread on the CPU (curthread), or 0. */
  currentTid(mem: PhysMemory): number {
    const addr = this.kernel.globalAddress('curthread');
    const t = this.threadLayout;
    if (addr === undefined || !t || !t.has('tid')) return this.currentPid(mem);
    const th = mem.readPhys32(kernelToPhys(addr));
    return th >= KERNBASE ? mem.readPhys32(kernelToPhys(th + t.field('tid').offset)) | 0 : 0;
  }

  /** A kernel global read as a u32 (undefined when there is no such global). */
  readGlobal(mem: PhysMemory, name: string): number | undefined {
    const addr = this.kernel.globalAddress(name);
    return addr === undefined ? undefined : mem.readPhys32(kernelToPhys(addr));
  }
}
