// machine.h: the machine's numbers for C and assembly, made from machine.ts.
//
// The kernel needs the same ports, vectors, page-table, control-register,
// eflags and selector bits and counter numbers as the core and the host;
// user programs get the counter numbers through <glassbox.h>. Rather than copy them
// into kernel/include/mmu.h, the build generates this header in memory
// (never on disk, never committed) and offers it to the preprocessor; mmu.h
// includes it. Every table becomes `#define TABLE_KEY value`.

import {
  COUNTER, COUNTER_COUNT, CR0, CR4, EFLAGS, ERROR_CODE_VECTORS, INVPCID, IRQ, PORT, PTE, PTE_FRAME_MASK, SELECTOR,
  VECTOR,
} from './machine.js';

/** The tables, by the prefix their names get in C, and how their values are best read. */
const TABLES: { prefix: string; table: Record<string, number>; hex: boolean }[] = [
  { prefix: 'PORT', table: PORT, hex: true },
  { prefix: 'VECTOR', table: VECTOR, hex: false },
  { prefix: 'IRQ', table: IRQ, hex: false },
  { prefix: 'PTE', table: { ...PTE, FRAME_MASK: PTE_FRAME_MASK }, hex: true },
  { prefix: 'CR0', table: CR0, hex: true },
  { prefix: 'CR4', table: CR4, hex: true },
  { prefix: 'EFLAGS', table: EFLAGS, hex: true },
  { prefix: 'SELECTOR', table: SELECTOR, hex: true },
  { prefix: 'INVPCID', table: INVPCID, hex: false },
  // rdpmc's counter numbers (ECX), for the kernel's gb_counters and the programs that read it.
  { prefix: 'COUNTER', table: { ...COUNTER, COUNT: COUNTER_COUNT }, hex: false },
];

function literal(v: number, hex: boolean): string {
  return hex ? `0x${(v >>> 0).toString(16).toUpperCase()}` : String(v);
}

/** Every machine number as a C name and value, in the header's order. */
export function machineDefines(): [string, number][] {
  const out: [string, number][] = [];
  for (const { prefix, table } of TABLES) for (const [k, v] of Object.entries(table)) out.push([`${prefix}_${k}`, v]);
  return out;
}

/** The text of machine.h. */
export function machineHeader(): string {
  const lines = [
    '// machine.h: generated at build time from vm/isa/machine.ts (vm/isa/machine-header.ts).',
    '// Not a file in the repository: change the numbers in machine.ts.',
    '#ifndef GLASSBOX_MACHINE_H',
    '#define GLASSBOX_MACHINE_H',
  ];
  for (const { prefix, table, hex } of TABLES) {
    lines.push('');
    for (const [k, v] of Object.entries(table)) lines.push(`#define ${prefix}_${k} ${literal(v, hex)}`);
  }
  lines.push('', `// Vectors for which the CPU pushes an error code: ${ERROR_CODE_VECTORS.join(', ')}.`, '', '#endif', '');
  return lines.join('\n');
}
