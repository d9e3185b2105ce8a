// The console device from the host's side.
//
// Output: the guest writes bytes to the console port; the core collects them
// in a buffer in linear memory (consoleOutPtr/consoleOutLen) and, when it
// fills, stops run() with output-full. The host drains the buffer after every
// run() call. Bytes are decoded as a UTF-8 stream, so a character split
// across two drains comes out whole. Input: bytes are queued one at a time
// into the device's input queue, which raises the console IRQ.

import type { CoreExports } from './core-exports.js';

/** Console output decoded from the core's buffer, delivered to a sink or kept until taken. */
export class ConsoleOutput {
  private decoder = new TextDecoder('utf-8');
  private pending = '';

  constructor(private readonly core: CoreExports) {}

  /** Empty the core's buffer: the text goes to `sink` when there is one, else it is kept for take(). */
  drain(sink: ((text: string) => void) | undefined): void {
    const len = this.core.consoleOutLen();
    if (len === 0) return;
    const bytes = new Uint8Array(this.core.memory.buffer, this.core.consoleOutPtr(), len);
    const text = this.decoder.decode(bytes, { stream: true });
    this.core.consoleOutClear();
    if (text.length === 0) return;
    if (sink) sink(text);
    else this.pending += text;
  }

  /** The text kept since the last call. */
  take(): string {
    const text = this.pending;
    this.pending = '';
    return text;
  }
}

/** Queue bytes of console input (text as UTF-8). Returns how many the device accepted before its queue was full. */
export function typeInput(core: CoreExports, text: string | Uint8Array): number {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let accepted = 0;
  for (const b of bytes) {
    if (core.consoleInput(b) !== 0) break;
    accepted++;
  }
  return accepted;
}
