// Shared by the web tests: the system image the browser gets (built once
// per test process from the repository), and an Emulator driven by hand.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, nodeReader, repoSystemBuild } from '../../vm/host/node-files.js';
import type { SystemImage } from '../../web/src/shared/image.js';
import type { Snapshot, ViewWants } from '../../web/src/shared/protocol.js';
import { Emulator } from '../../web/src/worker/emulator.js';
import { libcHeaderNames } from '../../web/tools/compiler-files.js';
import { buildSystemImage } from '../../web/tools/system-image.js';

let cached: SystemImage | undefined;

export function systemImage(): SystemImage {
  if (!cached) {
    const read = nodeReader();
    const bareDemos = readdirSync(join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.s')).map((f) => `examples/${f}`);
    const { image } = buildSystemImage({ read, buildSystem: () => repoSystemBuild(), bareDemos, libcHeaders: libcHeaderNames(REPO_ROOT) });
    if (!image.kernel) throw new Error(`the kernel did not build:\n${image.kernelError}`);
    cached = image;
  }
  return cached;
}

export const ALL_VIEWS: ViewWants = { code: true, processes: true, space: true, tlb: true, switch: true };

/** An Emulator plus the console text and events it produced, for assertions. */
export class Driver {
  readonly emu = new Emulator();
  console = '';
  events: Snapshot['events'] = [];
  last: Snapshot | undefined;

  async boot(target: Parameters<Emulator['boot']>[0] = { kind: 'kernel' }): Promise<this> {
    await this.emu.loadImage(systemImage());
    await this.emu.boot(target, true);
    return this;
  }

  /** Run ticks until `until` holds for a snapshot, or the guest stops running, or `maxTicks` pass. */
  async run(until: (s: Snapshot) => boolean = () => false, maxTicks = 2000): Promise<Snapshot> {
    for (let i = 0; i < maxTicks; i++) {
      this.emu.tick();
      const s = await this.snap();
      if (until(s) || s.status !== 'running' || s.idle) return s;
    }
    return this.snap();
  }

  async snap(wants: ViewWants = ALL_VIEWS): Promise<Snapshot> {
    const s = await this.emu.snapshot(wants);
    this.console += s.output;
    if (s.forget) this.events = this.events.filter((e) => e.id < s.forget!.id);
    this.events.push(...s.events);
    this.last = s;
    return s;
  }

  /** Type a line and run until the shell prompts again (and, unless background jobs run, waits for input). */
  async command(line: string, background = false): Promise<string> {
    const mark = this.console.length;
    this.emu.input(line + '\n');
    await this.run((s) => /glassbox:[^\n]*\$ $/.test(this.console.slice(mark)) && (background || s.idle));
    return this.console.slice(mark);
  }
}
