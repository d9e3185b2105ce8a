// `glassbox bare FILE.s|FILE.c`: assemble (or compile) a program, link it at
// 1 MiB and run it on the bare machine — no kernel, paging off, ring 0, esp at
// the top of RAM, entry at _start. Console output goes to stdout; the command
// exits with the status the program wrote to the exit port (mod 256).
// Other endings exit non-zero with a message on stderr:
//   124  the --max-cycles limit ran out
//   125  the machine stopped without exiting (hlt with interrupts off,
//        triple fault, or waiting for console input that never comes)
//   1    the program did not assemble/compile (errors on stderr)
// The hardware flags (--tlb-entries, --tlb-ways, --tlb-policy, --cost) choose
// the machine as for `glassbox run`; a bad value exits 2.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { assembleAndLink } from '../asm/index.js';
import { runBare, BARE_LOAD_ADDRESS } from '../host/bare.js';
import { hex } from '../host/machine.js';
import { nodeIncludeReader } from '../host/node-files.js';
import { formatEvent } from '../host/events.js';
import { machineOptions } from '../host/hardware.js';
import { EFLAGS } from '../isa/machine.js';
import { hardwareFlags } from './hardware-flags.js';

const HARDWARE = hardwareFlags('bare');

const USAGE = `usage: glassbox bare FILE.s|FILE.c [--max-cycles N] [--trace] [--regs] [--stdin TEXT] [--ram-mib N] ${HARDWARE.usage}`;

export async function bareCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'max-cycles': { type: 'string' },
        trace: { type: 'boolean', default: false },
        regs: { type: 'boolean', default: false },
        stdin: { type: 'string' },
        'ram-mib': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...HARDWARE.options,
      },
    });
  } catch (err) {
    console.error(`glassbox bare: ${(err as Error).message}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HARDWARE.help(USAGE));
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const hardware = HARDWARE.config(values);
  if (typeof hardware === 'string') {
    console.error(`glassbox bare: ${hardware}`);
    return 2;
  }
  const path = positionals[0];
  const maxCycles = values['max-cycles'] === undefined ? 2_000_000_000 : Number(values['max-cycles']);
  if (!Number.isSafeInteger(maxCycles) || maxCycles <= 0) {
    console.error(`glassbox bare: --max-cycles wants a positive integer, got '${values['max-cycles']}'`);
    return 2;
  }
  const ramMiB = values['ram-mib'] === undefined ? 32 : Number(values['ram-mib']);
  if (!Number.isInteger(ramMiB) || ramMiB < 2 || ramMiB > 1024) {
    console.error(`glassbox bare: --ram-mib wants an integer from 2 to 1024, got '${values['ram-mib']}'`);
    return 2;
  }

  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    console.error(`glassbox bare: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return 1;
  }

  const built = path.endsWith('.c') ? await buildC(path, text) : assembleAndLink([{ name: path, text }], { textBase: BARE_LOAD_ADDRESS, include: nodeIncludeReader() });
  if (!built.elf) {
    for (const e of built.errors) console.error(e);
    return 1;
  }

  const result = await runBare(built.elf, {
    ...machineOptions(hardware),
    maxCycles,
    trace: values.trace,
    stdin: values.stdin,
    ramBytes: ramMiB << 20,
    onOutput: (t) => process.stdout.write(t),
  });
  const m = result.machine;
  if (values.trace) for (const ev of m.takeEvents()) console.error(formatEvent(ev));
  if (values.regs) console.error(formatRegisters(m.registers(), m.cycles, m.instret));

  switch (result.stop) {
    case 'exit':
      return result.status;
    case 'cycle-limit':
      console.error(`glassbox bare: cycle limit reached (${maxCycles} cycles) at eip=0x${hex(m.eip)}`);
      return 124;
    case 'halt':
      console.error(`glassbox bare: the machine halted (hlt with interrupts off) at eip=0x${hex(m.eip)} without writing an exit status`);
      return 125;
    case 'shutdown':
      console.error(`glassbox bare: triple fault (an exception while delivering a double fault) at eip=0x${hex(m.eip)}`);
      return 125;
    case 'idle':
      console.error('glassbox bare: the program is waiting for console input and none is left (use --stdin)');
      return 125;
    default:
      console.error(`glassbox bare: the machine stopped (${result.stop}) at eip=0x${hex(m.eip)}`);
      return 125;
  }
}

async function buildC(path: string, text: string): Promise<{ elf?: Uint8Array; errors: string[] }> {
  const cc = (await import('./cc.js')) as {
    buildBare(path: string, text: string, readFile: (p: string) => string | undefined): { elf?: Uint8Array; errors: string[] };
  };
  const readFile = (p: string): string | undefined => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  return cc.buildBare(path, text, readFile);
}

export function formatRegisters(r: Record<string, number>, cycles: number, instret: number): string {
  const h = (n: number) => `0x${hex(n)}`;
  const flags = r.eflags;
  const flagNames = Object.entries(EFLAGS)
    .filter(([, bit]) => flags & bit)
    .map(([name]) => name)
    .join(' ');
  return [
    `eax=${h(r.eax)} ecx=${h(r.ecx)} edx=${h(r.edx)} ebx=${h(r.ebx)}`,
    `esp=${h(r.esp)} ebp=${h(r.ebp)} esi=${h(r.esi)} edi=${h(r.edi)}`,
    `eip=${h(r.eip)} eflags=${h(r.eflags)} [${flagNames}] cpl=${r.cpl}`,
    `cr0=${h(r.cr0)} cr2=${h(r.cr2)} cr3=${h(r.cr3)} cr4=${h(r.cr4)}`,
    `cycles=${cycles} instructions=${instret}`,
  ].join('\n');
}
