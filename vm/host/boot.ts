// Booting a built system: a fresh machine with the kernel and the standard
// file tree loaded (boot-image.ts), the CPU at the kernel's entry. What the
// CLI and the tests call; the web worker loads the same image itself.

import { Machine } from './machine.js';
import type { MachineOptions } from './machine-config.js';
import { BootError, BootLayout, loadBootImage, standardRamfs } from './boot-image.js';
import type { RamfsEntry } from './cpio.js';
import type { SourceReader } from './header-defines.js';
import { KERNEL_INCLUDE } from './manifest.js';
import type { SystemBuild } from './system-build.js';

export interface BootOptions extends MachineOptions {
  /** Scheduling quantum in cycles (default: the kernel's, 3 M = 1 ms at 3 GHz). */
  quantum?: number;
  cmdline?: string;
  /** Extra programs for /bin (name -> ELF), added to or replacing the built ones. */
  extraPrograms?: Map<string, Uint8Array>;
  /** Extra ramfs entries. */
  extraFiles?: RamfsEntry[];
  trace?: boolean;
}

export interface Booted {
  machine: Machine;
  layout: BootLayout;
  kernel: Uint8Array;
}

export async function boot(system: SystemBuild, read: SourceReader, opts: BootOptions = {}): Promise<Booted> {
  const header = read(`${KERNEL_INCLUDE}/bootinfo.h`);
  if (header === undefined) throw new BootError(`${KERNEL_INCLUDE}/bootinfo.h: missing`);
  const machine = await Machine.create(opts);
  const programs = new Map(system.programs);
  for (const [name, elf] of opts.extraPrograms ?? []) programs.set(name, elf);
  const ramfs = standardRamfs(programs).concat(opts.extraFiles ?? []);
  const layout = loadBootImage(machine, {
    kernel: system.kernel, bootInfoHeader: header, ramfs, cmdline: opts.cmdline, quantum: opts.quantum,
  });
  machine.setTrace(opts.trace ?? false);
  return { machine, layout, kernel: system.kernel };
}
