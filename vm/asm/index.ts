// The toolchain's front door: assemble several files and link them in one
// call, with errors already formatted. Also re-exports the pieces.

import { assemble, AssembleOptions } from './assembler.js';
import { Diagnostic, formatDiagnostic } from './diagnostic.js';
import { LinkMap, LinkOptions, link } from './linker.js';
import type { ObjectFile } from './object.js';

export { assemble } from './assembler.js';
export type { AssembleOptions, AssembleResult } from './assembler.js';
export type { IncludeReader } from './nasm-preprocess.js';
export { link, LINKER_SYMBOLS } from './linker.js';
export type { LinkOptions, LinkResult, LinkMap, LinkMapSymbol } from './linker.js';
export { formatDiagnostic } from './diagnostic.js';
export type { Diagnostic, SourceLoc } from './diagnostic.js';
export type { ObjectFile, ObjectSection, ObjectSymbol, Relocation, LineEntry } from './object.js';
export { disassemble, formatListing, formatImm } from './disassembler.js';
export type { DisasmLine, Symbolizer } from './disassembler.js';
export { readElf, EM_GLASSBOX } from './elf.js';
export type { ElfImage, ElfSegment, ElfSection, ElfSymbol, ElfLine, Symbolized, ReadElfResult } from './elf.js';

export interface SourceFile {
  name: string;
  text: string;
  /** The file as written, when `text` is its preprocessed form: error messages quote its lines. */
  source?: string;
}

export interface AssembleAndLinkResult {
  elf?: Uint8Array;
  /** `file:line:col: message`, with the source line and a caret when the file is known. */
  errors: string[];
  /** The raw diagnostics behind `errors`. */
  diagnostics: Diagnostic[];
  map?: LinkMap;
}

/**
 * Assemble every file, then link them (only when all assembled cleanly).
 * Never throws.
 */
export function assembleAndLink(files: SourceFile[], options: LinkOptions & AssembleOptions): AssembleAndLinkResult {
  const diagnostics: Diagnostic[] = [];
  const objects: ObjectFile[] = [];
  for (const f of files) {
    const r = assemble(f.text, f.name, { include: options.include });
    diagnostics.push(...r.errors);
    if (r.object) objects.push(r.object);
  }
  let elf: Uint8Array | undefined;
  let map: LinkMap | undefined;
  if (diagnostics.length === 0) {
    const r = link(objects, options);
    diagnostics.push(...r.errors);
    elf = r.elf;
    map = r.map;
  }
  const texts = new Map(files.map((f) => [f.name, f.source ?? f.text]));
  const errors = diagnostics.map((d) => formatDiagnostic(d, texts.get(d.file)));
  return diagnostics.length ? { errors, diagnostics } : { elf, errors, diagnostics, map };
}
