// readElf: accepts what the linker writes, rejects every kind of corruption
// with a message, and never throws on any input.

import { describe, expect, it } from 'vitest';
import { assembleAndLink } from '../../vm/asm/index.js';
import { readElf } from '../../vm/asm/elf.js';
import { EM_GLASSBOX } from '../../vm/asm/elf-format.js';
import { encodeLineTable, decodeLineTable, NO_FILE } from '../../vm/asm/lines.js';
import { BARE, prng } from './helpers.js';

function sample(): Uint8Array {
  const r = assembleAndLink(
    [{ name: 's.s', text: '.globl _start\n.type _start, @function\n_start: mov eax, [v]\nhlt\n.size _start, . - _start\n.data\nv: .long 1\n.bss\n.zero 32' }],
    { textBase: BARE },
  );
  return r.elf!;
}

const u16 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer).setUint16(at, v, true);
const u32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer).setUint32(at, v >>> 0, true);
const get32 = (b: Uint8Array, at: number) => new DataView(b.buffer).getUint32(at, true);

/** Apply a corruption to a fresh sample and return readElf's error. */
function corrupt(f: (b: Uint8Array) => void): string {
  const b = sample();
  f(b);
  const r = readElf(b);
  return r.ok ? 'ok' : r.error;
}

describe('readElf', () => {
  it('reads a linked executable', () => {
    const r = readElf(sample());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.elf.machine).toBe(EM_GLASSBOX);
    expect(r.elf.entry).toBe(BARE);
    expect(r.elf.segments.map((s) => [s.vaddr, s.filesz, s.memsz, s.data.length])).toEqual([[BARE, 12, 12, 12], [BARE + 0x1000, 4, 36, 4]]);
    expect(r.elf.sections.map((s) => s.name)).toEqual(['', '.text', '.rodata', '.data', '.bss', '.glassbox.lines', '.symtab', '.strtab', '.shstrtab']);
    expect(r.elf.symbolize(BARE + 8)?.text).toBe('_start+0x8');
    expect(r.elf.lineFor(BARE + 8)).toEqual({ file: 's.s', line: 4, col: 1 });
    expect(r.elf.lookup('v')).toBe(BARE + 0x1000);
    expect(r.elf.lookup('nope')).toBeUndefined();
  });

  const phdr = 52;
  const shoff = (b: Uint8Array) => get32(b, 32);
  const cases: [string, (b: Uint8Array) => void, RegExp][] = [
    ['bad magic', (b) => (b[1] = 0x46), /bad magic/],
    ['64-bit class', (b) => (b[4] = 2), /not a 32-bit ELF/],
    ['big-endian', (b) => (b[5] = 2), /not a little-endian/],
    ['ident version', (b) => (b[6] = 9), /unknown ELF version/],
    ['not an executable', (b) => u16(b, 16, 1), /not an executable/],
    ['another machine', (b) => u16(b, 18, 3), /not a Glassbox executable \(e_machine 0x3/],
    ['e_version', (b) => u32(b, 20, 2), /e_version/],
    ['header size', (b) => u16(b, 40, 64), /bad ELF header size/],
    ['program header size', (b) => u16(b, 42, 56), /bad program header size/],
    ['section header size', (b) => u16(b, 46, 64), /bad section header size/],
    ['program headers past the end', (b) => u32(b, 28, b.length - 8), /program header table .* extends past the end/],
    ['section headers past the end', (b) => u16(b, 48, 1000), /section header table .* extends past the end/],
    ['program headers over the ELF header', (b) => u32(b, 28, 8), /overlaps the ELF header/],
    ['segment past the end', (b) => u32(b, phdr + 16, 0x100000), /segment 0 .* extends past the end/],
    ['filesz > memsz', (b) => u32(b, phdr + 20, 4), /file size 0xc exceeds memory size 0x4/],
    ['virtual wrap', (b) => u32(b, phdr + 8, 0xfffffff8), /virtual range wraps/],
    ['physical wrap', (b) => u32(b, phdr + 12, 0xfffffff8), /physical range wraps/],
    ['alignment not a power of two', (b) => u32(b, phdr + 28, 0x3000), /not a power of two/],
    ['offset/address incongruent', (b) => u32(b, phdr + 8, BARE + 4), /disagree modulo the alignment/],
    ['overlapping segments', (b) => u32(b, phdr + 32 + 8, BARE), /overlaps another segment in virtual memory/],
    ['overlapping physical', (b) => u32(b, phdr + 32 + 12, BARE), /overlaps another segment in physical memory/],
    ['entry outside code', (b) => u32(b, 24, BARE + 0x1000), /entry point 0x101000 is not inside an executable segment/],
    ['shstrndx out of range', (b) => u16(b, 50, 99), /section name table index 99 is out of range/],
    ['shstrtab not a string table', (b) => u32(b, shoff(b) + 8 * 40 + 4, 1), /not a string table/],
    ['section past the end', (b) => u32(b, shoff(b) + 40 + 20, 0x100000), /section 1 .* extends past the end/],
    ['section name outside table', (b) => u32(b, shoff(b) + 40, 0x10000), /section 1: name offset 65536 is outside/],
    ['sections overlapping', (b) => u32(b, shoff(b) + 3 * 40 + 16, get32(b, shoff(b) + 40 + 16)), /overlap in the file/],
    ['symtab entry size', (b) => u32(b, shoff(b) + 6 * 40 + 36, 12), /symbol table entry size 12/],
    ['symtab link', (b) => u32(b, shoff(b) + 6 * 40 + 24, 1), /does not link to a string table/],
    ['symbol section index', (b) => u16(b, get32(b, shoff(b) + 6 * 40 + 16) + 16 + 14, 77), /names section 77, which does not exist/],
    ['symbol name outside strtab', (b) => u32(b, get32(b, shoff(b) + 6 * 40 + 16) + 16, 0xffff), /symbol 1: name offset 65535 is outside/],
    ['unterminated string table', (b) => {
      const s = shoff(b) + 7 * 40;
      b[get32(b, s + 16) + get32(b, s + 20) - 1] = 0x41;
      // the last name now runs off the end of the table
    }, /not NUL-terminated/],
    ['line table magic', (b) => (b[get32(b, shoff(b) + 5 * 40 + 16)] ^= 1), /line table: bad magic/],
  ];
  for (const [name, f, message] of cases) {
    it(`rejects: ${name}`, () => expect(corrupt(f)).toMatch(message));
  }

  it('rejects every truncation of a valid file', () => {
    const b = sample();
    for (let n = 0; n < b.length; n += 7) {
      const r = readElf(b.subarray(0, n));
      expect(r.ok, `length ${n}`).toBe(false);
    }
  });

  it('never throws on random bytes or random mutations of a valid file (fuzz)', () => {
    const rand = prng(7);
    const base = sample();
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      let b: Uint8Array;
      if (i % 3 === 0) {
        b = Uint8Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256));
        if (rand() < 0.5 && b.length > 8) b.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1], 0);
      } else {
        b = base.slice();
        const flips = 1 + Math.floor(rand() * 4);
        for (let k = 0; k < flips; k++) {
          // Mutate mostly the headers, where the interesting checks are.
          const at = rand() < 0.7 ? Math.floor(rand() * 120) : Math.floor(rand() * b.length);
          b[at] = Math.floor(rand() * 256);
        }
      }
      const r = readElf(b);
      if (r.ok) {
        accepted++;
        r.elf.symbolize(Math.floor(rand() * 2 ** 32));
        r.elf.lineFor(Math.floor(rand() * 2 ** 32));
        for (const s of r.elf.segments) {
          expect(s.filesz).toBeLessThanOrEqual(s.memsz);
          expect(s.data.length).toBe(s.filesz);
        }
      } else expect(r.error.length).toBeGreaterThan(0);
    }
    expect(accepted).toBeGreaterThan(0); // some mutations hit harmless bytes
  });

  it('rejects things that are not byte arrays without throwing', () => {
    expect(readElf(undefined as unknown as Uint8Array).ok).toBe(false);
    expect(readElf(new Uint8Array(0)).ok).toBe(false);
  });
});

describe('line table format', () => {
  it('round-trips and rejects malformed tables', () => {
    const t = { files: ['a.c', 'dir/ünï.h'], rows: [{ addr: 0x100, file: 0, line: 1, col: 2 }, { addr: 0x108, file: 1, line: 7, col: 0 }, { addr: 0x110, file: NO_FILE, line: 0, col: 0 }] };
    const bytes = encodeLineTable(t);
    expect(decodeLineTable(bytes)).toEqual({ ok: true, table: t });
    expect(decodeLineTable(bytes.subarray(0, 10))).toMatchObject({ ok: false, error: 'line table: truncated header' });
    expect(decodeLineTable(bytes.subarray(0, bytes.length - 1))).toMatchObject({ ok: false });
    const unsorted = encodeLineTable({ files: ['a'], rows: [{ addr: 8, file: 0, line: 1, col: 0 }, { addr: 4, file: 0, line: 1, col: 0 }] });
    expect(decodeLineTable(unsorted)).toMatchObject({ ok: false, error: 'line table: entries not sorted by address' });
    const badFile = encodeLineTable({ files: ['a'], rows: [{ addr: 8, file: 3, line: 1, col: 0 }] });
    expect(decodeLineTable(badFile)).toMatchObject({ ok: false, error: 'line table: entry 0 names file 3 of 1' });
  });
});
