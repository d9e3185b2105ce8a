// Shared helpers for the kernel tests: build the system once per worker,
// boot a fresh machine, and talk to its shell.

import { boot, BootOptions } from '../../vm/host/boot.js';
import { kernelNames } from '../../vm/host/kernel-events.js';
import { KernelView } from '../../vm/host/kernel-view.js';
import { ShellSession, WaitResult } from '../../vm/host/shell-session.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeReader, REPO_ROOT, repoSystemBuild } from '../../vm/host/node-files.js';
import { buildUserProgram } from '../../vm/host/system-build.js';
import type { RamfsEntry } from '../../vm/host/cpio.js';
import type { TierTiming } from '../../vm/host/machine-config.js';

/**
 * The compiled tier for tests that watch it work in a boot and a few
 * commands. The machine's defaults leave such a run to the interpreter (the
 * tier starts after DEFAULT_JIT_START_CYCLES, and JIT_LIMITS.HOT_THRESHOLD
 * is more entries than a boot makes); with these the tier counts from the
 * first cycle, and a boot compiles its hot loops (memmove, memset) and no others.
 */
export const SHORT_RUN_JIT: TierTiming = { jitThreshold: 32_000, jitStartCycles: 0 };

/** Guest cycles allowed per command (a few guest seconds at 3 GHz). */
export const COMMAND_LIMIT = 6_000_000_000;

export async function bootShell(opts: BootOptions = {}): Promise<ShellSession> {
  const read = nodeReader();
  const booted = await boot(repoSystemBuild(), read, { cmdline: 'quiet', ...opts });
  const session = new ShellSession(booted);
  const first = session.waitForPrompt(COMMAND_LIMIT);
  if (first.outcome !== 'prompt') throw new Error(`boot did not reach the prompt (${first.outcome}):\n${session.transcript}`);
  return session;
}

/** Run a command and insist that the shell prompts again; returns the output between. */
export function run(session: ShellSession, line: string, limit = COMMAND_LIMIT): string {
  const r: WaitResult = session.command(line, limit);
  if (r.outcome !== 'prompt') throw new Error(`'${line}': ${r.outcome}\n--- transcript ---\n${session.transcript}`);
  return r.text;
}

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

/** test/kernel/devtest.c: the devices, the environment, execve's errors. */
export function buildDevtest(): Uint8Array {
  const path = 'test/kernel/devtest.c';
  return buildUserProgram([{ path, text: readFileSync(join(REPO_ROOT, path), 'utf8') }], nodeReader());
}

/** Scripts whose first line is "#!…", for execve. */
export const SCRIPT_FILES: RamfsEntry[] = [
  { path: '/tmp/x', kind: 'dir' },
  { path: '/tmp/x/echo-script', kind: 'file', data: encode('#!/bin/echo  from the line  \nignored\n') },
  { path: '/tmp/x/bare-script', kind: 'file', data: encode('#!/bin/echo\n') },
  { path: '/tmp/x/no-interp', kind: 'file', data: encode('#!/no/such/interpreter\n') },
  { path: '/tmp/x/empty-interp', kind: 'file', data: encode('#!\n') },
  { path: '/tmp/x/script-interp', kind: 'file', data: encode('#!/tmp/x/echo-script\n') },
  { path: '/tmp/x/long-line', kind: 'file', data: encode(`#!/bin/echo ${'x'.repeat(200)}\n`) },
  { path: '/tmp/x/text', kind: 'file', data: encode('just text\n') },
];

/** Reads the booted kernel's globals by name, through its debug info (free_pages, ramfs_pages …). */
export function kernelGlobals(session: ShellSession): (name: string) => number {
  const view = KernelView.fromElf(session.booted.kernel, kernelNames(nodeReader()).states);
  return (name) => {
    const v = view.readGlobal(session.machine, name);
    if (v === undefined) throw new Error(`no kernel global ${name}`);
    return v;
  };
}
