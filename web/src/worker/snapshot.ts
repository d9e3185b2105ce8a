// Snapshots: the plain data the page draws, assembled from the run loop's
// state, the console, the event log and the view builders.
//
// The process table is read once per snapshot, when any view part is
// wanted, and handed to every builder that needs it (every address lookup
// needs the current program; the Processes, Address space and Context
// switch views need the table itself). While the machine is stopped, the
// parts are built once per machine state and reused; while it runs, the
// address space is rebuilt only as often as the refresh policy allows.

import { describeHardware } from '../../../vm/host/hardware.js';
import type { HardwareConfig } from '../../../vm/host/hardware.js';
import type { Machine } from '../../../vm/host/machine.js';
import type { Program } from '../../../vm/host/program.js';
import type { AddressSpaceView, BootTarget, CpuView, ProcessView, RunStatus, Snapshot, ViewWants } from '../shared/protocol.js';
import { RefreshClock } from '../shared/refresh-policy.js';
import type { Breakpoints } from './breakpoints.js';
import type { CodeMap, ProcessTable } from './code-map.js';
import type { EventLog } from './event-log.js';
import type { KernelView } from './kernel-view.js';
import type { SwitchTracker } from './switch-steps.js';
import {
  MipsMeter, TlbRates, codeView, cpuView, processesView, shownPid, spaceView, switchView, tlbView,
} from './view-builders.js';

const now = (): number => performance.now();

/** What one boot's views are built from. */
export interface ViewSources {
  readonly m: Machine;
  readonly target: BootTarget;
  readonly code: CodeMap;
  readonly programs: ReadonlyMap<string, Program>;
  /** The image's kernel program (whether or not it booted). */
  readonly kernelProgram: Program | undefined;
  readonly kview: KernelView | undefined;
  readonly tracker: SwitchTracker;
  readonly events: EventLog;
  readonly breakpoints: Breakpoints;
  readonly hardware: HardwareConfig;
}

/** The view parts of one boot's snapshots, and what they keep between snapshots. */
export class ViewParts {
  /** The process the views show (null: follow the running one). */
  selected: number | null = null;
  private readonly mips: MipsMeter;
  private readonly tlbRates: TlbRates;
  /** Parts built while stopped, reused until the machine moves or what is shown changes. */
  private stopped: { key: string; parts: Partial<Snapshot> } = { key: '', parts: {} };
  private readonly spaceRefresh = new RefreshClock();
  private shownSpace: { key: string; space?: AddressSpaceView } = { key: '' };

  constructor(private readonly src: ViewSources) {
    const t = now();
    this.mips = new MipsMeter(t);
    this.tlbRates = new TlbRates(t);
  }

  select(pid: number | null): void {
    this.selected = pid;
    this.spaceRefresh.restart();
  }

  /** The process table for this snapshot: read only when a view part is wanted and there is a kernel. */
  processTable(wants: ViewWants): ProcessTable | undefined {
    return Object.values(wants).some(Boolean) ? this.src.code.processTable() : undefined;
  }

  cpu(table: ProcessTable | undefined, running: boolean): CpuView {
    const m = this.src.m;
    return cpuView(m, (a) => this.src.code.locate(a, table), this.mips.read(m.instret, now(), running));
  }

  /** Add the wanted view parts to `snap`; a failure to read the machine becomes the snapshot's error. */
  add(snap: Snapshot, wants: ViewWants, table: ProcessTable | undefined, status: RunStatus): void {
    const { m, kview, events, tracker } = this.src;
    const key = `${m.cycles}:${m.instret}:${this.selected}:${this.src.breakpoints.version}:${status}`;
    if (key !== this.stopped.key || status === 'running') this.stopped = { key, parts: {} };
    const parts = this.stopped.parts;
    try {
      if (wants.code) snap.code = parts.code ??= this.code(table);
      const procs = wants.processes || wants.space || wants.switch
        ? (parts.processes ??= processesView(m, kview, events.orphans, table?.records))
        : undefined;
      if (wants.processes) snap.processes = procs;
      if (wants.space) {
        if (!('space' in parts)) parts.space = this.space(table, procs, status === 'running');
        if (parts.space) snap.space = parts.space;
      }
      if (wants.switch) snap.switch = parts.switch ??= switchView(m, tracker, procs);
      if (wants.tlb) snap.tlb = tlbView(m, this.tlbRates, events.takeFlushes(), now(), describeHardware(this.src.hardware));
    } catch (e) {
      snap.error = `reading the machine failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    snap.views = (Object.keys(wants) as (keyof ViewWants)[]).filter((k) => wants[k]);
  }

  private code(table: ProcessTable | undefined): Snapshot['code'] {
    const { m, code, target, kernelProgram, breakpoints } = this.src;
    return codeView(m, {
      locate: (a) => code.locate(a, table),
      bare: target.kind === 'bare',
      kernel: kernelProgram,
      breakpointsIn: (space) => breakpoints.inSpace(space),
    });
  }

  /** The shown process's address space; while running, rebuilt only when the refresh policy says so. */
  private space(table: ProcessTable | undefined, procs: ProcessView | undefined, running: boolean): AddressSpaceView | undefined {
    if (!table || !procs) return undefined;
    const pid = shownPid(procs, this.selected);
    const key = `${pid}`;
    if (!this.spaceRefresh.due(now(), running, key !== this.shownSpace.key)) return this.shownSpace.space;
    const space = spaceView(this.src.m, pid, table.records, procs, this.src.programs);
    this.shownSpace = space ? { key, space } : { key };
    return space;
  }
}
