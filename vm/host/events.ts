// Human-readable machine events, one line each, for `--trace` and logs.

import { hex } from './machine.js';
import { MachineEvent } from './event-ring.js';
import { EVENT, FLUSH_CAUSE } from '../isa/machine.js';

const VECTOR_NAMES: Record<number, string> = {
  0: '#DE divide error', 6: '#UD invalid opcode', 8: '#DF double fault', 13: '#GP general protection',
  14: '#PF page fault', 32: 'IRQ timer', 33: 'IRQ console', 0x80: 'int 0x80 system call',
};

const FLUSH_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(FLUSH_CAUSE).map(([k, v]) => [v, k.toLowerCase()]),
);

export function vectorName(v: number): string {
  return VECTOR_NAMES[v] ?? (v >= 32 && v < 48 ? `IRQ ${v - 32}` : `vector ${v}`);
}

export function formatEvent(ev: MachineEvent): string {
  const at = `[${String(ev.cycles).padStart(12)}] eip=0x${hex(ev.eip)}`;
  switch (ev.kind) {
    case EVENT.INTERRUPT:
      return `${at} interrupt ${ev.a} (${vectorName(ev.a)}) error=0x${hex(ev.b, 1)} from ring ${ev.c}` +
        (ev.a === 14 ? ` cr2=0x${hex(ev.d)}` : '');
    case EVENT.IRET:
      return `${at} iret to ring ${ev.a} at 0x${hex(ev.b)}`;
    case EVENT.CR3_WRITE:
      return `${at} cr3 0x${hex(ev.a)} -> 0x${hex(ev.b)} (${ev.c} TLB entries dropped)`;
    case EVENT.TLB_FLUSH:
      return `${at} TLB flush (${FLUSH_NAMES[ev.a] ?? ev.a}) ${ev.b} entries dropped` + (ev.a === FLUSH_CAUSE.INVLPG ? ` page 0x${hex(ev.c)}` : '');
    case EVENT.HLT:
      return `${at} hlt (interrupts ${ev.a ? 'on' : 'off'})`;
    case EVENT.KERNEL:
      return `${at} kernel event ${ev.a} (0x${hex(ev.b)}, 0x${hex(ev.c)}, 0x${hex(ev.d)})`;
    case EVENT.EXIT:
      return `${at} exit status ${ev.a}`;
    case EVENT.SHUTDOWN:
      return `${at} shutdown: could not deliver vector ${ev.a}`;
    default:
      return `${at} ${ev.name} a=0x${hex(ev.a)} b=0x${hex(ev.b)} c=0x${hex(ev.c)} d=0x${hex(ev.d)}`;
  }
}
