// The article's seven steps of a context switch, located in the real kernel.
//
// Each step is a trace event whose trace.h line names its number, title and
// kernel symbol (ctxsw_1_interrupt … ctxsw_7_resume, see kernel/proc.c):
// all three come from the event schema, none from a list here. Where the
// CPU is comes from eip: inside a step's own code it is that step; in the
// kernel code between two steps (trap(), sched()) it is "after" the last
// step whose event has been seen. What each step changed comes from the
// events of the switch in progress (pids, trap frame, queue length, cr3),
// read by their argument names, and from the CR3 write's TLB flush count.
//
// A switch starts with step 1 (a timer interrupt from user mode) or, for a
// process that blocks, with step 3/4 (sched called from a system call); it
// ends when an iret returns to ring 3. Where the steps are (SwitchPoints)
// is vm/host/debug/switch-points.ts, shared with the terminal debugger.
//
// The words are the page's: each step's detail is a catalogue key with the
// values as parameters, translated where it is drawn (views/switch-view.ts).

import type { LogEntry, Message, SwitchStepInfo, SwitchView } from '../shared/protocol.js';
import { SwitchPoints } from '../../../vm/host/debug/switch-points.js';

const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');

/** Events of the switch in progress, by step (index 0 = step 1). */
type Seen = (LogEntry | undefined)[];

export class SwitchTracker extends SwitchPoints {
  private seen: Seen = [];
  private active = false;
  /** TLB entries the last CR3 write of this switch dropped. */
  private dropped: number | undefined;

  reset(): void {
    this.seen = [];
    this.active = false;
    this.dropped = undefined;
  }

  /** Feed every log entry, in order. */
  observe(e: LogEntry): void {
    // A timer interrupt taken from user mode starts a switch (step 1): its
    // own trace event only comes a few instructions later, in step 2's code.
    if (e.name === 'timer' && e.values.ring === 3) {
      this.begin();
      return;
    }
    if (e.step) {
      if (!this.active) this.begin(); // a process blocked: the switch starts at step 3 or 4
      this.seen[e.step - 1] = e;
      return;
    }
    if (!this.active) return;
    if (e.name === 'cr3-write') this.dropped = e.values.dropped;
    if (e.name === 'iret' && e.values.ring === 3) this.active = false;
  }

  private begin(): void {
    this.seen = [];
    this.dropped = undefined;
    this.active = true;
  }

  /** The last step whose event this switch has produced (0 if none). */
  private lastSeen(): number {
    for (let i = this.steps.length - 1; i >= 0; i--) if (this.seen[i]) return i + 1;
    return 0;
  }

  /** Where the CPU is in a switch: 1..7, or 0 outside one. */
  current(eip: number, cpl: number): number {
    const own = this.stepAt(eip);
    if (own) return own;
    if (cpl === 3 || !this.active) return 0;
    return this.lastSeen();
  }

  view(eip: number, cpl: number, readyQueue: number[]): SwitchView {
    if (!this.available) return { current: 0, between: false, steps: [], available: false };
    const current = this.current(eip, cpl);
    const inOwn = this.stepAt(eip) === current;
    const steps: SwitchStepInfo[] = this.steps.map(({ n, title }) => ({
      step: n,
      title,
      detail: this.detail(n, readyQueue),
      done: current > n || (current === n && !inOwn) || (!!this.seen[n - 1] && current === 0 && this.active),
    }));
    const view: SwitchView = { current, between: current > 0 && !inOwn, steps, available: true };
    const pick = this.seen[3];
    if (pick) {
      view.toPid = pick.values.next;
      view.fromPid = pick.values.previous;
    } else if (this.seen[0]) view.fromPid = this.seen[0].values.tid;
    return view;
  }

  /**
   * What step n does, with the real values (by trace.h's argument names)
   * this switch has shown so far: a catalogue key (switch.detail.N, and
   * .seen once the step's event came) the page translates.
   */
  private detail(n: number, readyQueue: number[]): Message {
    const e = this.seen[n - 1];
    const v = e?.values ?? {};
    const tid = (x: number): string => String(x | 0);
    const queue = readyQueue.join(', ');
    switch (n) {
      case 1: return e ? { key: 'switch.detail.1.seen', params: { tid: tid(v.tid), eip: hex(v.eip) } } : { key: 'switch.detail.1' };
      case 2: return e ? { key: 'switch.detail.2.seen', params: { tid: tid(v.tid), frame: hex(v.frame) } } : { key: 'switch.detail.2' };
      case 3:
        return e
          ? { key: 'switch.detail.3.seen', params: { tid: tid(v.tid), length: v.length >>> 0, queue } }
          : { key: 'switch.detail.3', params: { queue } };
      case 4: return e ? { key: 'switch.detail.4.seen', params: { next: tid(v.next), previous: tid(v.previous) } } : { key: 'switch.detail.4' };
      case 5: return e ? { key: 'switch.detail.5.seen', params: { next: tid(v.next), esp: hex(v.esp) } } : { key: 'switch.detail.5' };
      case 6:
        if (!e) return { key: 'switch.detail.6' };
        if (!v.written) return { key: 'switch.detail.6.same', params: { next: tid(v.next) } };
        return this.dropped !== undefined
          ? { key: 'switch.detail.6.flushed', params: { cr3: hex(v.cr3), next: tid(v.next), dropped: this.dropped } }
          : { key: 'switch.detail.6.written', params: { cr3: hex(v.cr3), next: tid(v.next) } };
      case 7: return e ? { key: 'switch.detail.7.seen', params: { tid: tid(v.tid), eip: hex(v.eip) } } : { key: 'switch.detail.7' };
      default: return { key: 'switch.detail.unknown', params: { n } };
    }
  }
}
