// `--json`: what a command prints as one JSON object per line, for scripts
// and graders. The schema (also in the README):
//
//   {"type":"console","text":"..."}                   console output, in order
//   {"type":"event","cycle":N,"eip":N,"category":"process","name":"fork",
//    "text":"fork: pid 2 created child 3","values":{...},"pid":2,...}
//                                                     a trace event (--trace)
//   {"type":"command","line":"ls","outcome":"prompt","cycles":N}
//                                                     run: one typed line done
//   {"type":"result","outcome":"exit","status":3,"exit":3,"cycles":N,"instructions":N}
//                                                     last: how it ended
//
// outcome is exit, prompt (run: the shell is back), cycle-limit, halt,
// shutdown, idle (waiting for input) or panic; status is the guest's own exit
// status when it exited; exit is the command's exit status.

import type { MachineEvent } from '../host/event-ring.js';
import { decodeEvent, DecodeContext } from '../host/event-text.js';

export type JsonLine =
  | { type: 'console'; text: string }
  | ({ type: 'event'; cycle: number; eip: number } & ReturnType<typeof decodeEvent>)
  | { type: 'command'; line: string; outcome: string; cycles: number }
  | { type: 'result'; outcome: string; status?: number; exit: number; cycles: number; instructions: number };

export function jsonLine(line: JsonLine): string {
  return JSON.stringify(line) + '\n';
}

export function eventJson(ev: MachineEvent, ctx: DecodeContext): string {
  return jsonLine({ type: 'event', cycle: ev.cycles, eip: ev.eip, ...decodeEvent(ev, ctx) });
}
