// Installing a file into /bin of the running machine: the host side of the
// host file channel. The page's "Build and install" and the tests use it.
//
// The channel (vm/ISA.md, "Host file channel"; ports PORT.HOSTFILE_* and
// IRQ.HOSTFILE in vm/isa/machine.ts) holds one request: a path and the
// file's bytes, in the core's linear memory. Submitting it raises IRQ 2; the
// kernel's driver (kernel/install.c) reads it through the ports, installs
// the file (a new inode, then the directory entry switched to it, so a
// running old version keeps its code and a failure keeps the old file),
// prints "[installed /bin/NAME, N bytes]" on the console and answers 0 or
// -errno through the status port. Nothing here writes the guest's RAM.
//
//   const installer = new Installer(machine, read);   // read: kernel/include/errno.h for the names
//   const r = await installer.install('/bin/hello', elfBytes);
//   if (!r.ok) show(r.message);                        // "no space left in the ramfs …"
//
// install() runs the machine (in slices of `slice` cycles, console output
// going wherever the machine's output goes) until the kernel answers, and
// gives up with an error after `maxCycles`, or as soon as the machine cannot
// go on (halted after a panic, exited, idle without having answered: a
// kernel without the driver, or one that masks the line). It never throws
// for anything the guest does. A host that runs the machine itself (the
// web's worker loop, a ShellSession) calls submit() and then poll() after
// its own runs instead.
//
// Determinism: a request is an input like a console byte. It is delivered
// at the cycle count submit() returns (`cycle`); the same image, inputs and
// request at the same cycle give the same machine, to the byte. A replay log
// records { cycle, path, bytes } and submits it when the replay reaches
// that cycle, as it does with console input.

import type { Machine } from './machine.js';
import { namesByValue, type SourceReader } from './header-defines.js';
import { KERNEL_INCLUDE } from './manifest.js';
import { HOSTFILE_STATE } from '../isa/machine.js';
import { errnoMessage, installMessage, installText } from './install-messages.js';
import type { InstallMessage } from './install-messages.js';

export type InstallFailure = {
  ok: false;
  /**
   * The kernel's errno when the kernel refused (EINVAL, ENOSPC …: 'refused'); 0 for
   * the host's own reasons ('busy', 'too-large', 'no-answer', 'stopped').
   */
  errno: number;
  reason: 'refused' | 'busy' | 'too-large' | 'no-answer' | 'stopped';
  /** Says what happened, in words a user of the editor understands (English). */
  message: string;
  /** The same as a catalogue message (install-messages.ts), for the page to say in its language. */
  said: InstallMessage;
};

export type InstallResult = { ok: true; path: string; size: number; cycle: number } | InstallFailure;

export interface InstallOptions {
  /** Give up after this many guest cycles without an answer (default 1e9, a third of a guest second). */
  maxCycles?: number;
  /** Cycles per run() call while waiting (default 2e6). */
  slice?: number;
}

export class Installer {
  private readonly errnoNames: Map<number, string>;
  private pending: { path: string; size: number; cycle: number } | undefined;

  /** `read` gives kernel/include/errno.h, the one list of the kernel's error numbers. */
  constructor(readonly machine: Machine, read: SourceReader) {
    const text = read(`${KERNEL_INCLUDE}/errno.h`) ?? '';
    this.errnoNames = new Map([...namesByValue(text, 'E')].map(([n, name]) => [n, `E${name.toUpperCase()}`]));
  }

  /** The largest file the channel takes for this path, in bytes. */
  capacity(path: string): number {
    const nameLen = new TextEncoder().encode(path).length;
    return Math.max(0, this.machine.core.hostFileCapacity() - ((nameLen + 3) & ~3));
  }

  /**
   * Queue a request and raise the channel's IRQ; the kernel services it when
   * the machine runs next. Returns the cycle it was delivered at, or why not.
   */
  submit(path: string, bytes: Uint8Array): { ok: true; cycle: number } | InstallFailure {
    const refused = this.refusal(path, bytes);
    if (refused) return refused;
    const core = this.machine.core;
    const name = new TextEncoder().encode(path);
    const at = (name.length + 3) & ~3;
    const mem = new Uint8Array(core.memory.buffer, core.hostFilePtr(), core.hostFileCapacity());
    mem.set(name, 0);
    mem.set(bytes, at);
    const rc = core.hostFileSubmit(name.length, bytes.length);
    if (rc !== 0) return fail(0, rc === 1 ? 'busy' : 'too-large', installMessage('install.channel-refused', { path, rc: String(rc) }));
    const cycle = this.machine.cycles;
    this.watch(path, bytes.length, cycle);
    return { ok: true, cycle };
  }

  /** Why submit() would refuse this request now, or undefined when it would take it. */
  refusal(path: string, bytes: Uint8Array): InstallFailure | undefined {
    const core = this.machine.core;
    if (core.hostFileState() === HOSTFILE_STATE.PENDING) {
      return fail(0, 'busy', installMessage('install.busy'));
    }
    const name = new TextEncoder().encode(path);
    if (name.length === 0) return fail(0, 'refused', installMessage('install.empty-path', { why: installMessage('install.errno.EINVAL') }));
    const at = (name.length + 3) & ~3;
    if (at + bytes.length > core.hostFileCapacity()) {
      return fail(0, 'too-large', installMessage('install.too-large', { path, size: String(bytes.length), capacity: String(this.capacity(path)) }));
    }
    return undefined;
  }

  /**
   * Wait for the answer to a request someone else submitted (a recorder
   * delivers its inputs itself, time-travel/input-log.ts): poll() reports it.
   */
  watch(path: string, size: number, cycle: number): void {
    this.pending = { path, size, cycle };
  }

  /** The answer to the submitted request, once the kernel gave it (undefined while it has not). */
  poll(): InstallResult | undefined {
    const core = this.machine.core;
    const state = core.hostFileState();
    if (state === HOSTFILE_STATE.PENDING) return undefined;
    const req = this.pending;
    if (!req) return undefined;
    this.pending = undefined;
    if (state !== HOSTFILE_STATE.ANSWERED) {
      return fail(0, 'stopped', installMessage('install.dropped', { path: req.path }));
    }
    const answer = core.hostFileResult() | 0;
    if (answer === 0) return { ok: true, path: req.path, size: req.size, cycle: req.cycle };
    if (answer > 0) return fail(0, 'refused', installMessage('install.meaningless', { path: req.path, answer: String(answer) }));
    const errno = -answer;
    const name = this.errnoNames.get(errno);
    if (name === undefined) return fail(errno, 'refused', installMessage('install.refused-unknown', { path: req.path, errno: String(errno) }));
    const why = errnoMessage(name) ?? installMessage('install.errno-other', { errno: name });
    return fail(errno, 'refused', installMessage('install.refused', { path: req.path, why, errno: name }));
  }

  /** Submit, then run the machine until the kernel answers (see the file's comment). */
  async install(path: string, bytes: Uint8Array, opts: InstallOptions = {}): Promise<InstallResult> {
    const submitted = this.submit(path, bytes);
    if (!submitted.ok) return submitted;
    const maxCycles = opts.maxCycles ?? 1e9;
    const slice = opts.slice ?? 2_000_000;
    const start = this.machine.cycles;
    for (;;) {
      const answer = this.poll();
      if (answer) return answer;
      const spent = this.machine.cycles - start;
      if (spent >= maxCycles) {
        return fail(0, 'no-answer', installMessage('install.no-answer', { path, cycles: String(maxCycles) }));
      }
      const info = this.machine.run(Math.min(slice, maxCycles - spent));
      const late = this.poll();
      if (late) return late;
      switch (info.reason) {
        case 'halt':
        case 'exit':
        case 'shutdown':
          return fail(0, 'stopped', installMessage('install.stopped', { path, reason: info.reason }));
        case 'idle':
          return fail(0, 'no-answer', installMessage('install.idle', { path }));
        case 'breakpoint':
        case 'stop-request':
          return fail(0, 'stopped', installMessage('install.stopped-pending', { path, reason: info.reason }));
        default:
          break;
      }
    }
  }
}

/** One install: `new Installer(machine, read).install(path, bytes, opts)`. */
export function installFile(
  machine: Machine, read: SourceReader, path: string, bytes: Uint8Array, opts: InstallOptions = {},
): Promise<InstallResult> {
  return new Installer(machine, read).install(path, bytes, opts);
}

function fail(errno: number, reason: InstallFailure['reason'], said: InstallMessage): InstallFailure {
  return { ok: false, errno, reason, message: installText(said), said };
}
