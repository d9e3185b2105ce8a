// The guest's console, seen from the worker: keys typed on the page wait
// here until the machine's input buffer takes them, and output waits until
// the next snapshot carries it to the terminal.
//
// Whoever waits for a command's output (command-run.ts) watches the output
// as it is written, whether or not the page has taken it yet.
//
// Output is capped (a page that stops asking must not make the worker grow
// without bound); the last few kilobytes are kept apart, because a kernel
// panic's message and backtrace are read from them.

import type { Machine } from '../../../vm/host/machine.js';

/** Output kept for the page between snapshots; beyond it the oldest half goes. */
const MAX_OUTPUT = 1 << 20;
/** Output kept for reading a panic's backtrace. */
const TAIL = 4096;
/** The terminal's reset sequence: a new boot starts on a clean screen. */
const CLEAR_SCREEN = '\x1bc';

export class GuestConsole {
  private output = CLEAR_SCREEN;
  private pending: Uint8Array = new Uint8Array(0);
  /** The latest output, kept after the page took it. */
  tail = '';
  private readonly watchers = new Set<(text: string) => void>();

  write(text: string): void {
    for (const w of this.watchers) w(text);
    this.output += text;
    this.tail = (this.tail + text).slice(-TAIL);
    if (this.output.length > MAX_OUTPUT) this.output = this.output.slice(-(MAX_OUTPUT >> 1));
  }

  /** Call `f` with every piece of output from now on, until the returned function is called. */
  watch(f: (text: string) => void): () => void {
    this.watchers.add(f);
    return () => this.watchers.delete(f);
  }

  /** Output since the last call. */
  takeOutput(): string {
    const text = this.output;
    this.output = '';
    return text;
  }

  /** Queue keys for the guest. */
  type(text: string): void {
    const bytes = new TextEncoder().encode(text);
    const joined = new Uint8Array(this.pending.length + bytes.length);
    joined.set(this.pending);
    joined.set(bytes, this.pending.length);
    this.pending = joined;
  }

  /** Hand the machine what its input buffer can take now. */
  feed(m: Machine): void {
    if (this.pending.length === 0) return;
    const n = m.input(this.pending);
    this.pending = this.pending.subarray(n);
  }
}
