// The debugger's command language: gdb's verbs and spellings, one handler
// each, every answer a string of lines. An error is one line (a
// MachineError's message); nothing here prints or exits.
//
// Motions end with the position, `[cycle N] 0xADDR in function+off
// (file:line)`, after the motion's own note. `info registers` prints one
// register per line, `NAME 0xHEX DECIMAL` (stable, for scripts).

import { MachineError } from '../machine-error.js';
import { hex } from './code-map.js';
import type { Debugger } from './debugger.js';
import type { RunTarget } from './step-commands.js';
import { STATE_LABELS } from '../event-kinds.js';
import type { SourceReader } from '../header-defines.js';
import { stateHash } from '../timetravel/state.js';

export interface CommandHost {
  dbg: Debugger;
  /** Source files for `list` (repo-relative paths as the line table names them). */
  read: SourceReader;
  /** Write the session to a file (the CLI's: it has the start state); `load` is the CLI's own. */
  save(path: string): string;
}

export type CommandResult = { output: string; quit?: boolean };

type Handler = (host: CommandHost, args: string[]) => string;

const UNTIL: Record<string, RunTarget | 'flush'> = {
  switch: 'switch', fork: 'fork', exec: 'exec', exit: 'exit', syscall: 'syscall', step: 'switch-step', flush: 'flush',
};

function count(args: string[], what: string): number {
  if (args.length === 0) return 1;
  const n = Number(args[0]);
  if (!Number.isInteger(n) || n < 1) throw new MachineError(`${what}: '${args[0]}' is not a positive count`);
  return n;
}

/** A motion's note (if any), then where the machine is. */
function moved(host: CommandHost, note: string): string {
  return (note ? note + '\n' : '') + host.dbg.where();
}

const COMMANDS: Record<string, Handler> = {
  break: (h, a) => {
    if (a.length !== 1) throw new MachineError('usage: break SYMBOL|FILE:LINE|*ADDR');
    const bp = h.dbg.addBreakpoint(a[0]);
    return `Breakpoint ${bp.n} at ${hex(bp.addr)}: ${h.dbg.code.describe(bp.addr)}`;
  },
  delete: (h, a) => {
    const n = a.length ? Number(a[0]) : undefined;
    if (n !== undefined && !Number.isInteger(n)) throw new MachineError(`delete: '${a[0]}' is not a breakpoint number`);
    const gone = h.dbg.deleteBreakpoint(n);
    return `deleted ${gone} breakpoint${gone === 1 ? '' : 's'}`;
  },
  continue: (h) => moved(h, h.dbg.continue()),
  stepi: (h, a) => moved(h, h.dbg.stepi(count(a, 'stepi'))),
  nexti: (h) => moved(h, h.dbg.forward('nexti')),
  step: (h) => moved(h, h.dbg.forward('line')),
  next: (h) => moved(h, h.dbg.forward('over')),
  finish: (h) => moved(h, h.dbg.forward('out')),
  'reverse-stepi': (h, a) => moved(h, h.dbg.reverseStepi(count(a, 'reverse-stepi'))),
  'reverse-nexti': (h) => moved(h, h.dbg.reverseNexti()),
  'reverse-step': (h) => moved(h, h.dbg.reverseLine(false)),
  'reverse-next': (h) => moved(h, h.dbg.reverseLine(true)),
  'reverse-finish': (h) => moved(h, h.dbg.reverseFinish()),
  'reverse-continue': (h) => moved(h, h.dbg.reverseContinue()),
  goto: (h, a) => {
    const n = Number(a[0]);
    if (a.length !== 1 || !Number.isInteger(n) || n < 0) throw new MachineError('usage: goto CYCLE');
    return moved(h, h.dbg.goTo(n));
  },
  info: (h, a) => info(h, a),
  x: (h, a) => examine(h, 1, a),
  backtrace: (h) => backtrace(h),
  list: (h) => list(h),
  print: (h, a) => print(h, a),
  type: (h, a) => {
    const text = a.join(' ') + '\n';
    h.dbg.rec.type(text);
    return `typed ${JSON.stringify(text)} (the console takes it when the machine runs)`;
  },
  save: (h, a) => {
    if (a.length !== 1) throw new MachineError('usage: save SESSION');
    return h.save(a[0]);
  },
  echo: (_h, a) => a.join(' '),
  help: () => HELP,
};

for (const [word, target] of Object.entries(UNTIL)) {
  COMMANDS[`until-${word}`] = (h) => moved(h, target === 'flush' ? h.dbg.untilFlush() : h.dbg.untilNext(target));
  COMMANDS[`reverse-until-${word}`] = (h) => moved(h, h.dbg.reverseUntil(target));
}

const ALIASES: Record<string, string> = {
  b: 'break', d: 'delete', c: 'continue', si: 'stepi', ni: 'nexti', s: 'step', n: 'next', bt: 'backtrace', where: 'backtrace',
  l: 'list', p: 'print', q: 'quit', rsi: 'reverse-stepi', rni: 'reverse-nexti', rs: 'reverse-step', rn: 'reverse-next',
  rc: 'reverse-continue', i: 'info',
};

export const HELP = [
  'break SYMBOL|FILE:LINE|*ADDR, delete [N], continue, stepi [N], nexti, step, next, finish',
  'reverse-stepi [N], reverse-nexti, reverse-step, reverse-next, reverse-finish, reverse-continue',
  'until-switch|fork|exec|exit|syscall|step|flush, reverse-until-switch|fork|exec|exit|syscall|step|flush, goto CYCLE',
  'info registers|tlb|proc|breakpoints|history|state, x/Nx ADDR, backtrace, list, print SYMBOL',
  'type LINE, echo TEXT, save SESSION, load SESSION, quit',
].join('\n');

/** Run one command line. */
export function runCommand(host: CommandHost, line: string): CommandResult {
  const words = line.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { output: '' };
  let [verb, ...args] = words;
  if (verb.startsWith('x/')) return { output: examine(host, examineCount(verb), args) };
  verb = ALIASES[verb] ?? verb;
  if (verb === 'quit') return { output: '', quit: true };
  const handler = COMMANDS[verb];
  if (!handler) throw new MachineError(`unknown command '${words[0]}' (try help)`);
  return { output: handler(host, args) };
}

function examineCount(verb: string): number {
  const m = /^x\/(\d*)x$/.exec(verb);
  if (!m) throw new MachineError(`'${verb}': only x/Nx (N words in hex) is supported`);
  const n = m[1] === '' ? 1 : Number(m[1]);
  if (n < 1 || n > 4096) throw new MachineError(`'${verb}': the count must be 1..4096`);
  return n;
}

/** N words at a virtual address, through the current page tables (no TLB lookup). */
function examine(h: CommandHost, n: number, args: string[]): string {
  if (args.length !== 1) throw new MachineError('usage: x/Nx ADDR');
  const addr = addressOf(h, args[0]);
  const m = h.dbg.m;
  const { bytes, mapped } = m.readVirt(addr, n * 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const lines: string[] = [];
  for (let i = 0; i < n; i += 4) {
    const words: string[] = [];
    for (let j = i; j < Math.min(n, i + 4); j++) {
      words.push(mapped.slice(j * 4, j * 4 + 4).every(Boolean) ? '0x' + hex(view.getUint32(j * 4, true)).slice(2) : '<unmapped>');
    }
    lines.push(`${hex(addr + i * 4)}: ${words.join(' ')}`);
  }
  return lines.join('\n');
}

function addressOf(h: CommandHost, text: string): number {
  if (/^(0x[0-9a-f]+|\d+)$/i.test(text)) return Number(text) >>> 0;
  if (text.startsWith('$')) {
    const regs = h.dbg.m.registers();
    const v = regs[text.slice(1)];
    if (v === undefined) throw new MachineError(`no register ${text}`);
    return v >>> 0;
  }
  return h.dbg.resolve(text);
}

function info(h: CommandHost, args: string[]): string {
  const what = args[0] ?? '';
  const dbg = h.dbg;
  const m = dbg.m;
  switch (what) {
    case 'registers':
    case 'reg':
    case 'r': {
      const values: Array<[string, number]> = Object.entries(m.registers()).map(([name, v]) => [name, v >>> 0]);
      values.push(['cycles', m.cycles], ['instret', m.instret]);
      return values.map(([name, v]) => `${name.padEnd(8)}0x${v.toString(16).padStart(8, '0')}  ${v}`).join('\n');
    }
    case 'tlb': {
      const rows = m.tlbEntries().map((e) =>
        `${String(e.index).padStart(4)}  vpn ${hex(e.vpn << 12)} -> frame ${hex(e.frame << 12)}  pcid ${e.pcid}` +
        ` ${e.rw ? 'rw' : 'ro'} ${e.user ? 'user' : 'kernel'}${e.dirty ? ' dirty' : ''}${e.global ? ' global' : ''}`);
      const c = m.counters();
      return [`${rows.length} TLB entries (hits ${c.TLB_HITS}, misses ${c.TLB_MISSES}, flushes ${c.TLB_FULL_FLUSHES})`, ...rows].join('\n');
    }
    case 'proc': {
      if (dbg.kview.problem) throw new MachineError(dbg.kview.problem);
      const cur = dbg.kview.currentPid(m);
      const rows = dbg.kview.processes(m).map((p) => {
        const state = STATE_LABELS[dbg.kview.stateName(p.state)] ?? dbg.kview.stateName(p.state);
        return `${p.pid === cur ? '*' : ' '}${String(p.pid).padStart(4)} ${String(p.ppid).padStart(5)}  ${state.padEnd(20)} ${p.name}`;
      });
      return ['  PID  PPID  STATE                NAME', ...rows].join('\n');
    }
    case 'breakpoints':
    case 'break':
      return dbg.bps.length === 0 ? 'no breakpoints' :
        dbg.bps.map((b) => `${b.n}  ${hex(b.addr)}  ${b.spec}  ${dbg.code.describe(b.addr)}`).join('\n');
    case 'history': {
      const s = dbg.rec.stats();
      return [
        `oldest reachable cycle ${s.oldestCycle}`, `now ${m.cycles}`, `frontier ${s.frontier}`,
        `checkpoints ${s.paged} paged, ${s.frames} full frames`,
        `memory ${(s.usedBytes / 2 ** 20).toFixed(1)} of ${(s.budgetBytes / 2 ** 20).toFixed(1)} MiB`, `inputs ${s.inputs}`,
      ].join('\n');
    }
    case 'state':
      return `cycle ${m.cycles} state ${stateHash(m)}`;
    default:
      throw new MachineError('usage: info registers|tlb|proc|breakpoints|history|state');
  }
}

/** The ebp chain: one frame per line, innermost first. */
function backtrace(h: CommandHost): string {
  const m = h.dbg.m;
  const lines = [`#0  ${hex(m.eip)} in ${h.dbg.code.describe(m.eip)}`];
  let ebp = m.getReg('ebp');
  for (let i = 1; i < 64 && ebp !== 0; i++) {
    const { bytes, mapped } = m.readVirt(ebp, 8);
    if (mapped.includes(false)) break;
    const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
    const next = view.getUint32(0, true);
    const ret = view.getUint32(4, true);
    if (ret === 0) break;
    lines.push(`#${i}  ${hex(ret)} in ${h.dbg.code.describe(ret)}`);
    if (next <= ebp) break; // frames go up the stack
    ebp = next;
  }
  return lines.join('\n');
}

/** The source around the current line. */
function list(h: CommandHost): string {
  const m = h.dbg.m;
  const { program, bias } = h.dbg.code.locate(m.eip);
  const pos = program?.lineFor((m.eip + bias) >>> 0);
  if (!pos) throw new MachineError(`no source line at ${hex(m.eip)}`);
  const text = h.read(pos.file);
  if (text === undefined) throw new MachineError(`cannot read ${pos.file}`);
  const lines = text.split('\n');
  const from = Math.max(1, pos.line - 5);
  const to = Math.min(lines.length, pos.line + 5);
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`${n === pos.line ? '=>' : '  '}${String(n).padStart(5)}  ${lines[n - 1]}`);
  return `${pos.file}:\n${out.join('\n')}`;
}

/** A global's 32-bit value: the kernel's, else the current program's. */
function print(h: CommandHost, args: string[]): string {
  if (args.length !== 1) throw new MachineError('usage: print SYMBOL');
  const name = args[0];
  const dbg = h.dbg;
  const m = dbg.m;
  let addr = dbg.kernel.globalAddress(name);
  if (addr === undefined) {
    const current = dbg.programs.get(dbg.code.currentProgramName() ?? '');
    addr = current?.globalAddress(name);
  }
  if (addr === undefined) throw new MachineError(`no global '${name}' in the kernel or the current program`);
  const { bytes, mapped } = m.readVirt(addr, 4);
  if (mapped.includes(false)) throw new MachineError(`${name} at ${hex(addr)} is not mapped here`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  return `${name} = ${v | 0} (0x${v.toString(16)}) at ${hex(addr)}`;
}
