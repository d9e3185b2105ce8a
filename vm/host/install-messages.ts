// Why a program cannot go into /bin, in English: user-elf.ts's rules for a
// user program and its /bin name, install.ts's channel and the kernel's
// answers (by errno name, kernel/install.c's list), and the page's waiting
// for them (web/src/worker/install-run.ts). Catalogue messages
// (vm/text/message.ts): the CLI prints installText(); the page shows them in
// its language (web/src/shared/i18n/messages-ko-install.ts). A problem
// with the ELF itself is the ELF reader's message (vm/asm/elf-messages.ts),
// passed on as it is.

import { ELF_MESSAGES } from '../asm/elf-messages.js';
import type { ElfMessageKey } from '../asm/elf-messages.js';
import { messages, render } from '../text/message.js';
import type { Message } from '../text/message.js';

export const INSTALL_MESSAGES = {
  // user-elf.ts: what a user program and its name must be
  'install.no-segments': 'no loadable segments: nothing to run',
  'install.segment-in-kernel': "a segment at {vaddr} reaches into the kernel's half (from {base}): built for the bare machine or the kernel, not as a user program (glassbox cc)",
  'install.entry-too-low': 'entry point {entry} is below {min}: built for the bare machine (glassbox bare), not as a user program (glassbox cc)',
  'install.bad-name': '"{name}" cannot be a program name in /bin ({rule})',
  'install.name-rule': 'a letter or _, then letters, digits, _ or -, at most 28',

  // install.ts: the channel
  'install.channel-refused': '{path}: the channel refused the request ({rc})',
  'install.busy': 'another install is still waiting for the kernel',
  'install.empty-path': 'the path is empty: {why}',
  'install.too-large': '{path}: {size} bytes is more than the channel takes ({capacity} bytes)',
  'install.dropped': '{path}: the request was dropped (the CPU was reset, or the machine restored to a snapshot from before it)',
  'install.meaningless': '{path}: the kernel gave a meaningless answer ({answer})',
  'install.refused': 'cannot install {path}: {why} ({errno})',
  'install.refused-unknown': 'cannot install {path}: error {errno}',
  'install.errno-other': 'error {errno}',
  'install.no-answer': "{path}: the kernel did not answer within {cycles} cycles (does it have the host file channel's driver?); the request is still pending",
  'install.stopped': '{path}: the machine stopped ({reason}) before the kernel answered',
  'install.stopped-pending': '{path}: the machine stopped ({reason}) before the kernel answered; the request is still pending',
  'install.idle': '{path}: the machine is idle and the kernel did not answer (no driver for the host file channel, or its IRQ is masked)',

  // install.ts: the kernel's refusals, by errno name
  'install.errno.EINVAL': 'only a file directly in /bin can be installed: the path must be /bin/NAME',
  'install.errno.ENAMETOOLONG': 'the name is too long for a directory entry (at most 27 bytes; the path at most 127)',
  'install.errno.EISDIR': 'it is a directory',
  'install.errno.EEXIST': 'it exists and is not a regular file',
  'install.errno.ENOSPC': "no space left in the machine's memory for the file; the old file, if there was one, is kept",
  'install.errno.EFBIG': 'the file is too large for the ramfs',
  'install.errno.ENOTDIR': 'a part of the path is not a directory',
  'install.errno.ENOENT': 'the directory does not exist',

  // the page's worker, which runs the machine itself while it waits (install-run.ts)
  'install.stopped-unanswered': '{path}: the machine stopped before the kernel answered',
  'install.timeout': '{path}: the kernel did not answer in {seconds} s',
} as const;

export type InstallMessageKey = keyof typeof INSTALL_MESSAGES;
/** A reason a program is not installed: the installer's own, or the ELF reader's. */
export type InstallMessage = Message<InstallMessageKey | ElfMessageKey>;

const ALL = { ...ELF_MESSAGES, ...INSTALL_MESSAGES };

/** An installer's message: `installMessage('install.busy')`, placeholders checked by the type. */
export const installMessage = messages(INSTALL_MESSAGES);

/** The message in English, as the CLI prints it. */
export function installText(m: InstallMessage): string {
  return render(ALL, m);
}

/** The kernel's errno names that have a sentence of their own. */
export function errnoMessage(name: string | undefined): InstallMessage | undefined {
  const key = `install.errno.${name}`;
  return name !== undefined && Object.hasOwn(INSTALL_MESSAGES, key) ? { key: key as InstallMessageKey } : undefined;
}
