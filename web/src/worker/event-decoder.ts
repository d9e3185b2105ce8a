// Machine and kernel events, turned into lines of the event log.
//
// The core records machine events (interrupts, iret, CR3 writes, TLB
// flushes, hlt) in a ring; the kernel writes its own (fork, exec, exit,
// wait/reap, state changes, the seven switch steps, syscalls) through the
// trace port, and the core records those too. Scheduling events (state
// changes, the switch steps) name threads: tid = pid for a process's first. The codes and the names of
// process states and system calls come from the kernel's headers (trace.h,
// syscall.h, via kernel-events.ts's kernelNames), never from a copy here.

import { EVENT, FLUSH_CAUSE } from '../../../vm/isa/machine.js';
import { vectorName } from '../../../vm/host/events.js';
import type { MachineEvent } from '../../../vm/host/event-ring.js';
import type { KernelNames } from '../../../vm/host/kernel-events.js';
import type { EventCategory, LogEntry } from '../shared/protocol.js';
import { STATE_LABELS } from './kernel-view.js';

const FLUSH_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(FLUSH_CAUSE).map(([k, v]) => [v, k.toLowerCase()]),
);

/** The seven steps' trace names, in order (trace.h TR_CS_*). */
export const SWITCH_CODES = ['cs_interrupt', 'cs_save', 'cs_enqueue', 'cs_pick', 'cs_restore', 'cs_cr3', 'cs_resume'];

/** The article's names of the steps (1. 타이머 인터럽트 발생 … 7. 실행 재개), short enough for one line. */
export const SWITCH_TITLES = [
  'timer interrupt',
  'save current state',
  'current → ready queue',
  'scheduler picks next',
  'restore next state',
  'switch page table → TLB flush',
  'resume execution',
];

const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');
const hx = (n: number): string => '0x' + (n >>> 0).toString(16);

/** Reads a NUL-terminated string at a kernel virtual address. */
export type KernelStringReader = (vaddr: number) => string;

export class EventDecoder {
  private nextId = 1;

  constructor(
    private readonly names: KernelNames | undefined,
    private readonly readString: KernelStringReader,
  ) {}

  /** Restart numbering (after a reboot). */
  reset(): void {
    this.nextId = 1;
  }

  state(n: number): string {
    const name = this.names?.states.get(n) ?? String(n);
    return STATE_LABELS[name] ?? name;
  }

  decode(ev: MachineEvent): LogEntry {
    const base = { id: this.nextId++, cycle: ev.cycles, eip: ev.eip, args: [ev.a, ev.b, ev.c, ev.d] as [number, number, number, number] };
    const entry = (category: EventCategory, name: string, text: string, pid?: number, detail?: string): LogEntry => {
      const e: LogEntry = { ...base, category, name, text };
      if (pid !== undefined) e.pid = pid;
      if (detail !== undefined) e.detail = detail;
      return e;
    };
    switch (ev.kind) {
      case EVENT.INTERRUPT: {
        const v = ev.a;
        const from = `from ring ${ev.c}`;
        if (v < 32) {
          const extra = v === 14 ? ` cr2=${hex(ev.d)} error=${hx(ev.b)}` : ev.b ? ` error=${hx(ev.b)}` : '';
          return entry('exception', 'exception', `exception ${v} ${vectorName(v)} ${from}${extra}`);
        }
        if (v === 0x80) return entry('syscall', 'int80', `int 0x80 ${from}`);
        return entry('interrupt', v === 32 ? 'timer' : 'interrupt', `interrupt ${v} ${vectorName(v)} ${from}`);
      }
      case EVENT.IRET:
        return entry('interrupt', 'iret', `iret to ring ${ev.a} at ${hex(ev.b)}`);
      case EVENT.CR3_WRITE:
        return entry('tlb', 'cr3-write', `cr3 ${hex(ev.a)} -> ${hex(ev.b)}: ${ev.c} TLB entries dropped`);
      case EVENT.TLB_FLUSH: {
        const cause = FLUSH_NAMES[ev.a] ?? String(ev.a);
        const page = ev.a === FLUSH_CAUSE.INVLPG ? ` page ${hex(ev.c)}` : '';
        return entry('tlb', 'tlb-flush', `TLB flush (${cause})${page}: ${ev.b} entries dropped`, undefined, cause);
      }
      case EVENT.HLT:
        return entry('machine', 'hlt', `hlt (interrupts ${ev.a ? 'on' : 'off'})`);
      case EVENT.EXIT:
        return entry('machine', 'exit-port', `machine exit, status ${ev.a}`);
      case EVENT.SHUTDOWN:
        return entry('machine', 'shutdown', `triple fault: could not deliver vector ${ev.a}`);
      case EVENT.KERNEL:
        return this.kernel(ev, entry);
      default:
        return entry('machine', ev.name, `${ev.name} ${hx(ev.a)} ${hx(ev.b)} ${hx(ev.c)} ${hx(ev.d)}`);
    }
  }

  private kernel(
    ev: MachineEvent,
    entry: (c: EventCategory, name: string, text: string, pid?: number, detail?: string) => LogEntry,
  ): LogEntry {
    const code = this.names?.trace.get(ev.a) ?? `event-${ev.a}`;
    const [b, c, d] = [ev.b | 0, ev.c | 0, ev.d | 0];
    const step = SWITCH_CODES.indexOf(code);
    if (step >= 0) return entry('switch', code, `switch ${step + 1}/7 ${SWITCH_TITLES[step]}: ${this.switchDetail(code, ev)}`, b);
    switch (code) {
      case 'boot':
        return entry('machine', code, `kernel booted: ${ev.b >>> 20} MiB, ${c} files, quantum ${ev.d} cycles`);
      case 'fork':
        return entry('process', code, `fork: pid ${b} created child ${c}`, b, String(c));
      case 'exec': {
        const path = this.readString(ev.c);
        return entry('process', code, `exec: pid ${b} runs ${path}`, b, path);
      }
      case 'exit':
        return entry('process', code, `exit: pid ${b} ${waitStatus(ev.c)}`, b);
      case 'wait':
        return entry('process', code, `wait: pid ${b} waits for ${c === -1 ? 'any child' : `pid ${c}`}`, b);
      case 'reap':
        return entry('process', code, `reap: pid ${b} collects zombie ${c} (${waitStatus(ev.d)})`, b, String(c));
      case 'reparent':
        return entry('process', code, `orphan: pid ${b} lost parent ${c}, adopted by init (pid ${d})`, b);
      case 'signal':
        return entry('process', code, `signal ${c} to pid ${b}${d ? ` from pid ${d}` : ' from the kernel'}`, b);
      case 'fault':
        return entry('exception', code, `fault: pid ${b} ${vectorName(c)} at ${hex(ev.d)}`, b);
      case 'panic':
        return entry('machine', code, `kernel panic: ${this.readString(ev.b)}`, undefined, this.readString(ev.b));
      case 'state': {
        // Per thread: tid = pid for a process's first thread.
        const to = this.state(d);
        return entry('state', code, `tid ${b}: ${this.state(c)} -> ${to}`, b, to);
      }
      case 'thread':
        return entry('process', code, `clone: pid ${b} started thread ${c}`, b, String(c));
      case 'thread_exit':
        return entry('process', code, `thread ${c} of pid ${b} exited (value ${d})`, b, String(c));
      case 'syscall': {
        const name = this.names?.syscalls.get(ev.c) ?? `#${ev.c}`;
        return entry('syscall', code, `pid ${b} syscall ${name}(${hx(ev.d)})`, b, name);
      }
      default:
        return entry('machine', code, `kernel ${code} ${hx(ev.b)} ${hx(ev.c)} ${hx(ev.d)}`);
    }
  }

  private switchDetail(code: string, ev: MachineEvent): string {
    switch (code) {
      case 'cs_interrupt':
        return `tid ${ev.b} interrupted at ${hex(ev.c)}`;
      case 'cs_save':
        return `tid ${ev.b} registers saved in trap frame ${hex(ev.c)}`;
      case 'cs_enqueue':
        return `tid ${ev.b} at the back (queue length ${ev.c})`;
      case 'cs_pick':
        return `tid ${ev.b} picked (was tid ${ev.c})`;
      case 'cs_restore':
        return `tid ${ev.b} kernel stack ${hex(ev.c)}`;
      case 'cs_cr3':
        return ev.d ? `tid ${ev.b} cr3 <- ${hex(ev.c)}` : `tid ${ev.b} same address space, no CR3 write`;
      case 'cs_resume':
        return `tid ${ev.b} resumes at ${hex(ev.c)}`;
      default:
        return '';
    }
  }
}

/** A wait status as the shell would say it. */
export function waitStatus(s: number): string {
  const sig = s & 0x7f;
  if (sig === 0) return `exited with status ${(s >> 8) & 0xff}`;
  return `killed by signal ${sig}`;
}
