// The Code view's data: disassembly around eip beside the C source, and the
// call stack from the ebp chain.
//
// Instructions are 4, 8 or 12 bytes, so the listing cannot be decoded
// backwards from eip; it starts at the enclosing function's first
// instruction (or at eip when that is far away, or unknown) and decodes
// forward. Source lines come from the program's line table, the text from
// the sources that came with the program (the system image's, or those
// installed with it). The stack walk follows the frame
// chain every compiled function keeps: [ebp] is the caller's ebp, [ebp+4]
// the return address.

import { disassemble } from '../../../vm/asm/disassembler.js';
import type { CodeLine, CodeView, Frame, SourceWindow } from '../shared/protocol.js';
import type { Program } from '../../../vm/host/program.js';

/** Virtual memory as the current process sees it (Machine.readVirt). */
export interface VirtReader {
  readVirt(vaddr: number, length: number): { bytes: Uint8Array; mapped: boolean[] };
}

const BEFORE_LIMIT = 0x180; // start at the function's entry only when eip is this close
const LISTING_BYTES = 0x200;
const SOURCE_CONTEXT = 14;
const MAX_FRAMES = 24;

export interface CodeContext {
  eip: number;
  ebp: number;
  space: CodeView['space'];
  program: Program | undefined;
  /** Added to eip to find it in the program (the kernel runs at physical addresses before paging). */
  bias: number;
  breakpoints: Set<number>;
  sources: ReadonlyMap<string, string>;
}

/** Disassembled instructions from `start` covering at least `eip`. */
export function listing(mem: VirtReader, ctx: CodeContext): CodeLine[] {
  const { eip, program, bias } = ctx;
  const fn = program?.functionAt((eip + bias) >>> 0);
  const fnStart = fn ? (fn.start - bias) >>> 0 : eip;
  const start = eip - fnStart <= BEFORE_LIMIT ? fnStart : eip;
  const { bytes, mapped } = mem.readVirt(start, LISTING_BYTES);
  let valid = mapped.indexOf(false);
  if (valid < 0) valid = bytes.length;
  const symbolizer = program ? (a: number) => program.where((a + bias) >>> 0) : undefined;
  const lines = disassemble(bytes.subarray(0, valid & ~3), start, symbolizer);
  const out: CodeLine[] = [];
  for (const l of lines) {
    const at = (l.address + bias) >>> 0;
    const row = program?.isRowStart(at) ? program.lineFor(at) : undefined;
    const names = program?.namesAt(at) ?? [];
    const line: CodeLine = {
      addr: l.address,
      bytes: Array.from(l.bytes, (b) => b.toString(16).padStart(2, '0')).join(''),
      text: l.text,
      current: l.address === eip,
      breakpoint: ctx.breakpoints.has(l.address),
    };
    if (row) line.source = `${row.file}:${row.line}`;
    if (names.length) line.label = names.join(' = ');
    out.push(line);
  }
  return out;
}

/** The source lines around the C line of eip. */
export function sourceWindow(ctx: CodeContext, breakpointLines: number[]): SourceWindow | undefined {
  const pos = ctx.program?.lineFor((ctx.eip + ctx.bias) >>> 0);
  if (!pos || !ctx.program) return undefined;
  const text = ctx.sources.get(pos.file);
  if (text === undefined) return undefined;
  const all = text.split('\n');
  const first = Math.max(1, pos.line - SOURCE_CONTEXT);
  const last = Math.min(all.length, pos.line + SOURCE_CONTEXT);
  return {
    file: pos.file,
    line: pos.line,
    first,
    lines: all.slice(first - 1, last),
    breakpoints: breakpointLines,
    codeLines: ctx.program.codeLines(pos.file).filter((n) => n >= first && n <= last),
  };
}

/**
 * Frames from the ebp chain, innermost first. Stops at a zero or unmapped
 * ebp, a chain that does not go up the stack, or MAX_FRAMES.
 */
export function callStack(mem: VirtReader, ctx: CodeContext, programFor: (addr: number) => { program?: Program; bias: number }): Frame[] {
  const frames: Frame[] = [];
  const describe = (addr: number): Frame => {
    const { program, bias } = programFor(addr);
    const at = (addr + bias) >>> 0;
    const f: Frame = { addr, where: program?.where(at) ?? `0x${addr.toString(16).padStart(8, '0')}` };
    const pos = program?.lineFor(at);
    if (pos) {
      f.file = pos.file;
      f.line = pos.line;
    }
    return f;
  };
  frames.push(describe(ctx.eip));
  let ebp = ctx.ebp >>> 0;
  while (ebp !== 0 && frames.length < MAX_FRAMES) {
    const { bytes, mapped } = mem.readVirt(ebp, 8);
    if (mapped.includes(false)) break;
    const v = new DataView(bytes.buffer, bytes.byteOffset, 8);
    const next = v.getUint32(0, true);
    const ret = v.getUint32(4, true);
    if (ret === 0) break;
    frames.push(describe(ret));
    if (next <= ebp) break;
    ebp = next;
  }
  return frames;
}
