// Whose code is at an address, here and now: the kernel's, the bare
// program's, or the program the current process runs.
//
// Every user program is linked at 0x08048000, so an address below the
// kernel means nothing without the process: the program is the current
// process's, found in the kernel's process table by the page directory in
// cr3. That lookup is cached by cr3 — a process keeps both until it execs or
// exits, so the cache is dropped on fork, exec and exit events — and only in
// user mode, where curproc surely owns cr3 (sched sets curproc before swtch
// loads cr3). Before paging, the kernel runs at its physical addresses: the
// bias says what to add to find the code in the kernel's ELF.

import type { Machine } from '../machine.js';
import type { Program } from '../program.js';
import { KERNBASE } from '../kernel-view.js';
import type { KernelView, ProcRecord } from '../kernel-view.js';

/** A program and what to add to an address to find it in the program. */
/** What was booted: the kernel, or a program on the bare machine (the page's BootTarget). */
export type BootTarget = { kind: 'kernel' } | { kind: 'bare'; name: string };

export interface Located {
  program?: Program;
  bias: number;
}

/** The kernel's process table read at one moment, and whose turn it is. */
export interface ProcessTable {
  records: ProcRecord[];
  currentPid: number;
}

const CR0_PG = 0x8000_0000;

/** An address as the views write it. */
export const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');

export class CodeMap {
  /** Program name by page directory. */
  private readonly byCr3 = new Map<number, string | undefined>();

  constructor(
    private readonly m: Machine,
    private readonly target: BootTarget,
    private readonly programs: ReadonlyMap<string, Program>,
    private readonly kernel: Program | undefined,
    private readonly bare: Program | undefined,
    private readonly kview: KernelView | undefined,
  ) {}

  /** A process exec'd, forked or exited: page directories may now run other programs. */
  forgetPrograms(): void {
    this.byCr3.clear();
  }

  /** The program by the name breakpoints use: 'kernel', 'bare' or a program's. */
  programNamed(name: string): Program | undefined {
    if (name === 'kernel') return this.kernel;
    if (name === 'bare') return this.bare;
    return this.programs.get(name);
  }

  /** `function+off` of addr in a space's program (for the breakpoint list), else the address. */
  whereIn(space: string, addr: number): string {
    return this.programNamed(space)?.where(addr >>> 0) ?? hex(addr);
  }

  /** The process table now, when there is a kernel to read it from. */
  processTable(): ProcessTable | undefined {
    const kview = this.kview;
    if (!kview || kview.problem || this.target.kind !== 'kernel') return undefined;
    return { records: kview.processes(this.m), currentPid: kview.currentPid(this.m) };
  }

  /** The current process's program name; `table` saves reading the process table again. */
  currentProgramName(table?: ProcessTable): string | undefined {
    const m = this.m;
    if (!this.kview || this.kview.problem) return undefined;
    const cr3 = m.getCr(3);
    if (this.byCr3.has(cr3)) return this.byCr3.get(cr3);
    const t = table ?? this.processTable();
    const name = t?.records.find((p) => p.pid === t.currentPid)?.name;
    if (m.cpl === 3) this.byCr3.set(cr3, name);
    return name;
  }

  /** The program whose code is at addr in the current context, and the bias to find it there. */
  locate(addr: number, table?: ProcessTable): Located {
    if (this.target.kind === 'bare') return { program: this.bare, bias: 0 };
    if (addr >= KERNBASE) return { program: this.kernel, bias: 0 };
    const m = this.m;
    if ((m.getCr(0) & CR0_PG) === 0 || (m.cpl === 0 && this.kernel?.contains(addr + KERNBASE))) {
      return { program: this.kernel, bias: KERNBASE };
    }
    const name = this.currentProgramName(table);
    return { program: name ? this.programs.get(name) : undefined, bias: 0 };
  }

  /** 'bare', 'kernel' or the current process's program name for code at eip (a breakpoint's space). */
  spaceOf(eip: number): string {
    if (this.target.kind === 'bare') return 'bare';
    if (eip >= KERNBASE || this.m.cpl === 0) return 'kernel';
    return this.currentProgramName() ?? 'user';
  }

  /** `function+off (file:line)` for eip, as stop notes say it. */
  describe(eip: number): string {
    const { program, bias } = this.locate(eip);
    const where = program?.where((eip + bias) >>> 0);
    const pos = program?.lineFor((eip + bias) >>> 0);
    return `${where ?? hex(eip)}${pos ? ` (${pos.file}:${pos.line})` : ''}`;
  }
}
