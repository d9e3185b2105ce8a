// The object file: what the assembler hands the linker.
//
// It is a plain data structure (Uint8Arrays, strings, numbers), so it can be
// cached, posted to a Web Worker or compared in tests. Addresses inside an
// object are section offsets; the linker places sections and then patches
// every relocation.
//
// Relocation values (both are 32-bit little-endian words):
//   ABS32  word = target + addend
//   REL32  word = target + addend - (patch offset + 4)
//          The patched word is always the last word of a branch instruction,
//          so patch + 4 is the address of the next instruction, and the word
//          is the branch offset the CPU adds to it.
// The target is a named symbol (resolved across all objects by the linker),
// a section of this same object (its start; used for every reference to a
// label the object defines itself), or absolute address 0 (a branch to a
// constant address: the addend is the address).

import type { SourceLoc } from './diagnostic.js';

/** The sections that end up in memory, in the order the linker lays them out. */
export const ALLOC_SECTIONS = ['.text', '.rodata', '.data', '.bss'] as const;
export type AllocSectionName = (typeof ALLOC_SECTIONS)[number];

export function isAllocSection(name: string): name is AllocSectionName {
  return (ALLOC_SECTIONS as readonly string[]).includes(name);
}

export interface ObjectSection {
  name: string;
  /** The contents; for .bss an empty array (only `size` matters). */
  bytes: Uint8Array;
  /** Size in bytes (bytes.length, except for .bss). */
  size: number;
  /** Required alignment of the section's start, a power of two. */
  align: number;
}

export type SymbolType = 'function' | 'object' | 'notype';

export interface ObjectSymbol {
  name: string;
  /** Section the symbol is defined in, or null for an absolute value (`.equ`). */
  section: string | null;
  /** Offset in the section, or the value itself when section is null. */
  offset: number;
  global: boolean;
  size: number;
  type: SymbolType;
  /** Where it was defined, for duplicate-symbol errors. */
  loc: SourceLoc;
}

export type RelocTarget =
  | { kind: 'symbol'; name: string }
  | { kind: 'section'; name: string }
  | { kind: 'absolute' };

export interface Relocation {
  /** The section holding the word to patch. */
  section: string;
  offset: number;
  kind: 'ABS32' | 'REL32';
  target: RelocTarget;
  /** The constant added to the target, exactly as written: -2^31 .. 2^32-1. */
  addend: number;
  /** The source position of the reference, for undefined-symbol errors. */
  loc: SourceLoc;
}

/** From `offset` in `section` up to the next entry, code came from file:line:col. */
export interface LineEntry {
  section: string;
  offset: number;
  file: string;
  line: number;
  col: number;
}

export interface ObjectFile {
  /** The name of the assembly source it came from. */
  source: string;
  sections: ObjectSection[];
  symbols: ObjectSymbol[];
  relocations: Relocation[];
  lines: LineEntry[];
}
