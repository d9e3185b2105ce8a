// What every view is: a Panel that draws itself from snapshots, and what it
// may ask of the app (select a process, jump the event log, call the worker).

import type { Remote } from 'comlink';
import type { HardwareConfig } from '../../../../vm/host/hardware.js';
import type { EmulatorApi, LogEntry, Snapshot, ViewWants } from '../../shared/protocol.js';
import type { Panel } from '../dom.js';

export interface AppContext {
  api: Remote<EmulatorApi>;
  /** Select a process in every view (null: follow the running one). */
  select(pid: number | null): void;
  readonly selectedPid: number | null;
  /** Scroll the event log to an entry and highlight it. */
  jumpToEvent(id: number): void;
  /** Show a moment (a guest cycle) in the timeline. */
  showCycle(cycle: number): void;
  /** Time travel: move the machine to a cycle (every view then shows that moment). */
  goTo(cycle: number): void;
  /** Reboot the kernel on this hardware (and put it in the page's URL). */
  applyHardware(config: HardwareConfig): void;
  /** Every event the event log holds (since boot, up to its cap), and how many it dropped: what exports read. */
  loggedEvents(): { events: readonly LogEntry[]; dropped: number };
}

export interface View {
  readonly panel: Panel;
  /** The snapshot part this view draws from (none: only the common fields). */
  readonly wants?: keyof ViewWants;
  /**
   * Draw from a snapshot. `full` is false on the in-between frames while the
   * machine runs (the page redraws views ten times a second then): take the
   * snapshot's data, but draw only what must be immediate.
   */
  update(s: Snapshot, full: boolean): void;
  /** Forget everything (after a reboot). */
  reset?(): void;
}
