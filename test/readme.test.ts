// Every command in README.md's sh code blocks, run as a user would run it
// on a fresh clone: in a copy of the repository's files (no vm/core/build,
// so the first command builds the core, as after `npm install`), with
// node_modules linked in (its cache of the built system included). Each
// must exit 0 and print no stack trace. The few that cannot run here are
// in SKIPPED with the reason, and each must still be in the README, so a
// renamed or removed command fails this test instead of going unchecked.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../vm/host/node-files.js';

const SKIPPED: Record<string, string> = {
  'npm install && npm start': 'installs packages and then serves the site until stopped; CI runs npm install itself, and test/e2e serves and drives the same build',
  'npm test': 'the whole test suite, this test included',
  'npm run lab:report': 'about a minute of CPU on a loaded machine; test/lab/lab.test.ts checks its parts, and the README tables are its output',
};

/** The commands of README's ```sh blocks: continued lines joined, blank lines and comment-only lines dropped. */
export function readmeCommands(text: string): string[] {
  const out: string[] = [];
  for (const block of text.matchAll(/^```sh\n([\s\S]*?)^```/gm)) {
    const joined = block[1].replace(/\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) if (line.trim() && !line.trim().startsWith('#')) out.push(line.trim());
  }
  return out;
}

/** The command without its trailing comment (bash drops it too), for matching SKIPPED. */
function bare(command: string): string {
  return command.replace(/\s+#.*$/, '').trim();
}

const commands = readmeCommands(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));

/** A copy of the repository's files as git has them (tracked and new, nothing ignored). */
function freshClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'glassbox-readme-'));
  const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const f of files) {
    if (f === 'node_modules') continue;
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    try {
      cpSync(join(REPO_ROOT, f), join(dir, f));
    } catch {
      // A file deleted in the work tree but not yet in git: a clone would not have it either.
    }
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('README.md', () => {
  let dir: string | undefined;
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the skipped commands it says it has, and commands to run', () => {
    for (const skipped of Object.keys(SKIPPED)) expect(commands.map(bare), `"${skipped}" is no longer in README.md: update SKIPPED`).toContain(skipped);
    expect(commands.length).toBeGreaterThan(10);
  });

  it('runs every other command as written, each exiting 0 without a stack trace', () => {
    dir = freshClone();
    const failures: string[] = [];
    for (const command of commands) {
      if (bare(command) in SKIPPED) continue;
      const r = spawnSync('bash', ['-c', command], { cwd: dir, encoding: 'utf8', timeout: 180_000, input: '' });
      const output = `${r.stdout}\n${r.stderr}`;
      if (r.status !== 0) failures.push(`${command}\n  exit ${r.status ?? r.signal}\n  ${output.trim().split('\n').slice(-6).join('\n  ')}`);
      else if (/\n\s+at .+:\d+:\d+\)?\n/.test(output) || /internal error/.test(output)) failures.push(`${command}\n  printed a stack trace or an internal error:\n  ${output.slice(0, 600)}`);
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 600_000);
});
