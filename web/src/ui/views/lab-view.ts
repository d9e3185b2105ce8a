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

import { EXPERIMENTS, ParamError, commandLine, experimentNamed } from '../../shared/experiments.js';
import type { Experiment } from '../../shared/experiments.js';
import type { HostCalibration, Snapshot } from '../../shared/protocol.js';
import { Panel, button, el, labelledButton, localize } from '../dom.js';
import { LabPlot } from '../lab-plot.js';
import { runsToCsv } from '../lab-runs.js';
import { fmt, onLangChange, t, translateMessage } from '../locale.js';
import type { LabRun } from '../lab-runs.js';
import type { AppContext, View } from './view.js';

const two = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
const ms = (x: number): string => (x >= 1000 ? `${fmt(x / 1000, two)} s` : `${fmt(Math.round(x))} ms`);
const ns = (x: number): string => (x >= 1000 ? `${fmt(x / 1000, two)} µs` : `${fmt(Math.round(x))} ns`);

export class LabView implements View {
  readonly panel = new Panel('lab.title', 'view-lab', 1);
  private readonly pick = localize(el('select', { id: 'lab-experiment' }), undefined, () => t('lab.pick.title'));
  private readonly params = el('span', { class: 'lab-params' });
  private readonly runBtn: HTMLButtonElement;
  private readonly status = el('div', { class: 'lab-status', id: 'lab-status' });
  private readonly host = el('div', { class: 'dim lab-host', id: 'lab-host' });
  private readonly plotBox = el('div', { class: 'lab-plot', id: 'lab-plot' });
  private readonly tableBox = el('div', { class: 'lab-table', id: 'lab-table' });
  private readonly runList = el('ul', { class: 'lab-runs', id: 'lab-runs' });
  private readonly csv = localize(el('a', { id: 'lab-csv', text: 'CSV', attrs: { download: 'glassbox-lab.csv' } }), undefined, () => t('lab.csv.title'));
  readonly plot = new LabPlot(this.plotBox);
  readonly runs: LabRun[] = [];
  private nextId = 1;
  private busy = false;
  private ready = false;
  private calibration: Promise<HostCalibration | undefined> | undefined;
  private csvUrl = '';
  /** What the status and host lines say, kept as functions so a language switch says it again. */
  private statusText: () => string = () => '';
  private hostText: () => string = () => '';

  constructor(private readonly app: AppContext) {
    for (const e of EXPERIMENTS) this.pick.append(localize(el('option', { text: e.name, attrs: { value: e.name } }), undefined, () => t(e.title)));
    this.pick.addEventListener('change', () => this.choose());
    this.runBtn = labelledButton('lab.run', 'lab.run.title', () => void this.start(), 'primary');
    this.runBtn.id = 'btn-lab-run';
    const clear = labelledButton('lab.clear', 'lab.clear.title', () => this.remove(() => true));
    clear.id = 'btn-lab-clear';
    this.panel.body.classList.add('lab-body');
    this.panel.body.append(
      el('div', { class: 'lab-controls' }, this.pick, this.params, this.runBtn),
      this.status, this.host, this.plotBox, this.tableBox,
      el('div', { class: 'lab-foot' }, localize(el('span', { class: 'label' }), () => t('lab.runs')), clear, this.csv),
      this.runList,
    );
    this.panel.onToggle = (open) => {
      if (open) this.calibrate();
    };
    this.choose();
    this.redraw();
    onLangChange(() => {
      const typed = this.values();
      this.choose();
      for (const input of this.params.querySelectorAll('input')) input.value = typed[input.dataset.flag!] ?? input.value;
      this.say(this.statusText);
      this.sayHost(this.hostText);
      this.redraw();
    });
  }

  private say(text: () => string): void {
    this.statusText = text;
    this.status.textContent = text();
  }

  private sayHost(text: () => string): void {
    this.hostText = text;
    this.host.textContent = text();
  }

  private get experiment(): Experiment {
    return experimentNamed(this.pick.value) ?? EXPERIMENTS[0];
  }

  /** Show the chosen experiment's parameters and its runs. */
  private choose(): void {
    const e = this.experiment;
    this.params.replaceChildren(...e.params.map((p) => {
      const help = t(p.help, { min: String(p.min), max: String(p.max) });
      const input = el('input', { attrs: { type: 'text', inputmode: 'numeric', size: '6', 'data-flag': p.flag, placeholder: t('lab.param.default'), title: help } });
      if (p.initial !== undefined) input.value = String(p.initial);
      return el('label', { title: help }, `${p.flag} ${t(p.label)} `, input);
    }));
    this.say(() => t(e.title));
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
        this.sayHost(() => t('lab.calibration-failed', { error: e instanceof Error ? e.message : String(e) }));
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
      if (err instanceof ParamError) this.say(() => translateMessage(err.said));
      else this.say(() => (err instanceof Error ? err.message : String(err)));
      return;
    }
    this.busy = true;
    this.runBtn.disabled = true;
    this.say(() => t('lab.running', { line }));
    try {
      const r = await this.app.api.runCommand(line);
      const series = e.parse(r.output);
      const points = series.reduce((n, s) => n + s.points.length, 0);
      if (r.ended !== 'prompt') this.say(() => t('lab.stopped', { line }));
      else if (series.length === 0) this.say(() => t('lab.no-rows', { line, name: e.name }));
      else this.say(() => t('lab.points', { line, hardware: r.hardwareText, points }));
      if (series.length) {
        this.runs.push({
          id: this.nextId++, experiment: e.name, line, config: r.hardwareText, hardware: r.hardware, series,
          hostMs: r.hostMs, cycles: r.cycles, tlbMisses: r.tlbMisses, tlbFlushes: r.tlbFlushes,
        });
      }
      const c = await this.calibrate();
      this.sayHost(() => {
        const run = t('lab.host', { ms: ms(r.hostMs), mcycles: fmt(r.cycles / 1e6, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), misses: r.tlbMisses, flushes: r.tlbFlushes });
        return c ? `${run}${t('lab.host.calibrated', { miss: ns(c.nsPerMiss), flush: ns(c.nsPerFlush), share: ms((r.tlbMisses * c.nsPerMiss) / 1e6) })}` : run;
      });
    } catch (err) {
      const text = `${line}: ${err instanceof Error ? err.message : String(err)}`;
      this.say(() => text);
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
      const x = button('×', t('lab.remove.title'), () => this.remove((o) => o.id === r.id));
      x.classList.add('lab-remove');
      return el('li', { attrs: { 'data-run': String(r.id) } }, x, ` ${r.line} · ${r.config} · ${t('lab.run.host', { ms: ms(r.hostMs) })}`);
    }));
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
    this.csvUrl = URL.createObjectURL(new Blob([runsToCsv(this.runs)], { type: 'text/csv' }));
    this.csv.href = this.csvUrl;
    this.panel.extra.textContent = t(this.runs.length === 1 ? 'lab.count.one' : 'lab.count', { n: this.runs.length });
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
  const head = el('tr', {}, el('th', { text: t('lab.col.config') }), el('th', { text: '' }), ...columns.map((c) => el('th', { text: c })));
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
