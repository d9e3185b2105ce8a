// Installing a program into /bin of the running machine: the Editor's "Build
// and install". The ELF goes through the host file channel (vm/host/install.ts):
// queued as an input (the recorder delivers and logs it when the machine
// next runs, so time travel replays it: time-travel.ts), serviced by the kernel's driver
// (kernel/install.c) when the machine runs, answered through the device. The
// kernel prints its own "[installed /bin/NAME, N bytes]" line in the terminal.
//
// The machine must run for the kernel to answer, so a paused machine is
// started, as typing a command does, and an idle one (waiting at the prompt,
// so the run loop sleeps) is woken for the device's interrupt. The watch ends at the answer, or when
// the session ends or the machine stops for good first.

import { Installer } from '../../../vm/host/install.js';
import { installMessage } from '../../../vm/host/install-messages.js';
import type { Machine } from '../../../vm/host/machine.js';
import type { InstallOutcome } from '../shared/protocol.js';

/** How often the watch looks for the kernel's answer. */
const POLL_MS = 20;
/** How long a running machine may take to answer before the install is given up. */
const ANSWER_MS = 20_000;

export interface InstallStage {
  readonly m: Machine;
  /** Hand the request to the recorder, which delivers it when the machine runs. */
  queue(path: string, bytes: Uint8Array): void;
  /** The cycle the request was delivered to the channel at, once it was. */
  delivered(): number | undefined;
  /** Reads the kernel's headers (errno.h names the kernel's errors). */
  read(path: string): string | undefined;
  /** The machine can no longer answer (another boot, a panic, a halt). */
  stopped(): boolean;
  /** Make sure the machine runs (the kernel answers only while it does), waking an idle guest. */
  run(): void;
}

export function installProgram(stage: InstallStage, name: string, elf: Uint8Array): Promise<InstallOutcome> {
  const installer = new Installer(stage.m, stage.read);
  const path = `/bin/${name}`;
  const refused = installer.refusal(path, elf);
  if (refused) return Promise.resolve({ ok: false, message: refused.said });
  stage.queue(path, elf);
  stage.run();
  const t0 = performance.now();
  let watching = false;
  return new Promise((resolve) => {
    const check = (): void => {
      const at = watching ? undefined : stage.delivered();
      if (at !== undefined) {
        installer.watch(path, elf.length, at);
        watching = true;
      }
      const answer = watching ? installer.poll() : undefined;
      if (answer) {
        resolve(answer.ok ? answer : { ok: false, message: answer.said });
      } else if (stage.stopped()) {
        resolve({ ok: false, message: installMessage('install.stopped-unanswered', { path }) });
      } else if (performance.now() - t0 > ANSWER_MS) {
        resolve({ ok: false, message: installMessage('install.timeout', { path, seconds: String(ANSWER_MS / 1000) }) });
      } else {
        setTimeout(check, POLL_MS);
      }
    };
    check();
  });
}
