import { describe, expect, it } from 'vitest';
import type { ProcRow } from '../../web/src/shared/protocol.js';
import { processTree } from '../../web/src/ui/process-tree.js';

function row(pid: number, ppid: number, name = `p${pid}`): ProcRow {
  return { pid, ppid, state: 'waiting', stateLabel: 'Waiting', stat: 'S', name, cycles: 0, orphan: false, current: false, cr3: 0, threads: [] };
}

describe('process tree', () => {
  it('draws children under parents, ordered by pid', () => {
    const lines = processTree([row(3, 2), row(1, 0, 'init'), row(2, 1, 'sh'), row(5, 2), row(4, 1)]);
    expect(lines.map((l) => `${l.prefix}${l.pid}`)).toEqual(['1', '├─ 2', '│  ├─ 3', '│  └─ 5', '└─ 4']);
  });

  it('shows processes whose parent is gone as roots, and survives a parent cycle', () => {
    expect(processTree([row(7, 42)]).map((l) => l.pid)).toEqual([7]);
    const cyc = processTree([row(1, 2), row(2, 1)]);
    expect(cyc.map((l) => l.pid).sort()).toEqual([1, 2]);
  });
});
