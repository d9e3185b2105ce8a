// Every subcommand's options, described once: the parser (node:util's
// parseArgs), the usage line, `--help` and the one-line errors all come from
// a command's CommandSpec, so an option cannot be accepted without being
// listed, or listed without being accepted.
//
// A usage problem prints one line, `glassbox CMD: what is wrong`, on stderr
// and exits EXIT.usage; `--help` (and `glassbox help CMD`) prints the
// whole help on stdout and exits 0.

import { parseArgs } from 'node:util';
import { EXIT } from './exit-codes.js';

export interface OptionSpec {
  name: string;
  short?: string;
  /** flag: present or not; value: one value; list: may be given again. */
  kind: 'flag' | 'value' | 'list';
  /** The value's placeholder in help: N, FILE, LINE. */
  value?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  /** What goes after the options in the usage line (FILE..., FILE.s|FILE.c). */
  args?: string;
  /** How many positional arguments it takes. */
  positionals?: { min: number; max: number };
  /** One line: what the command does. */
  summary: string;
  options: OptionSpec[];
  /** Paragraphs after the options (exit statuses, examples). */
  notes?: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedCommand {
  values: OptionValues;
  positionals: string[];
}

const HELP: OptionSpec = { name: 'help', kind: 'flag', help: 'print this help and exit' };

const placeholder = (o: OptionSpec): string => (o.kind === 'flag' ? '' : ` ${o.value ?? 'VALUE'}`);
const spelled = (o: OptionSpec): string => `${o.short ? `-${o.short}, ` : '    '}--${o.name}${placeholder(o)}${o.kind === 'list' ? ' ...' : ''}`;

export function helpText(spec: CommandSpec): string {
  const options = [...spec.options, HELP];
  const width = Math.max(...options.map((o) => spelled(o).length));
  return [
    `usage: glassbox ${spec.name} [OPTIONS]${spec.args ? ` ${spec.args}` : ''}`,
    '',
    spec.summary,
    '',
    'options:',
    ...options.map((o) => `  ${spelled(o).padEnd(width)}  ${o.help}`),
    ...(spec.notes ? ['', spec.notes] : []),
  ].join('\n');
}

/** Print a usage error for spec (one line) and give the exit status to return. */
export function usageError(spec: CommandSpec, message: string): number {
  console.error(`glassbox ${spec.name}: ${message}`);
  return EXIT.usage;
}

/** Parse args by spec; a number is the exit status to return at once (help printed, or a usage error). */
export function parseCommand(spec: CommandSpec, args: string[]): ParsedCommand | number {
  const options = Object.fromEntries(
    [...spec.options, HELP].map((o) => [
      o.name,
      { type: o.kind === 'flag' ? 'boolean' : 'string', multiple: o.kind === 'list', ...(o.short ? { short: o.short } : {}) },
    ]),
  ) as NonNullable<Parameters<typeof parseArgs>[0]>['options'];
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: spec.positionals !== undefined, strict: true });
  } catch (e) {
    return usageError(spec, (e as Error).message.replace(/\. To specify a positional argument.*$/, ''));
  }
  const values = parsed.values as OptionValues;
  if (values.help) {
    console.log(helpText(spec));
    return EXIT.ok;
  }
  const n = parsed.positionals.length;
  const want = spec.positionals;
  if (want && (n < want.min || n > want.max)) {
    const what = want.min === want.max ? `${want.min}` : n < want.min ? `at least ${want.min}` : `at most ${want.max}`;
    return usageError(spec, n === 0 ? `no ${spec.args ?? 'argument'} given (glassbox ${spec.name} --help)` : `takes ${what} argument${want.max === 1 ? '' : 's'}, got ${n}`);
  }
  return { values, positionals: parsed.positionals };
}

/**
 * A whole number from an option's text within [min, max], or an error
 * message naming the option and the range.
 */
export function wholeNumber(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number | string {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    return `--${flag}: '${text}' is not a whole number ${range}`;
  }
  return n;
}
