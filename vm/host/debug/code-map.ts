// Whose code is at an address, here and now: the kernel's, the bare
// program's, or the program the current process runs.
//
// Every user program is linked at 0x08048000, so an address below the
// kernel means nothing without the process: the program is the current
// process's, found in the kernel's process table by the page directory in
// cr3, then the version of that program whose code the process has mapped
// (program-shelf.ts: a program installed over a running one). That lookup is
// cached by cr3 — a process keeps both until it execs or exits, so the cache
// is dropped on fork, exec and exit events, and on an install — and only in
// user mode, where curproc surely owns cr3 (sched sets curproc before swtch
// loads cr3). Before paging, the kernel runs at its physical addresses: the
// bias says what to add to find the code in the kernel's ELF. Each program
// comes with the texts of its sources: the image's, or those installed with it.
// The page's worker and the terminal debugger (glassbox debug) share it.

import type { Machine } from '../machine.js';
import type { Program } from '../program.js';
import { KERNBASE } from '../kernel-view.js';
import type { KernelView, ProcRecord } from '../kernel-view.js';
import type { ProgramShelf, ProgramVersion } from './program-shelf.js';

/** What was booted: the kernel, or a program on the bare machine (the page's BootTarget). */
export type BootTarget = { kind: 'kernel' } | { kind: 'bare'; name: string };

/** A program, what to add to an address to find it in the program, and the texts of its sources. */
export interface Located {
  program?: Program;
  bias: number;
  sources: ReadonlyMap<string, string>;
}

const NO_SOURCES: ReadonlyMap<string, string> = new Map();

/** The kernel's process table read at one moment, and whose turn it is. */
export interface ProcessTable {
  records: ProcRecord[];
  currentPid: number;
}

const CR0_PG = 0x8000_0000;

/** An address as the views write it. */
export const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');

export class CodeMap {
  /** Program name and version by page directory (learnt in user mode). */
  private readonly byCr3 = new Map<number, { name?: string; version?: ProgramVersion }>();
  /** The version of a program an address space runs, by `cr3:name` (comparing code is not free). */
  private readonly versionIn = new Map<string, ProgramVersion | undefined>();

  constructor(
    private readonly m: Machine,
    private readonly target: BootTarget,
    private readonly shelf: ProgramShelf,
    private readonly kernel: Program | undefined,
    private readonly bare: Program | undefined,
    private readonly kview: KernelView | undefined,
    /** The image's texts: the kernel's and the bare demos' sources. */
    private readonly texts: ReadonlyMap<string, string>,
  ) {}

  /** A process exec'd, forked or exited, or a program was installed: page directories may now run other code. */
  forgetPrograms(): void {
    this.byCr3.clear();
    this.versionIn.clear();
  }

  /** The program by the name breakpoints use: 'kernel', 'bare' or a program's (the version /bin holds now). */
  programNamed(name: string): Program | undefined {
    if (name === 'kernel') return this.kernel;
    if (name === 'bare') return this.bare;
    return this.shelf.newest(name)?.program;
  }

  /** Whether the current process runs the version of its program that /bin holds now (breakpoints are set in that one). */
  runsNewest(): boolean {
    const { name, version } = this.current();
    return name !== undefined && version !== undefined && this.shelf.newest(name) === version;
  }

  /** The process table now, when there is a kernel to read it from. */
  processTable(): ProcessTable | undefined {
    const kview = this.kview;
    if (!kview || kview.problem || this.target.kind !== 'kernel') return undefined;
    return { records: kview.processes(this.m), currentPid: kview.currentPid(this.m) };
  }

  /** The current process's program name; `table` saves reading the process table again. */
  currentProgramName(table?: ProcessTable): string | undefined {
    return this.current(table).name;
  }

  /** The current process's program name and the version of it that it runs. */
  private current(table?: ProcessTable): { name?: string; version?: ProgramVersion } {
    const m = this.m;
    if (!this.kview || this.kview.problem) return {};
    const cr3 = m.getCr(3);
    const known = this.byCr3.get(cr3);
    if (known) return known;
    const t = table ?? this.processTable();
    const name = t?.records.find((p) => p.pid === t.currentPid)?.name;
    const found = { name, version: name === undefined ? undefined : this.versionOf(cr3, name) };
    if (m.cpl === 3) this.byCr3.set(cr3, found);
    return found;
  }

  private versionOf(cr3: number, name: string): ProgramVersion | undefined {
    const key = `${cr3}:${name}`;
    if (!this.versionIn.has(key)) this.versionIn.set(key, this.shelf.running(name, this.m));
    return this.versionIn.get(key);
  }

  /** The program whose code is at addr in the current context, and the bias to find it there. */
  locate(addr: number, table?: ProcessTable): Located {
    if (this.target.kind === 'bare') return { program: this.bare, bias: 0, sources: this.texts };
    if (addr >= KERNBASE) return { program: this.kernel, bias: 0, sources: this.texts };
    const m = this.m;
    if ((m.getCr(0) & CR0_PG) === 0 || (m.cpl === 0 && this.kernel?.contains(addr + KERNBASE))) {
      return { program: this.kernel, bias: KERNBASE, sources: this.texts };
    }
    const { version } = this.current(table);
    return { program: version?.program, bias: 0, sources: version?.sources ?? NO_SOURCES };
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
