// Shared helpers for the assembler/linker tests.

import { assemble, assembleAndLink } from '../../vm/asm/index.js';
import { readElf, ElfImage } from '../../vm/asm/elf.js';
import type { ObjectFile } from '../../vm/asm/object.js';

export const BARE = 0x00100000;

/** Assemble one file; fail the test with the messages if it has errors. */
export function asmOk(text: string, name = 't.s'): ObjectFile {
  const r = assemble(text, name);
  if (!r.object) throw new Error(`unexpected errors:\n${r.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`).join('\n')}`);
  return r.object;
}

/** The messages of a failing assembly, formatted `file:line:col: message`. */
export function asmErrors(text: string, name = 't.s'): string[] {
  const r = assemble(text, name);
  return r.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`);
}

/** Link `_start:` + text at the bare base and return the parsed image. */
export function buildImage(files: { name: string; text: string }[], textBase = BARE, physOffset?: number): ElfImage {
  const r = assembleAndLink(files, { textBase, physOffset });
  if (!r.elf) throw new Error(`unexpected errors:\n${r.errors.join('\n')}`);
  const parsed = readElf(r.elf);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.elf;
}

/** The bytes of .text after linking `text` (with a _start label in front) at `base`. */
export function textBytes(text: string, base = BARE): Uint8Array {
  const img = buildImage([{ name: 't.s', text: `.globl _start\n_start:\n${text}\n` }], base);
  return img.section('.text')!.data;
}

export function words(bytes: Uint8Array): number[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length >> 2 }, (_, i) => v.getUint32(i * 4, true));
}

export { prng } from '../prng.js';
