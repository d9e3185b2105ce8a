// What the exports read of an event: the decoded event as the web event log
// holds it (web/src/shared/protocol.ts LogEntry has these fields and more)
// and as `glassbox run` decodes it (vm/host/event-text.ts), with its cycle,
// eip and sequence number. The converters beside this file take these in and
// give text out; none of them touches the DOM, the machine or a file.

import type { DecodedEvent } from '../event-text.js';
import { parseDefines, requireDefine } from '../header-defines.js';

export interface ExportEvent extends DecodedEvent {
  /** Sequence number since boot (ascending). */
  id: number;
  /** Guest cycle the event happened at. */
  cycle: number;
  eip: number;
}

/** The machine's nominal clock, which turns guest cycles into time (kernel/include/abi.h CYCLES_PER_US). */
export interface ExportClock {
  cyclesPerMicrosecond: number;
}

/** The clock from kernel/include/abi.h's text (its CYCLES_PER_US). */
export function clockFromAbi(abiHeader: string, file = 'kernel/include/abi.h'): ExportClock {
  return { cyclesPerMicrosecond: requireDefine(parseDefines(abiHeader), 'CYCLES_PER_US', file) };
}
