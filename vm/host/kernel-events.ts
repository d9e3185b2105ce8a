// Kernel events as text: the names of trace codes, process states and system
// calls read from the kernel's headers (trace.h, syscall.h), and one line per
// event for `glassbox run --trace`.

import { Machine, hex } from './machine.js';
import type { MachineEvent } from './event-ring.js';
import { EVENT } from '../isa/machine.js';
import { formatEvent } from './events.js';
import { namesByValue, SourceReader } from './header-defines.js';
import { KERNEL_INCLUDE } from './manifest.js';

/** Names for the kernel's trace codes, process states and system calls, read from the headers. */
export interface KernelNames {
  trace: Map<number, string>;
  states: Map<number, string>;
  syscalls: Map<number, string>;
}

export function kernelNames(read: SourceReader): KernelNames {
  const traceText = read(`${KERNEL_INCLUDE}/trace.h`) ?? '';
  return {
    trace: namesByValue(traceText, 'TR_'),
    states: namesByValue(traceText, 'PSTATE_'),
    syscalls: namesByValue(read(`${KERNEL_INCLUDE}/syscall.h`) ?? '', 'SYS_'),
  };
}

/** One line for an event: kernel events by their trace.h names, machine events as events.ts writes them. */
export function describeEvent(ev: MachineEvent, names: KernelNames, m?: Machine): string {
  if (ev.kind !== EVENT.KERNEL) return formatEvent(ev);
  const at = `[${String(ev.cycles).padStart(12)}] eip=0x${hex(ev.eip)}`;
  const code = names.trace.get(ev.a) ?? `event-${ev.a}`;
  const st = (n: number): string => names.states.get(n) ?? String(n);
  switch (code) {
    case 'state':
      return `${at} kernel state tid=${ev.b} ${st(ev.c)} -> ${st(ev.d)}`;
    case 'fork':
      return `${at} kernel fork parent=${ev.b} child=${ev.c}`;
    case 'exec':
      return `${at} kernel exec pid=${ev.b} path=${m ? JSON.stringify(m.readCString(ev.c, 64)) : '0x' + hex(ev.c)}`;
    case 'exit':
      return `${at} kernel exit pid=${ev.b} status=0x${ev.c.toString(16)}`;
    case 'wait':
      return `${at} kernel wait pid=${ev.b} for=${ev.c | 0}`;
    case 'reap':
      return `${at} kernel reap parent=${ev.b} child=${ev.c} status=0x${ev.d.toString(16)}`;
    case 'syscall':
      return `${at} kernel syscall pid=${ev.b} ${names.syscalls.get(ev.c) ?? ev.c}(0x${hex(ev.d, 1)})`;
    case 'cs_interrupt':
      return `${at} switch 1/7 timer interrupt tid=${ev.b} at eip=0x${hex(ev.c)}`;
    case 'cs_save':
      return `${at} switch 2/7 state saved tid=${ev.b} trapframe=0x${hex(ev.c)}`;
    case 'cs_enqueue':
      return `${at} switch 3/7 ready queue += tid ${ev.b} (length ${ev.c})`;
    case 'cs_pick':
      return `${at} switch 4/7 scheduler picks tid ${ev.b} (was ${ev.c})`;
    case 'cs_restore':
      return `${at} switch 5/7 restore tid=${ev.b} kernel esp=0x${hex(ev.c)}`;
    case 'cs_cr3':
      return `${at} switch 6/7 page table tid=${ev.b} ${ev.d ? `cr3 <- 0x${hex(ev.c)}` : 'same address space: no CR3 write'}`;
    case 'cs_resume':
      return `${at} switch 7/7 resume tid=${ev.b} at eip=0x${hex(ev.c)}`;
    case 'panic':
      return `${at} kernel panic: ${m ? m.readCString(ev.b, 128) : '0x' + hex(ev.b)}`;
    case 'thread':
      return `${at} kernel thread created pid=${ev.b} tid=${ev.c}`;
    case 'thread_exit':
      return `${at} kernel thread exit pid=${ev.b} tid=${ev.c} value=${ev.d | 0}`;
    default:
      return `${at} kernel ${code} 0x${hex(ev.b, 1)} 0x${hex(ev.c, 1)} 0x${hex(ev.d, 1)}`;
  }
}
