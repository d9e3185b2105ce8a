// vm/ISA.md's instruction list is generated from vm/isa/isa.ts and its list
// of the core's exports from vm/core/index.ts; this fails when either changed
// and the document was not regenerated (run `npx tsx test/core/isa-doc.ts`);
// its device table is written by hand, and must have a row for every port.

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { FORMS } from '../../vm/isa/isa.js';
import { PORT } from '../../vm/isa/machine.js';
import { coreFunctions } from './core-api.js';
import { ISA_MD, exportList, instructionList, updatedIsaMd } from './isa-doc.js';

it('vm/ISA.md is up to date and lists every form of the ISA table', () => {
  const text = readFileSync(ISA_MD, 'utf8');
  expect(updatedIsaMd(text)).toBe(text);
  const list = instructionList();
  for (const f of FORMS) expect(list).toContain(`| ${f.name} |`);
});

it('vm/ISA.md lists every export of vm/core/index.ts with its doc comment', () => {
  const text = readFileSync(ISA_MD, 'utf8');
  expect(text).toContain(exportList());
  for (const f of coreFunctions()) expect(text).toContain(`| \`${f.name}(`);
});

it('vm/ISA.md\'s device table has a row for every port of vm/isa/machine.ts', () => {
  const text = readFileSync(ISA_MD, 'utf8');
  const section = text.slice(text.indexOf('## Devices and ports'), text.indexOf('## Running, stopping, stepping'));
  for (const [name, port] of Object.entries(PORT)) {
    expect(section, `PORT.${name}`).toMatch(new RegExp(`^\\| 0x${port.toString(16).toUpperCase().padStart(2, '0')} `, 'm'));
  }
});
