// Generates the instruction list of vm/ISA.md from the ISA table, so the
// document cannot drift from vm/isa/isa.ts (isa-doc.test.ts checks it).
//
//   npx tsx test/core/isa-doc.ts          rewrites the section in vm/ISA.md
//
// The section sits between the two marker lines below.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORMS, formLength } from '../../vm/isa/isa.js';
import type { Form, Operand } from '../../vm/isa/isa.js';

export const BEGIN = '<!-- BEGIN GENERATED INSTRUCTION LIST (test/core/isa-doc.ts) -->';
export const END = '<!-- END GENERATED INSTRUCTION LIST -->';
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

/** The document with its generated section replaced. */
export function updatedIsaMd(text: string): string {
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${ISA_MD}: missing the generated-section markers`);
  return text.slice(0, a) + instructionList() + text.slice(b + END.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(ISA_MD, updatedIsaMd(readFileSync(ISA_MD, 'utf8')));
}
