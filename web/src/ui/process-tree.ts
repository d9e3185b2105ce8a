// The process tree: parents above their children, as `pstree` draws it.
// Pure: rows in, lines out (tested in test/web).

import type { ProcRow } from '../shared/protocol.js';

export interface TreeLine {
  pid: number;
  /** Box-drawing prefix: "│  ├─ ". */
  prefix: string;
  row: ProcRow;
}

/**
 * Roots are processes whose parent is not in the table (init's parent is 0);
 * children are ordered by pid. A parent cycle cannot hang this: each pid is
 * drawn once.
 */
export function processTree(rows: ProcRow[]): TreeLine[] {
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  const children = new Map<number, ProcRow[]>();
  for (const r of rows) {
    const list = children.get(r.ppid) ?? [];
    list.push(r);
    children.set(r.ppid, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.pid - b.pid);
  const out: TreeLine[] = [];
  const seen = new Set<number>();
  const walk = (r: ProcRow, lead: string, self: string): void => {
    if (seen.has(r.pid)) return;
    seen.add(r.pid);
    out.push({ pid: r.pid, prefix: self, row: r });
    const kids = children.get(r.pid) ?? [];
    kids.forEach((k, i) => {
      const last = i === kids.length - 1;
      walk(k, lead + (last ? '   ' : '│  '), lead + (last ? '└─ ' : '├─ '));
    });
  };
  const roots = rows.filter((r) => !byPid.has(r.ppid) || r.ppid === r.pid).sort((a, b) => a.pid - b.pid);
  for (const r of roots) walk(r, '', '');
  for (const r of rows) if (!seen.has(r.pid)) walk(r, '', '');
  return out;
}
