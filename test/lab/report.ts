// The TLB lab's report: `npm run lab:report [-- OUTDIR]` (default lab-report/).
//
// Boots the kernel headless once per configuration, runs the lab's programs
// from its shell exactly as a user would, and writes what they printed as
// curves (SVG), one CSV with every point, and Markdown tables on stdout (the
// README's "The TLB lab" section is made from them). Every figure is guest
// cycles or the machine's counters, so the report is the same on every
// machine and every run.
//
//   tlbbench.svg          cycles per access against pages: 64-entry L1,
//                         256-entry L1, 64-entry L1 + 1536-entry STLB
//   ctxbench-cycles.svg   cycles per round trip (two switches) against the
//                         working set: processes without and with PCIDs,
//                         threads, processes without global kernel pages
//   ctxbench-misses.svg   TLB misses per switch, the same runs
//   lab.csv               experiment, config, series, x, y

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { boot } from '../../vm/host/boot.js';
import { HardwareConfig, describeHardware, machineOptions, parseHardware, withKernelArgs } from '../../vm/host/hardware.js';
import { nodeReader, repoSystemBuild } from '../../vm/host/node-files.js';
import { ShellSession } from '../../vm/host/shell-session.js';
import { ctxbenchRows, flushcostRows, tlbbenchRows } from '../../web/src/shared/lab-output.js';
import { Series, svgPlot } from './svg-plot.js';
import { csvTable } from '../../vm/host/export/csv.js';

const LIMIT = 200_000_000_000;

/** Boot with this hardware, run one command at the shell, return what it printed. */
async function runIn(config: HardwareConfig, line: string): Promise<string> {
  const read = nodeReader();
  const booted = await boot(repoSystemBuild(), read, { ...machineOptions(config), cmdline: withKernelArgs(config, 'quiet') });
  const sh = new ShellSession(booted);
  if (sh.waitForPrompt(LIMIT).outcome !== 'prompt') throw new Error(`no prompt:\n${sh.transcript}`);
  const r = sh.command(line, LIMIT);
  if (r.outcome !== 'prompt') throw new Error(`'${line}': ${r.outcome}\n${sh.transcript}`);
  return r.text;
}

const config = (pairs: [string, string][]): HardwareConfig => parseHardware(pairs);

interface Row {
  experiment: string;
  config: string;
  series: string;
  x: number;
  y: number;
}

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'lab-report');
  mkdirSync(out, { recursive: true });
  const rows: Row[] = [];
  const md: string[] = [];

  // 1. The staircase.
  const tlbConfigs = [config([]), config([['tlb-entries', '256']]), config([['stlb-entries', '1536']])];
  const stairs: Series[] = [];
  for (const c of tlbConfigs) {
    const points = tlbbenchRows(await runIn(c, 'tlbbench -p 4096'));
    const label = describeHardware(c);
    stairs.push({ label, points: points.map((p) => [p.pages, p.cycles]) });
    for (const p of points) rows.push({ experiment: 'tlbbench', config: label, series: 'cycles/access', x: p.pages, y: p.cycles });
  }
  writeFileSync(join(out, 'tlbbench.svg'), svgPlot({
    title: 'tlbbench: cycles per access (dependent pointer chase, random page order)',
    xLabel: 'pages touched (log scale)', yLabel: 'guest cycles per access', logX: true, series: stairs,
    markers: [{ x: 64, label: 'L1 64' }, { x: 256, label: '256' }, { x: 1536, label: 'STLB 1536' }],
  }));
  md.push('| pages | ' + stairs.map((s) => s.label).join(' | ') + ' |', '|---:|' + stairs.map(() => '---:|').join(''));
  for (let i = 0; i < stairs[0].points.length; i++) {
    md.push(`| ${stairs[0].points[i][0]} | ` + stairs.map((s) => s.points[i][1].toFixed(2)).join(' | ') + ' |');
  }

  // 2. Switches.
  const ctxConfigs = [config([]), config([['pcid', 'on']]), config([['global-pages', 'off']])];
  const cycles: Series[] = [];
  const misses: Series[] = [];
  const ctxTable: string[] = [];
  for (const c of ctxConfigs) {
    const label = describeHardware(c);
    const parsed = ctxbenchRows(await runIn(c, 'ctxbench -w 64 -n 100'));
    for (const kind of ['process', 'thread'] as const) {
      if (kind === 'thread' && c !== ctxConfigs[0]) continue; // a thread switch writes no CR3: the same under every choice
      const pts = parsed.filter((r) => r.kind === kind);
      const name = `${kind}, ${label}`;
      cycles.push({ label: name, points: pts.map((r) => [r.pages, r.cycles]) });
      misses.push({ label: name, points: pts.map((r) => [r.pages, r.misses]) });
      for (const r of pts) {
        rows.push({ experiment: 'ctxbench', config: label, series: `${kind} cycles/round trip`, x: r.pages, y: r.cycles });
        rows.push({ experiment: 'ctxbench', config: label, series: `${kind} misses/switch`, x: r.pages, y: r.misses });
        ctxTable.push(`| ${kind} | ${label} | ${r.pages} | ${r.cycles} | ${r.cr3.toFixed(2)} | ${r.misses.toFixed(2)} |`);
      }
    }
  }
  const xs = { xLabel: 'working set touched after each switch (pages)', logX: false };
  writeFileSync(join(out, 'ctxbench-cycles.svg'), svgPlot({
    title: 'ctxbench: cycles per round trip (two switches)', yLabel: 'guest cycles', series: cycles, ...xs,
  }));
  writeFileSync(join(out, 'ctxbench-misses.svg'), svgPlot({
    title: 'ctxbench: TLB misses per switch', yLabel: 'TLB misses', series: misses, ...xs,
  }));
  md.push('', '| switch | config | pages | cycles/round trip | CR3 writes/round trip | TLB misses/switch |', '|---|---|---:|---:|---:|---:|', ...ctxTable);

  // 3. One flush.
  md.push('', '| config | flush | cycles | touch 32 pages after | unflushed | refill |', '|---|---|---:|---:|---:|---:|');
  for (const c of [config([]), config([['pcid', 'on']])]) {
    const label = describeHardware(c);
    for (const f of flushcostRows(await runIn(c, 'flushcost -p 32'))) {
      md.push(`| ${label} | ${f.what} | ${f.cycles} | ${f.after} | ${f.warm} | ${f.refill} |`);
      rows.push({ experiment: 'flushcost', config: label, series: `${f.what} cycles`, x: 32, y: f.cycles });
      rows.push({ experiment: 'flushcost', config: label, series: `${f.what} refill`, x: 32, y: f.refill });
    }
  }

  const csv = csvTable(['experiment', 'config', 'series', 'x', 'y'], rows.map((r) => [r.experiment, r.config, r.series, r.x, r.y]));
  writeFileSync(join(out, 'lab.csv'), csv);
  console.log(md.join('\n'));
  console.error(`lab report: ${out}/tlbbench.svg, ctxbench-cycles.svg, ctxbench-misses.svg, lab.csv (${rows.length} rows)`);
}

main().catch((e) => {
  console.error(`lab report: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
