// The Lab: pick an experiment (shared/experiments.ts), run it, see the curve.
//
// Running types the experiment's command line into the guest's shell — the
// terminal shows it like the user's own typing — and the worker hands back
// what the program printed until the prompt returned (runCommand). The
// experiment's parser turns that into series; every run is kept with the
// hardware it ran on, so a run on 64 entries and one on 256 overlay in one
// plot. Runs can be removed, cleared, and downloaded as CSV.
//
// Beside the guest's cycles, host time: how long the run took here, and
// this host's time per TLB miss and per flush from the worker's calibration
// (calibration.ts) — labelled as host time, since it varies from machine to
// machine and guest cycles do not.

import { EXPERIMENTS, commandLine, experimentNamed } from '../../shared/experiments.js';
import type { Experiment } from '../../shared/experiments.js';
import type { HostCalibration, Snapshot } from '../../shared/protocol.js';
import { Panel, button, el } from '../dom.js';
import { LabPlot } from '../lab-plot.js';
import { runsToCsv } from '../lab-runs.js';
import type { LabRun } from '../lab-runs.js';
import type { AppContext, View } from './view.js';

const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const ns = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} µs` : `${x.toFixed(0)} ns`);

export class LabView implements View {
  readonly panel = new Panel('Lab', 'view-lab', 1);
  private readonly pick = el('select', { id: 'lab-experiment', title: 'the experiment to run' });
  private readonly params = el('span', { class: 'lab-params' });
  private readonly runBtn: HTMLButtonElement;
  private readonly status = el('div', { class: 'lab-status', id: 'lab-status' });
  private readonly host = el('div', { class: 'dim lab-host', id: 'lab-host' });
  private readonly plotBox = el('div', { class: 'lab-plot', id: 'lab-plot' });
  private readonly tableBox = el('div', { class: 'lab-table', id: 'lab-table' });
  private readonly runList = el('ul', { class: 'lab-runs', id: 'lab-runs' });
  private readonly csv = el('a', { id: 'lab-csv', text: 'CSV', attrs: { download: 'glassbox-lab.csv', title: 'every run as CSV: experiment, config, x, y, series' } });
  readonly plot = new LabPlot(this.plotBox);
  readonly runs: LabRun[] = [];
  private nextId = 1;
  private busy = false;
  private ready = false;
  private calibration: Promise<HostCalibration | undefined> | undefined;
  private csvUrl = '';

  constructor(private readonly app: AppContext) {
    for (const e of EXPERIMENTS) this.pick.append(el('option', { text: e.name, title: e.title, attrs: { value: e.name } }));
    this.pick.addEventListener('change', () => this.choose());
    this.runBtn = button('▶ run in the shell', 'type the command into the guest shell and plot its output', () => void this.start(), 'primary');
    this.runBtn.id = 'btn-lab-run';
    const clear = button('clear', 'remove every run', () => this.remove(() => true));
    clear.id = 'btn-lab-clear';
    this.panel.body.classList.add('lab-body');
    this.panel.body.append(
      el('div', { class: 'lab-controls' }, this.pick, this.params, this.runBtn),
      this.status, this.host, this.plotBox, this.tableBox,
      el('div', { class: 'lab-foot' }, el('span', { class: 'label', text: 'runs' }), clear, this.csv),
      this.runList,
    );
    this.panel.onToggle = (open) => {
      if (open) this.calibrate();
    };
    this.choose();
    this.redraw();
  }

  private get experiment(): Experiment {
    return experimentNamed(this.pick.value) ?? EXPERIMENTS[0];
  }

  /** Show the chosen experiment's parameters and its runs. */
  private choose(): void {
    const e = this.experiment;
    this.params.replaceChildren(...e.params.map((p) => {
      const input = el('input', { attrs: { type: 'text', inputmode: 'numeric', size: '6', 'data-flag': p.flag, placeholder: 'default', title: p.help } });
      if (p.initial !== undefined) input.value = String(p.initial);
      return el('label', { title: p.help }, `${p.flag} ${p.label} `, input);
    }));
    this.status.textContent = e.title;
    this.redraw();
  }

  private values(): Record<string, string> {
    const v: Record<string, string> = {};
    for (const input of this.params.querySelectorAll('input')) v[input.dataset.flag!] = input.value;
    return v;
  }

  /** Calibrate once, the first time the Lab is open. */
  calibrate(): Promise<HostCalibration | undefined> {
    this.calibration ??= this.app.api.calibrate().then(
      (c) => {
        this.host.title = c.how;
        return c;
      },
      (e) => {
        this.host.textContent = `host calibration failed: ${e instanceof Error ? e.message : String(e)}`;
        return undefined;
      },
    );
    return this.calibration;
  }

  private async start(): Promise<void> {
    const e = this.experiment;
    let line: string;
    try {
      line = commandLine(e, this.values());
    } catch (err) {
      this.status.textContent = err instanceof Error ? err.message : String(err);
      return;
    }
    this.busy = true;
    this.runBtn.disabled = true;
    this.status.textContent = `running: ${line}`;
    try {
      const r = await this.app.api.runCommand(line);
      const series = e.parse(r.output);
      if (r.ended !== 'prompt') this.status.textContent = `${line}: the machine stopped before the prompt came back`;
      else if (series.length === 0) this.status.textContent = `${line}: no result rows in its output (is ${e.name} in /bin?)`;
      else this.status.textContent = `${line} on ${r.hardwareText}: ${series.reduce((n, s) => n + s.points.length, 0)} points`;
      if (series.length) {
        this.runs.push({
          id: this.nextId++, experiment: e.name, line, config: r.hardwareText, hardware: r.hardware, series,
          hostMs: r.hostMs, cycles: r.cycles, tlbMisses: r.tlbMisses, tlbFlushes: r.tlbFlushes,
        });
      }
      const c = await this.calibrate();
      this.host.textContent =
        `host time (this computer, not the guest's): ${ms(r.hostMs)} for ${(r.cycles / 1e6).toFixed(1)} M guest cycles, ` +
        `${r.tlbMisses.toLocaleString('en')} TLB misses, ${r.tlbFlushes.toLocaleString('en')} flushes` +
        (c ? `; this host spends ${ns(c.nsPerMiss)} per TLB miss and ${ns(c.nsPerFlush)} per flush with its refill ` +
          `(misses ≈ ${ms((r.tlbMisses * c.nsPerMiss) / 1e6)} of the run)` : '');
    } catch (err) {
      this.status.textContent = `${line}: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      this.busy = false;
      this.redraw();
    }
  }

  private remove(which: (r: LabRun) => boolean): void {
    for (let i = this.runs.length - 1; i >= 0; i--) if (which(this.runs[i])) this.runs.splice(i, 1);
    this.redraw();
  }

  /** The plot (or table) of the chosen experiment's runs, the list of all runs, the CSV link. */
  private redraw(): void {
    const e = this.experiment;
    const mine = this.runs.filter((r) => r.experiment === e.name);
    this.plotBox.hidden = e.show !== 'plot';
    this.tableBox.hidden = e.show !== 'table';
    if (e.show === 'plot') this.plot.draw(e, mine);
    else this.tableBox.replaceChildren(resultTable(e, mine));
    this.runList.replaceChildren(...this.runs.map((r) => {
      const x = button('×', 'remove this run', () => this.remove((o) => o.id === r.id));
      x.classList.add('lab-remove');
      return el('li', { attrs: { 'data-run': String(r.id) } }, x, ` ${r.line} · ${r.config} · host ${ms(r.hostMs)}`);
    }));
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
    this.csvUrl = URL.createObjectURL(new Blob([runsToCsv(this.runs)], { type: 'text/csv' }));
    this.csv.href = this.csvUrl;
    this.panel.extra.textContent = `${this.runs.length} run${this.runs.length === 1 ? '' : 's'}`;
  }

  update(s: Snapshot): void {
    // An experiment needs the kernel's shell waiting at its prompt.
    this.ready = s.target?.kind === 'kernel' && (s.status === 'running' || s.status === 'paused');
    this.runBtn.disabled = this.busy || !this.ready;
  }
}

/** A table experiment's runs: one row per run and line kind, one column per value. */
function resultTable(e: Experiment, runs: readonly LabRun[]): HTMLElement {
  const columns = e.table?.columns ?? [];
  const head = el('tr', {}, el('th', { text: 'config' }), el('th', { text: '' }), ...columns.map((c) => el('th', { text: c })));
  const rows: HTMLElement[] = [];
  for (const r of runs) {
    const kinds = [...new Set(r.series.map((s) => columns.reduce((n, c) => (n.endsWith(` ${c}`) ? n.slice(0, -c.length - 1) : n), s.name)))];
    for (const k of kinds) {
      const cell = (c: string): string => String(r.series.find((s) => s.name === `${k} ${c}`)?.points[0]?.[1] ?? '');
      rows.push(el('tr', {}, el('td', { text: r.config }), el('td', { text: k }), ...columns.map((c) => el('td', { text: cell(c) }))));
    }
  }
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows));
}
