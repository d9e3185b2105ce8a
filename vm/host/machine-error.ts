// The error the host throws when it is asked to do something the machine
// cannot: a bad hardware configuration, an ELF that does not load, a write
// outside RAM, a snapshot from a differently configured machine. Guest
// misbehaviour is never a MachineError; it becomes a guest exception or a
// stop reason instead (DESIGN.md, "Guests cannot break the host").
//
// An error the page shows also carries its message as data (a catalogue key
// and parameters: vm/text/message.ts), so the page can say it in its
// language; `message` is always the English the terminal prints.

import type { Message } from '../text/message.js';

export class MachineError extends Error {
  constructor(
    message: string,
    /** The same words as a catalogue message, when the page may show them. */
    readonly said?: Message,
  ) {
    super(message);
  }
}
