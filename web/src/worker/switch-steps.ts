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

import type { LogEntry, SwitchStepInfo, SwitchView } from '../shared/protocol.js';
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
    if (!this.available) {
      return { current: 0, label: 'the kernel has no ctxsw_* step symbols', steps: [], available: false };
    }
    const current = this.current(eip, cpl);
    const inOwn = this.stepAt(eip) === current;
    const total = this.steps.length;
    const steps: SwitchStepInfo[] = this.steps.map(({ n, title }) => ({
      step: n,
      title,
      detail: this.detail(n, readyQueue),
      done: current > n || (current === n && !inOwn) || (!!this.seen[n - 1] && current === 0 && this.active),
    }));
    const label = current
      ? `${current}/${total} ${this.steps[current - 1].title}${inOwn ? '' : ' (done; kernel code between steps)'}`
      : 'not in a context switch';
    const view: SwitchView = { current, label, steps, available: true };
    const pick = this.seen[3];
    if (pick) {
      view.toPid = pick.values.next;
      view.fromPid = pick.values.previous;
    } else if (this.seen[0]) view.fromPid = this.seen[0].values.tid;
    return view;
  }

  /** What step n does, with the real values (by trace.h's argument names) this switch has shown so far. */
  private detail(n: number, readyQueue: number[]): string {
    const e = this.seen[n - 1];
    const v = e?.values ?? {};
    switch (n) {
      case 1:
        return e
          ? `timer IRQ 0 (vector 32) interrupted tid ${v.tid} at ${hex(v.eip)}; the CPU switched to the kernel stack and pushed eip, cs, eflags, esp, ss`
          : 'the timer raises IRQ 0; the CPU saves eip, cs, eflags, esp, ss on the kernel stack (esp0 from the TSS) and enters the kernel';
      case 2:
        return e
          ? `tid ${v.tid}'s registers are in its trap frame at ${hex(v.frame)}`
          : 'push the general registers: the trap frame now holds the interrupted user state';
      case 3:
        return e
          ? `tid ${v.tid} went to the back of the ready queue (length ${v.length}); queue now [${readyQueue.join(', ')}]`
          : `put the current process at the back of the ready queue [${readyQueue.join(', ')}]`;
      case 4:
        return e ? `the scheduler took tid ${v.next} from the front of the queue (was tid ${v.previous})` : 'take the front of the ready queue';
      case 5:
        return e
          ? `esp <- tid ${v.next}'s saved kernel stack ${hex(v.esp)}; its callee-saved registers are popped`
          : "load the next thread's saved kernel stack pointer and registers";
      case 6:
        if (!e) return 'load the next process\'s page directory into cr3: the TLB loses its non-global entries';
        return v.written
          ? `cr3 <- ${hex(v.cr3)} (tid ${v.next})${this.dropped !== undefined ? `: ${this.dropped} TLB entries flushed` : ''}`
          : `tid ${v.next} shares the address space (a thread of the same process): no CR3 write, the TLB is kept`;
      case 7:
        return e ? `iret: tid ${v.tid} resumes in user mode at ${hex(v.eip)}` : 'iret pops the trap frame: the picked process resumes where it was interrupted';
      default:
        return '';
    }
  }
}
