// One line per event for `--trace` (glassbox bare, glassbox run): the
// `[cycles] eip=` prefix and the event's text from the schema (event-text.ts).

import { hex } from './machine.js';
import type { MachineEvent } from './event-ring.js';
import { decodeEvent, DecodeContext } from './event-text.js';

/** Without the kernel's headers (a bare program) kernel events show as raw numbers. */
export const BARE_CONTEXT: DecodeContext = { states: new Map(), syscalls: new Map(), readString: (va) => '0x' + hex(va, 1) };

export function formatEvent(ev: MachineEvent, ctx: DecodeContext = BARE_CONTEXT): string {
  return `[${String(ev.cycles).padStart(12)}] eip=0x${hex(ev.eip)} ${decodeEvent(ev, ctx).text}`;
}
