// The /bin programs of one boot, in every version a process may be running:
// the system image's, and each one installed since (the Editor's "Build and
// install", an uploaded ELF), with the C sources the Code view shows beside
// each version's line table.
//
// Installing replaces /bin/NAME at once, but a process that exec'd the old
// file keeps running the old code, and a new version's line table says
// nothing true about it. So a process's program is found by name and then
// by identity: the version whose code segment is the bytes the process has
// mapped at that address, newest first. A name only the image ever had
// needs no such check: there is one version. A process whose code matches
// no version kept (older than the shelf keeps) has no program: the views
// show its disassembly and no source, rather than another version's lines.

import type { Machine } from '../machine.js';
import type { Program } from '../program.js';

/** What reads a process's memory: the machine, through the current page tables. */
type VirtReader = Pick<Machine, 'readVirt'>;

/** An ELF segment flag: executable. */
const PF_X = 1;
const PAGE = 4096;
/** Installed versions kept per name, beyond which the oldest are dropped. */
const KEPT_VERSIONS = 8;

/** One version of a program and the texts of the sources its line table names. */
export interface ProgramVersion {
  readonly program: Program;
  readonly sources: ReadonlyMap<string, string>;
  /** 0 for the image's version, then 1, 2, … for each install since boot. */
  readonly serial: number;
}

export class ProgramShelf {
  /** By /bin name, oldest first. */
  private readonly versions = new Map<string, ProgramVersion[]>();
  private installs = 0;
  /** The newest program of every name, made again on each add. */
  private now = new Map<string, Program>();

  /** The image's programs, whose sources are the image's texts. */
  constructor(image: ReadonlyMap<string, Program>, texts: ReadonlyMap<string, string>) {
    for (const [name, program] of image) this.versions.set(name, [{ program, sources: texts, serial: 0 }]);
    this.now = new Map(image);
  }

  /** A program just installed as /bin/NAME: from now on the newest of its name. */
  add(program: Program, sources: ReadonlyMap<string, string>): ProgramVersion {
    const version = { program, sources, serial: ++this.installs };
    const list = this.versions.get(program.name) ?? [];
    list.push(version);
    if (list.length > KEPT_VERSIONS) list.splice(0, list.length - KEPT_VERSIONS);
    this.versions.set(program.name, list);
    this.now = new Map(this.now).set(program.name, program);
    return version;
  }

  /** The version /bin/NAME holds now. */
  newest(name: string): ProgramVersion | undefined {
    const list = this.versions.get(name);
    return list?.[list.length - 1];
  }

  /** The newest program of every name (what /bin holds). */
  current(): ReadonlyMap<string, Program> {
    return this.now;
  }

  /** The version a process named `name` runs, judged by the code `mem` (its address space) holds. */
  running(name: string, mem: VirtReader): ProgramVersion | undefined {
    const list = this.versions.get(name);
    if (!list) return undefined;
    if (list.length === 1 && list[0].serial === 0) return list[0];
    for (let i = list.length - 1; i >= 0; i--) if (codeMatches(list[i].program, mem)) return list[i];
    return undefined;
  }
}

/**
 * Whether the program's executable segments are what `mem` holds at their
 * addresses. Pages not mapped (yet) are not counted against it; a segment
 * with no page mapped at all is no evidence, and a program with no page to
 * compare does not match.
 */
function codeMatches(program: Program, mem: VirtReader): boolean {
  let compared = 0;
  for (const seg of program.elf.segments) {
    if ((seg.flags & PF_X) === 0) continue;
    for (let off = 0; off < seg.data.length; off += PAGE) {
      const want = seg.data.subarray(off, Math.min(seg.data.length, off + PAGE));
      const { bytes, mapped } = mem.readVirt(seg.vaddr + off, want.length);
      if (!mapped[0] || !mapped[want.length - 1]) continue;
      for (let i = 0; i < want.length; i++) if (bytes[i] !== want[i]) return false;
      compared++;
    }
  }
  return compared > 0;
}
