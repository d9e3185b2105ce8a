// What `run` and `shell` (and any command that boots the kernel) share: the
// options that choose the machine and what goes in /bin, their checks, and
// getting the system built (or from the cache) with the --add'ed programs.

import { BootOptions } from '../host/boot.js';
import { machineOptions, withKernelArgs } from '../host/hardware.js';
import { nodeReader, programFromFile, repoSystemBuild } from '../host/node-files.js';
import type { SourceReader } from '../host/header-defines.js';
import { BuildError, SystemBuild } from '../host/system-build.js';
import { EXIT } from './exit-codes.js';
import { hardwareFlags } from './hardware-flags.js';
import { CommandSpec, OptionSpec, OptionValues, usageError, wholeNumber } from './options.js';

const HARDWARE = hardwareFlags('kernel');

export const RAM_MIB = { min: 8, max: 1024 };

export const KERNEL_MACHINE_OPTIONS: OptionSpec[] = [
  { name: 'add', kind: 'list', value: 'FILE', help: 'put a program in /bin under its base name: .c compiled, .s/.asm assembled, or an ELF' },
  { name: 'quantum', kind: 'value', value: 'CYCLES', help: "the scheduler's time slice (default 3000000, 1 ms at 3 GHz)" },
  { name: 'ram', kind: 'value', value: 'MiB', help: `RAM, ${RAM_MIB.min} to ${RAM_MIB.max} MiB (default 32)` },
  { name: 'cmdline', kind: 'value', value: 'ARGS', help: 'the kernel command line (init=PATH, quiet, trace_syscalls=1)' },
  ...HARDWARE.specs,
];

/** The boot options the values ask for, or the exit status of a usage error (printed). */
export function bootOptionsFrom(spec: CommandSpec, values: OptionValues): BootOptions | number {
  const hardware = HARDWARE.config(values);
  if (typeof hardware === 'string') return usageError(spec, hardware);
  const quantum = values.quantum === undefined ? undefined : wholeNumber('quantum', values.quantum as string, 1000);
  if (typeof quantum === 'string') return usageError(spec, quantum);
  const ram = values.ram === undefined ? undefined : wholeNumber('ram', values.ram as string, RAM_MIB.min, RAM_MIB.max);
  if (typeof ram === 'string') return usageError(spec, ram);
  return {
    ...machineOptions(hardware),
    quantum,
    ramBytes: ram === undefined ? undefined : ram << 20,
    cmdline: withKernelArgs(hardware, values.cmdline as string | undefined),
  };
}

/**
 * The system and the --add'ed programs, or the exit status after saying
 * what failed (a build error or a file that cannot be read).
 */
export function loadSystem(spec: CommandSpec, added: string[], read: SourceReader = nodeReader()): { system: SystemBuild; extra: Map<string, Uint8Array> } | number {
  const extra = new Map<string, Uint8Array>();
  try {
    const system = repoSystemBuild(undefined, () => process.stderr.write('glassbox: building the kernel and /bin (cached for next time)…\n'));
    for (const file of added) {
      const program = programFromFile(file, read);
      extra.set(program.name, program.elf);
    }
    return { system, extra };
  } catch (e) {
    if (e instanceof BuildError) {
      console.error(`glassbox ${spec.name}: build failed:\n${e.message}`);
      return EXIT.failed;
    }
    if (e instanceof Error && 'code' in e) {
      console.error(`glassbox ${spec.name}: ${e.message}`);   // a file that cannot be read
      return EXIT.failed;
    }
    throw e;
  }
}
