// `glassbox bare FILE.s|FILE.c`: assemble (or compile) a program, link it at
// 1 MiB and run it on the bare machine — no kernel, paging off, ring 0, esp at
// the top of RAM, entry at _start. Console output goes to stdout, the trace
// and the registers to stderr; the command exits with the status the program
// wrote to the exit port (mod 256), or one of exit-codes.ts's for the other
// endings, with a message on stderr. BARE_SPEC lists the options.

import { readFileSync } from 'node:fs';
import { assembleAndLink } from '../asm/index.js';
import { runBare, BARE_LOAD_ADDRESS, BareResult } from '../host/bare.js';
import { hex } from '../host/machine.js';
import { nodeIncludeReader } from '../host/node-files.js';
import { BARE_CONTEXT, formatEvent } from '../host/events.js';
import { machineOptions } from '../host/hardware.js';
import { EFLAGS } from '../isa/machine.js';
import { EXIT, RESERVED_STATUSES } from './exit-codes.js';
import { hardwareFlags } from './hardware-flags.js';
import { eventJson, jsonLine } from './json-output.js';
import { CommandSpec, parseCommand, usageError, wholeNumber } from './options.js';

const HARDWARE = hardwareFlags('bare');

export const BARE_SPEC: CommandSpec = {
  name: 'bare',
  args: 'FILE.s|FILE.asm|FILE.c',
  positionals: { min: 1, max: 1 },
  summary: 'Assemble or compile a program, link it at 1 MiB and run it on the bare machine: no kernel, paging off, ring 0.',
  options: [
    { name: 'max-cycles', kind: 'value', value: 'N', help: 'stop after N guest cycles (default 2000000000)' },
    { name: 'trace', kind: 'flag', help: 'print one line per machine event on stderr' },
    { name: 'regs', kind: 'flag', help: 'print the registers at the end, on stderr' },
    { name: 'stdin', kind: 'value', value: 'TEXT', help: 'console input for the program' },
    { name: 'ram-mib', kind: 'value', value: 'N', help: 'RAM in MiB, 2 to 1024 (default 32)' },
    { name: 'json', kind: 'flag', help: 'print JSON lines on stdout instead (console, events with --trace, result)' },
    ...HARDWARE.specs,
  ],
  notes: `exit status: the program's own (what it wrote to port 0xF4, or what main returned, mod 256);
  1 it did not build, 2 usage, 124 the cycle limit ran out, 125 the machine stopped without exiting`,
};

const STOPS: Record<string, { exit: number; say: (m: BareResult['machine'], maxCycles: number) => string }> = {
  'cycle-limit': { exit: EXIT.cycleLimit, say: (m, max) => `cycle limit reached (${max} cycles) at eip=0x${hex(m.eip)}` },
  halt: { exit: EXIT.stopped, say: (m) => `the machine halted (hlt with interrupts off) at eip=0x${hex(m.eip)} without writing an exit status` },
  shutdown: { exit: EXIT.stopped, say: (m) => `triple fault (an exception while delivering a double fault) at eip=0x${hex(m.eip)}` },
  idle: { exit: EXIT.stopped, say: () => 'the program is waiting for console input and none is left (use --stdin)' },
};

export async function bareCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(BARE_SPEC, argv);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const hardware = HARDWARE.config(values);
  if (typeof hardware === 'string') return usageError(BARE_SPEC, hardware);
  const maxCycles = values['max-cycles'] === undefined ? 2_000_000_000 : wholeNumber('max-cycles', values['max-cycles'] as string, 1);
  if (typeof maxCycles === 'string') return usageError(BARE_SPEC, maxCycles);
  const ramMiB = values['ram-mib'] === undefined ? 32 : wholeNumber('ram-mib', values['ram-mib'] as string, 2, 1024);
  if (typeof ramMiB === 'string') return usageError(BARE_SPEC, ramMiB);
  const json = values.json === true;
  const path = positionals[0];

  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    console.error(`glassbox bare: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return EXIT.failed;
  }

  const built = path.endsWith('.c') ? await buildC(path, text) : assembleAndLink([{ name: path, text }], { textBase: BARE_LOAD_ADDRESS, include: nodeIncludeReader() });
  if (!built.elf) {
    for (const e of built.errors) console.error(e);
    return EXIT.failed;
  }

  const result = await runBare(built.elf, {
    ...machineOptions(hardware),
    maxCycles,
    trace: values.trace === true,
    stdin: values.stdin as string | undefined,
    ramBytes: ramMiB << 20,
    onOutput: (t) => process.stdout.write(json ? jsonLine({ type: 'console', text: t }) : t),
  });
  const m = result.machine;
  if (values.trace) {
    for (const ev of m.takeEvents()) {
      if (json) process.stdout.write(eventJson(ev, BARE_CONTEXT));
      else console.error(formatEvent(ev));
    }
  }
  if (values.regs) console.error(formatRegisters(m.registers(), m.cycles, m.instret));

  const stop = STOPS[result.stop];
  const exit = result.stop === 'exit' ? result.status : stop?.exit ?? EXIT.stopped;
  if (json) {
    process.stdout.write(jsonLine({
      type: 'result', outcome: result.stop, ...(result.stop === 'exit' ? { status: result.status } : {}),
      exit, cycles: m.cycles, instructions: m.instret,
    }));
  }
  if (result.stop === 'exit') {
    if (RESERVED_STATUSES.has(result.status) && !json) {
      console.error(`glassbox bare: note: the program exited with status ${result.status}, a number glassbox also uses for its own outcomes (--json tells them apart)`);
    }
    return exit;
  }
  console.error(`glassbox bare: ${stop ? stop.say(m, maxCycles) : `the machine stopped (${result.stop}) at eip=0x${hex(m.eip)}`}`);
  return exit;
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
