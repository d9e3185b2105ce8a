// The host file channel (vm/core/devices.ts): the host submits a request, the
// guest reads it through the ports with `in` and answers with an `out`.

import { describe, expect, it } from 'vitest';
import { EAX, EBX, ECX, EDI, EDX, ESI, Program, TestMachine } from './harness.js';
import { HOSTFILE_CAPACITY, HOSTFILE_STATE, PORT } from '../../vm/isa/machine.js';

/** Writes a request (path, then file at the path's padded length) where the device reads it. */
function put(m: TestMachine, path: string, file: Uint8Array): number {
  const name = new TextEncoder().encode(path);
  const at = m.core.hostFilePtr();
  m.bytes.fill(0xee, at, at + 64); // garbage the device must pad over
  m.bytes.set(name, at);
  m.bytes.set(file, at + ((name.length + 3) & ~3));
  return m.core.hostFileSubmit(name.length, file.length);
}

const P = PORT;

describe('host file channel', () => {
  it('gives the guest the lengths, then path and file 4 bytes per in, and takes its answer', async () => {
    const m = await TestMachine.create();
    expect(m.core.hostFileState()).toBe(HOSTFILE_STATE.IDLE);
    expect(put(m, '/bin/x', new Uint8Array([1, 2, 3, 4, 5]))).toBe(0);
    expect(m.core.hostFileState()).toBe(HOSTFILE_STATE.PENDING);
    const p = new Program(0x1000)
      .op('IN_RI', { a: EAX, i8: P.HOSTFILE_STATUS })
      .op('IN_RI', { a: EBX, i8: P.HOSTFILE_NAME_LEN })
      .op('IN_RI', { a: ECX, i8: P.HOSTFILE_SIZE })
      .op('IN_RI', { a: EDX, i8: P.HOSTFILE_DATA })
      .op('IN_RI', { a: ESI, i8: P.HOSTFILE_DATA })
      .op('IN_RI', { a: EDI, i8: P.HOSTFILE_DATA })
      .op('IN_RI', { a: EAX, i8: P.HOSTFILE_DATA })
      .op('MOV_MR', { b: 8, x: 8, s: 0, z: 2, a: EDI, disp: 0x3000 })
      .op('MOV_MR', { b: 8, x: 8, s: 0, z: 2, a: EAX, disp: 0x3004 })
      .op('IN_RI', { a: EAX, i8: P.HOSTFILE_DATA }) // past the end: 0
      .op('MOV_RI', { a: EDI }, -17)
      .op('OUT_IR', { a: EDI, i8: P.HOSTFILE_STATUS })
      .op('OUT_IR', { a: EBX, i8: P.HOSTFILE_STATUS }) // a second answer is ignored
      .op('HLT');
    m.load(p);
    expect(m.runToStop()).toBe('halt');
    expect(m.reg(EBX)).toBe(6);
    expect(m.reg(ECX)).toBe(5);
    expect(m.reg(EDX)).toBe(0x6e69622f); // "/bin"
    expect(m.reg(ESI)).toBe(0x0000782f); // "/x" + zero padding
    expect(m.reg(EDI) | 0).toBe(-17);
    expect(m.r32(0x3000)).toBe(0x04030201);
    expect(m.r32(0x3004)).toBe(5); // the last word padded with zeros
    expect(m.reg(EAX)).toBe(0);
    expect(m.core.hostFileState()).toBe(HOSTFILE_STATE.ANSWERED);
    expect(m.core.hostFileResult() | 0).toBe(-17);
    // The IRQ line was raised (line 2, vector 34) and is still pending: IF was 0.
  });

  it('reads 0 on every port when no request waits, and refuses a second request or one too big', async () => {
    const m = await TestMachine.create();
    const p = new Program(0x1000)
      .op('IN_RI', { a: EAX, i8: P.HOSTFILE_STATUS })
      .op('IN_RI', { a: EBX, i8: P.HOSTFILE_DATA })
      .op('IN_RI', { a: ECX, i8: P.HOSTFILE_SIZE })
      .op('MOV_RI', { a: EDX }, 5)
      .op('OUT_IR', { a: EDX, i8: P.HOSTFILE_STATUS })
      .op('HLT');
    m.load(p);
    expect(m.runToStop()).toBe('halt');
    expect([m.reg(EAX), m.reg(EBX), m.reg(ECX)]).toEqual([0, 0, 0]);
    expect(m.core.hostFileState()).toBe(HOSTFILE_STATE.IDLE);
    expect(m.core.hostFileCapacity()).toBe(HOSTFILE_CAPACITY);
    expect(put(m, '/bin/a', new Uint8Array(1))).toBe(0);
    expect(put(m, '/bin/b', new Uint8Array(1))).toBe(1);
    m.core.resetCpu(); // drops the request
    expect(m.core.hostFileState()).toBe(HOSTFILE_STATE.IDLE);
    expect(m.core.hostFileSubmit(0, 0)).toBe(2);
    expect(m.core.hostFileSubmit(4, HOSTFILE_CAPACITY - 4)).toBe(0);
    m.core.resetCpu();
    expect(m.core.hostFileSubmit(5, HOSTFILE_CAPACITY - 4)).toBe(2);
    expect(m.core.hostFileSubmit(4, 0xffffffff)).toBe(2);
    expect(m.core.hostFileSubmit(0xffffffff, 4)).toBe(2);
  });
});
