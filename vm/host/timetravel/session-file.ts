// Session files: a recording saved to disk and loaded later, on this
// computer or another, to the same state.
//
// A session file is a zip archive (fflate) of:
//   session.json      { format: "glassbox-session", version: 1, machine: the
//                       machine options, cycle: where the session stood,
//                       hash: stateHash() there, inputs: the input log }
//   start.bin         the machine's state where the recording began (the
//                     booted kernel with its ramfs: the image), raw bytes
//   kernel.elf        the kernel, for its symbols and lines
//   programs/NAME     each program in /bin (ELF), for theirs
// or, for a bare program run on the machine without a kernel (the page's
// bare demos), session.json names it (`bare: NAME`) and the archive holds
//   bare.elf          that program, for its symbols and lines
// in place of kernel.elf and programs/.
// session.json may also hold `hardware`: the page's hardware settings as
// [name, value] pairs (vm/host/hardware.ts hardwarePairs; only those that
// differ from the defaults), so the page reboots its views on the same
// hardware; readers that do not use it ignore it (the CLI does).
// Inputs are { cycle, kind: "console", bytes: base64 }, { cycle, kind:
// "file", path, bytes: base64 } or { cycle, kind: "irq", line }.
// Checkpoints are not saved: loading replays the log from start.bin to
// `cycle` (checkpoints are rebuilt on the way) and checks the hash.
// A file of another format or a newer version is refused with a message.

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { MachineConfig } from '../machine-config.js';
import type { Input } from './input-log.js';

export const SESSION_FORMAT = 'glassbox-session';
export const SESSION_VERSION = 1;

export interface Session {
  machine: MachineConfig;
  cycle: number;
  hash: string;
  inputs: Input[];
  start: Uint8Array;
  /** What ran: the kernel (with /bin's programs), or a bare program. */
  kernel?: Uint8Array;
  programs: Map<string, Uint8Array>;
  bare?: { name: string; elf: Uint8Array };
  /** The page's hardware settings as [name, value] pairs (hardwarePairs), when the page saved it. */
  hardware?: [string, string][];
}

export class SessionError extends Error {}

type InputJson =
  | { cycle: number; kind: 'console'; bytes: string }
  | { cycle: number; kind: 'file'; path: string; bytes: string }
  | { cycle: number; kind: 'irq'; line: number };

export function encodeSession(s: Session): Uint8Array {
  const json = {
    format: SESSION_FORMAT, version: SESSION_VERSION, machine: s.machine, cycle: s.cycle, hash: s.hash,
    inputs: s.inputs.map(inputToJson),
    ...(s.hardware ? { hardware: s.hardware } : {}),
    ...(s.bare ? { bare: s.bare.name } : {}),
  };
  if (!s.kernel === !s.bare) throw new SessionError('a session records either the kernel or a bare program');
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 | 1 | 6 }]> = {
    'session.json': strToU8(JSON.stringify(json, null, 1)),
    'start.bin': [s.start, { level: 1 }],
  };
  if (s.kernel) files['kernel.elf'] = s.kernel;
  if (s.bare) files['bare.elf'] = s.bare.elf;
  for (const [name, elf] of s.programs) files[`programs/${name}`] = elf;
  return zipSync(files, { level: 6 });
}

export function decodeSession(bytes: Uint8Array): Session {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new SessionError(`not a session file (not a zip archive: ${(e as Error).message})`);
  }
  const meta = files['session.json'];
  if (!meta) throw new SessionError('not a session file (no session.json)');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(strFromU8(meta)) as Record<string, unknown>;
  } catch {
    throw new SessionError('session.json is not JSON');
  }
  if (json.format !== SESSION_FORMAT) throw new SessionError(`not a session file (format '${String(json.format)}')`);
  if (json.version !== SESSION_VERSION) {
    throw new SessionError(`session format version ${String(json.version)}; this Glassbox reads version ${SESSION_VERSION}`);
  }
  const start = files['start.bin'];
  const kernel = files['kernel.elf'];
  const bareElf = files['bare.elf'];
  if (json.bare !== undefined && (typeof json.bare !== 'string' || json.bare === '')) throw new SessionError('session.json\'s bare is not a program name');
  if (!start) throw new SessionError('the session file lacks start.bin');
  if (json.bare === undefined ? !kernel : !bareElf || kernel) {
    throw new SessionError(json.bare === undefined ? 'the session file lacks kernel.elf' : 'a bare program\'s session file holds bare.elf and no kernel.elf');
  }
  if (typeof json.cycle !== 'number' || typeof json.hash !== 'string' || !Array.isArray(json.inputs)) {
    throw new SessionError('session.json lacks cycle, hash or inputs');
  }
  const programs = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) if (name.startsWith('programs/')) programs.set(name.slice(9), data);
  const session: Session = {
    machine: json.machine as MachineConfig, cycle: json.cycle, hash: json.hash,
    inputs: (json.inputs as InputJson[]).map(inputFromJson), start, programs,
    ...(kernel ? { kernel } : { bare: { name: json.bare as string, elf: bareElf } }),
  };
  if (json.hardware !== undefined) {
    const pairs = json.hardware;
    if (!Array.isArray(pairs) || !pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string'))) {
      throw new SessionError('session.json\'s hardware is not a list of [name, value] pairs');
    }
    session.hardware = pairs as [string, string][];
  }
  return session;
}

function inputToJson(i: Input): InputJson {
  switch (i.kind) {
    case 'console':
      return { cycle: i.cycle, kind: 'console', bytes: base64(i.bytes) };
    case 'file':
      return { cycle: i.cycle, kind: 'file', path: i.path, bytes: base64(i.bytes) };
    case 'irq':
      return { cycle: i.cycle, kind: 'irq', line: i.line };
  }
}

function inputFromJson(j: InputJson): Input {
  if (typeof j?.cycle !== 'number') throw new SessionError('an input without a cycle');
  switch (j.kind) {
    case 'console':
      return { cycle: j.cycle, kind: 'console', bytes: unbase64(j.bytes) };
    case 'file':
      return { cycle: j.cycle, kind: 'file', path: String(j.path), bytes: unbase64(j.bytes) };
    case 'irq':
      return { cycle: j.cycle, kind: 'irq', line: Number(j.line) };
    default:
      throw new SessionError(`an input of unknown kind '${String((j as { kind: unknown }).kind)}'`);
  }
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function unbase64(text: string): Uint8Array {
  if (typeof text !== 'string') throw new SessionError('input bytes are not base64 text');
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
