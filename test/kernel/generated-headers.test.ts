// What the kernel build generates agrees with where it comes from:
// asm-offsets.h with the compiler's debug info (and the assembled kernel
// uses those offsets), machine.h and mmu.h's names with vm/isa/machine.ts,
// the vector stubs with ERROR_CODE_VECTORS.

import { beforeAll, describe, expect, it } from 'vitest';
import { assemble, disassemble, formatImm, readElf } from '../../vm/asm/index.js';
import type { ElfImage } from '../../vm/asm/index.js';
import { prepareAssembly } from '../../vm/cc/build.js';
import { findStruct } from '../../vm/cc/debuginfo.js';
import type { DebugInfo } from '../../vm/cc/debuginfo.js';
import { asmOffsets, asmOffsetsHeader } from '../../vm/host/asm-offsets.js';
import { parseDefines } from '../../vm/host/header-defines.js';
import { ASM_OFFSETS, KERNEL_INCLUDE_PATHS } from '../../vm/host/manifest.js';
import { nodeReader, repoSystemBuild } from '../../vm/host/node-files.js';
import { Program } from '../../vm/host/program.js';
import { gatedVectors } from '../../vm/host/vectors.js';
import { machineHeader } from '../../vm/isa/machine-header.js';
import {
  CR0, CR4, EFLAGS, ERROR_CODE_VECTORS, IRQ, PORT, PTE, PTE_FRAME_MASK, SELECTOR, VECTOR,
} from '../../vm/isa/machine.js';

let elf: ElfImage;
let debug: DebugInfo;

beforeAll(() => {
  const kernel = repoSystemBuild().kernel;
  const parsed = readElf(kernel);
  if (!parsed.ok) throw new Error(parsed.error);
  elf = parsed.elf;
  debug = Program.fromElf('kernel', kernel).debug!;
});

function symbol(name: string): number {
  const s = elf.symbols.find((x) => x.name === name);
  if (!s) throw new Error(`no symbol ${name}`);
  return s.value;
}

function bytesAt(addr: number, n: number): Uint8Array {
  const seg = elf.segments.find((s) => addr >= s.vaddr && addr + n <= s.vaddr + s.data.length)!;
  return seg.data.subarray(addr - seg.vaddr, addr - seg.vaddr + n);
}

/** The instructions from symbol `from` up to symbol `to`. */
function code(from: string, to: string): string[] {
  const a = symbol(from);
  return disassemble(bytesAt(a, symbol(to) - a), a).map((l) => l.text);
}

const hex = (n: number) => `0x${n.toString(16)}`;

describe('asm-offsets.h', () => {
  it('gives every member of each listed struct its offset in the debug info, and the size', () => {
    const { defines, errors } = asmOffsets([debug], ASM_OFFSETS);
    expect(errors).toEqual([]);
    for (const { struct, prefix } of ASM_OFFSETS) {
      const rec = findStruct(debug, struct)!;
      expect(rec.members.length).toBeGreaterThan(2);
      for (const m of rec.members) expect(defines.get(`${prefix}_${m.name.toUpperCase()}`), `${prefix}_${m.name}`).toBe(m.offset);
      expect(defines.get(`${prefix}_SIZE`)).toBe(rec.size);
    }
    expect(parseDefines(asmOffsetsHeader(defines))).toEqual(defines);
  });

  it('is what the assembled trap entry uses (trap frame eip and cs, thread tid)', () => {
    const member = (s: string, m: string) => findStruct(debug, s)!.members.find((x) => x.name === m)!.offset;
    const save = code('ctxsw_2_save', 'alltraps');
    expect(save).toContain(`test dword [esp+${hex(member('trapframe', 'cs'))}], 3`);
    expect(save).toContain(`mov ebx, dword [ebx+${hex(member('thread', 'tid'))}]`);
    expect(save).toContain(`mov ecx, dword [esp+${hex(member('trapframe', 'eip'))}]`);
    const resume = code('trapret_switched', 'ctxsw_7_resume');
    expect(resume).toContain(`add esp, ${member('trapframe', 'eip') - member('trapframe', 'trapno')}`);
  });

  it('reports a struct no C file defines', () => {
    expect(asmOffsets([debug], [{ struct: 'no_such_struct', prefix: 'X' }]).errors[0]).toMatch(/no kernel C file defines struct no_such_struct/);
  });
});

describe('machine.h', () => {
  const tables: [string, Record<string, number>][] = [
    ['PORT', PORT], ['VECTOR', VECTOR], ['IRQ', IRQ], ['PTE', PTE], ['CR0', CR0], ['CR4', CR4],
    ['EFLAGS', EFLAGS], ['SELECTOR', SELECTOR],
  ];

  it('defines every number of vm/isa/machine.ts with its value', () => {
    const defs = parseDefines(machineHeader());
    for (const [prefix, table] of tables) {
      for (const [k, v] of Object.entries(table)) expect(defs.get(`${prefix}_${k}`), `${prefix}_${k}`).toBe(v);
    }
    expect(defs.get('PTE_FRAME_MASK')).toBe(PTE_FRAME_MASK);
  });

  it("gives the kernel's mmu.h names the machine's values", () => {
    const names: [string, number][] = [
      ['PTE_P', PTE.P], ['PTE_W', PTE.RW], ['PTE_U', PTE.US], ['PTE_G', PTE.G], ['CR0_WP', CR0.WP], ['CR0_PG', CR0.PG],
      ['CR4_PGE', CR4.PGE], ['FL_IF', EFLAGS.IF], ['SEL_KCODE', SELECTOR.KERNEL_CS], ['SEL_UCODE', SELECTOR.USER_CS],
      ['SEL_UDATA', SELECTOR.USER_DS], ['T_DIVIDE', VECTOR.DE], ['T_ILLOP', VECTOR.UD], ['T_GPFLT', VECTOR.GP],
      ['T_PGFLT', VECTOR.PF], ['T_TIMER', VECTOR.TIMER], ['T_CONSOLE', VECTOR.CONSOLE], ['T_SYSCALL', VECTOR.SYSCALL],
      ['PORT_TRACE', PORT.TRACE],
    ];
    const src = `#include "mmu.h"\n${names.map(([n]) => `    .long ${n}`).join('\n')}\n`;
    const pp = prepareAssembly('kernel/check.s', src, nodeReader(), KERNEL_INCLUDE_PATHS);
    expect(pp.errors).toEqual([]);
    const r = assemble(pp.file!.text, 'kernel/check.s');
    expect(r.errors).toEqual([]);
    const words = new Uint32Array(r.object!.sections[0].bytes.slice().buffer);
    expect([...words]).toEqual(names.map(([, v]) => v >>> 0));
  });
});

describe('the generated vector stubs', () => {
  it('give exactly the gated vectors an entry, the timer its hand-written one', () => {
    const table = new Uint32Array(bytesAt(symbol('vectors'), 256 * 4).slice().buffer);
    const gated = gatedVectors();
    expect(gated).toEqual(expect.arrayContaining([0, 13, 14, VECTOR.TIMER, VECTOR.CONSOLE, VECTOR.SYSCALL]));
    for (let v = 0; v < 256; v++) expect(table[v], `vector ${v}`).toBe(gated.includes(v) ? symbol(`vector${v}`) : 0);
    expect(symbol('vector32')).toBe(symbol('ctxsw_1_interrupt'));
  });

  it('push a 0 only where the CPU pushes no error code', () => {
    for (const v of gatedVectors().filter((v) => v !== VECTOR.TIMER)) {
      const first = disassemble(bytesAt(symbol(`vector${v}`), 8), symbol(`vector${v}`)).map((l) => l.text);
      expect(first[0], `vector ${v}`).toBe(ERROR_CODE_VECTORS.includes(v) ? `push ${formatImm(v)}` : 'push 0');
    }
  });
});
