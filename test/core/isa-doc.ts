// Generates two sections of vm/ISA.md, so the document cannot drift from the
// code (isa-doc.test.ts checks it): the instruction list from the ISA table
// (vm/isa/isa.ts) and the list of the core's exports from vm/core/index.ts
// (its exported functions and their doc comments, read by core-api.ts).
//
//   npx tsx test/core/isa-doc.ts          rewrites both sections in vm/ISA.md
//
// Each section sits between its two marker lines below.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORMS, formLength } from '../../vm/isa/isa.js';
import type { Form, Operand } from '../../vm/isa/isa.js';
import { coreFunctions } from './core-api.js';

export const BEGIN = '<!-- BEGIN GENERATED INSTRUCTION LIST (test/core/isa-doc.ts) -->';
export const END = '<!-- END GENERATED INSTRUCTION LIST -->';
export const EXPORTS_BEGIN = '<!-- BEGIN GENERATED EXPORT LIST (test/core/isa-doc.ts from vm/core/index.ts) -->';
export const EXPORTS_END = '<!-- END GENERATED EXPORT LIST -->';
export const ISA_MD = fileURLToPath(new URL('../../vm/ISA.md', import.meta.url));

const OPERAND_TEXT: Record<Operand, string> = {
  r: 'r32', rs: 'r32/r16/r8', m: 'm32', msz: 'm8/m16/m32', m816: 'm8/m16', ma: 'mem', i: 'imm32', i8: 'imm8',
  rel: 'rel32', cl: 'cl', dx: 'dx', cr: 'crN',
};

/** Where each operand lives in the encoding. */
function fields(f: Form): string {
  const parts: string[] = [];
  let regs = 0;
  for (const o of f.operands) {
    if (o === 'r' || o === 'rs') parts.push(regs++ === 0 || f.operands.some((x) => x === 'm' || x === 'msz' || x === 'm816' || x === 'ma') ? 'A' : 'B');
    else if (o === 'm' || o === 'msz' || o === 'm816' || o === 'ma') parts.push('B,X,S' + (o === 'ma' ? '' : ',Z') + ',disp');
    else if (o === 'i' || o === 'rel') parts.push(o === 'rel' ? 'rel32' : 'imm32');
    else if (o === 'i8' || o === 'cr') parts.push('I8');
    else parts.push(o);
  }
  return parts.join(' · ');
}

export function instructionList(): string {
  const rows = FORMS.map((f) => {
    const ops = f.operands.map((o) => OPERAND_TEXT[o]).join(', ');
    return `| 0x${f.opcode.toString(16).padStart(2, '0')} | ${f.name} | \`${f.mnemonic}${ops ? ' ' + ops : ''}\` | ${fields(f)} | ${formLength(f)} | ${f.cost} | ${f.privileged ? 'yes' : ''} |`;
  });
  return [
    BEGIN,
    '',
    '| opcode | form | syntax | fields | bytes | cost class | ring 0 only |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    END,
  ].join('\n');
}

/** The core's exported functions: signature and what each does, from vm/core/index.ts. */
export function exportList(): string {
  const rows = coreFunctions().map((f) => {
    const result = f.result === 'void' ? '' : `: ${f.result}`;
    return `| \`${f.name}(${f.params.join(', ')})${result}\` | ${f.doc} |`;
  });
  return [EXPORTS_BEGIN, '', '| export | |', '|---|---|', ...rows, '', EXPORTS_END].join('\n');
}

/** The document with its generated sections replaced. */
export function updatedIsaMd(text: string): string {
  return replaceSection(replaceSection(text, BEGIN, END, instructionList()), EXPORTS_BEGIN, EXPORTS_END, exportList());
}

function replaceSection(text: string, begin: string, end: string, section: string): string {
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${ISA_MD}: missing the markers ${begin} … ${end}`);
  return text.slice(0, a) + section + text.slice(b + end.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(ISA_MD, updatedIsaMd(readFileSync(ISA_MD, 'utf8')));
}
