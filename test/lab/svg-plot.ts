// A line chart as an SVG file, for the lab report (test/lab/report.ts).
//
// The browser's Lab view draws with uPlot; the report runs headless in Node,
// where uPlot has no DOM, so this writes the few SVG elements a report
// figure needs: axes with ticks (x on a log2 scale when asked), one polyline
// per series with its points marked, dashed vertical markers (the TLB
// sizes) and a legend. Output is deterministic text: the same data gives the
// same file.

export interface Series {
  label: string;
  points: [number, number][];
}

export interface PlotSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  /** x on a log2 axis (pages: 1, 2, 4 …). */
  logX: boolean;
  series: Series[];
  /** Vertical dashed lines, e.g. at the TLB's size. */
  markers?: { x: number; label: string }[];
}

const W = 760;
const PLOT_H = 310;
const M = { left: 70, right: 30, top: 40, bottom: 60 };
const LEGEND_LINE = 16;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (n: number): string => (Math.round(n * 10) / 10).toString();

/** A "nice" step for about `count` ticks over [0, max]. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

export function svgPlot(spec: PlotSpec): string {
  const H = M.top + PLOT_H + M.bottom + LEGEND_LINE * spec.series.length;
  const axisY = M.top + PLOT_H;
  const all = spec.series.flatMap((s) => s.points);
  if (all.length === 0) throw new Error(`${spec.title}: no data to plot`);
  const xs = all.map((p) => (spec.logX ? Math.log2(p[0]) : p[0]));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)];
  const yStep = niceStep(Math.max(...all.map((p) => p[1])), 6);
  const y1 = Math.ceil(Math.max(...all.map((p) => p[1])) / yStep) * yStep || 1;
  const px = (x: number): number => M.left + ((spec.logX ? Math.log2(x) : x) - x0) / (x1 - x0) * (W - M.left - M.right);
  const py = (y: number): number => axisY - (y / y1) * PLOT_H;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(spec.title)}</text>`,
  ];
  for (let y = 0; y <= y1 + 1e-9; y += yStep) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${num(py(y))}" y2="${num(py(y))}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${num(py(y) + 4)}" text-anchor="end">${num(y)}</text>`);
  }
  const xStep = niceStep(x1 - x0, 8);
  const ticks = spec.logX
    ? Array.from({ length: Math.round(x1 - x0) + 1 }, (_, i) => 2 ** (x0 + i))
    : Array.from({ length: Math.floor((x1 - x0) / xStep + 1e-9) + 1 }, (_, i) => x0 + i * xStep);
  for (const t of ticks) out.push(`<text x="${num(px(t))}" y="${axisY + 16}" text-anchor="middle">${num(t)}</text>`);
  out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${axisY}" y2="${axisY}" stroke="black"/>`);
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${axisY}" stroke="black"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${axisY + 34}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${(M.top + axisY) / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  for (const m of spec.markers ?? []) {
    const x = num(px(m.x));
    out.push(`<line x1="${x}" x2="${x}" y1="${M.top}" y2="${axisY}" stroke="#888" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${x}" y="${M.top - 4}" text-anchor="middle" fill="#555">${esc(m.label)}</text>`);
  }
  spec.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.map((p) => `${num(px(p[0]))},${num(py(p[1]))}`).join(' ');
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts}"/>`);
    for (const p of s.points) out.push(`<circle cx="${num(px(p[0]))}" cy="${num(py(p[1]))}" r="2.5" fill="${color}"/>`);
    const ly = axisY + M.bottom + LEGEND_LINE * i;
    const lx = M.left;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${lx + 30}" y="${ly}">${esc(s.label)}</text>`);
  });
  out.push('</svg>', '');
  return out.join('\n');
}
