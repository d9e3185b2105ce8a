// Session files: what is written reads back the same; anything else is
// refused with a message that says why.

import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { SessionError, decodeSession, encodeSession, Session } from '../../../vm/host/timetravel/session-file.js';
import { withDefaults } from '../../../vm/host/machine-config.js';

const session: Session = {
  machine: withDefaults({ tlbEntries: 128 }),
  cycle: 123_456,
  hash: 'ab'.repeat(16),
  inputs: [
    { cycle: 10, kind: 'console', bytes: new Uint8Array([108, 115, 10, 0, 255]) },
    { cycle: 20, kind: 'file', path: '/bin/x', bytes: new Uint8Array([0x7f, 69, 76, 70]) },
    { cycle: 30, kind: 'irq', line: 2 },
  ],
  start: new Uint8Array(100_000).fill(7, 500, 900),
  kernel: new Uint8Array([1, 2, 3]),
  programs: new Map([['ls', new Uint8Array([4, 5])]]),
};

describe('session files', () => {
  it('read back what was written', () => {
    const back = decodeSession(encodeSession(session));
    expect(back.machine).toEqual(session.machine);
    expect(back.cycle).toBe(session.cycle);
    expect(back.hash).toBe(session.hash);
    expect(back.inputs).toEqual(session.inputs);
    expect(back.start).toEqual(session.start);
    expect(back.programs.get('ls')).toEqual(new Uint8Array([4, 5]));
  });

  it('record a bare program in place of the kernel, and refuse a file that holds neither or both', () => {
    const bare: Session = { ...session, kernel: undefined, programs: new Map(), bare: { name: 'countdown', elf: new Uint8Array([9, 8, 7]) } };
    const back = decodeSession(encodeSession(bare));
    expect(back.kernel).toBeUndefined();
    expect(back.bare).toEqual({ name: 'countdown', elf: new Uint8Array([9, 8, 7]) });
    expect(back.inputs).toEqual(session.inputs);
    expect(decodeSession(encodeSession(session)).bare).toBeUndefined();
    expect(() => encodeSession({ ...session, bare: bare.bare })).toThrow(/either the kernel or a bare program/);
    expect(() => encodeSession({ ...session, kernel: undefined })).toThrow(/either the kernel or a bare program/);
    const json = (extra: object) => strToU8(JSON.stringify({ format: 'glassbox-session', version: 1, cycle: 1, hash: 'x', inputs: [], ...extra }));
    const start = new Uint8Array(4);
    expect(() => decodeSession(zipSync({ 'session.json': json({}), 'start.bin': start }))).toThrow(/lacks kernel\.elf/);
    expect(() => decodeSession(zipSync({ 'session.json': json({ bare: 'x' }), 'start.bin': start }))).toThrow(/holds bare\.elf and no kernel\.elf/);
    expect(() => decodeSession(zipSync({ 'session.json': json({ bare: 3 }), 'start.bin': start, 'bare.elf': start }))).toThrow(/not a program name/);
  });

  it('refuse what is not a session file, or a version this Glassbox does not read', () => {
    expect(() => decodeSession(new Uint8Array([1, 2, 3]))).toThrow(SessionError);
    expect(() => decodeSession(zipSync({ 'a.txt': strToU8('x') }))).toThrow(/no session\.json/);
    const v2 = zipSync({ 'session.json': strToU8(JSON.stringify({ format: 'glassbox-session', version: 2 })) });
    expect(() => decodeSession(v2)).toThrow(/version 2; this Glassbox reads version 1/);
  });
});
