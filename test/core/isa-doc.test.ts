// vm/ISA.md's instruction list is generated from vm/isa/isa.ts; this fails
// when the table changed and the document was not regenerated
// (run `npx tsx test/core/isa-doc.ts`).

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { FORMS } from '../../vm/isa/isa.js';
import { ISA_MD, instructionList, updatedIsaMd } from './isa-doc.js';

it('vm/ISA.md lists every form of the ISA table, up to date', () => {
  const text = readFileSync(ISA_MD, 'utf8');
  expect(updatedIsaMd(text)).toBe(text);
  const list = instructionList();
  for (const f of FORMS) expect(list).toContain(`| ${f.name} |`);
});
