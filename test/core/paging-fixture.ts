// The paged fixture the paging tests share: a ring-0 machine with an IDT, page
// tables that identity-map the first 256 KiB (code, stack, fixtures), a user
// code and stack page, paging on and the counters zeroed; and helpers to run
// programs, diff counters and find TLB entries.

import { expect } from 'vitest';
import { FIX, MachineOptions, PTE, PageTables, Program, TestMachine, ESP, installIdt, lastVector } from './harness.js';
import { TLB_FLAG } from '../../vm/isa/machine.js';

export const CODE = 0x10000;
export const STACK = 0x30000;
export const DIR = 0x100000;
export const POOL = 0x101000;
export const CR0_PG = 0x80000000, CR0_WP = 0x10000, CR4_PGE = 0x80, CR4_PCIDE = 0x20000;
export const V = 0x400000; // test pages live at V + n * 0x1000 -> physical 0x200000 + n * 0x1000
export const PHYS = 0x200000;
export const USER_CODE = 0x800000, USER_CODE_PHYS = 0x60000;
export const USER_STACK = 0x802000, USER_STACK_PHYS = 0x61000;

export interface Paged {
  m: TestMachine;
  pt: PageTables;
}

export interface PagedOptions extends MachineOptions {
  /** Map the kernel identity pages global (PTE.G). */
  global?: boolean;
}

export async function paged(opts: PagedOptions = {}): Promise<Paged> {
  const m = await TestMachine.create({ ramBytes: 4 << 20, ...opts });
  installIdt(m, CODE);
  const pt = new PageTables(m, DIR, POOL);
  pt.identity(0, 0x40000, PTE.P | PTE.RW | (opts.global ? PTE.G : 0));
  pt.map(USER_CODE, USER_CODE_PHYS, PTE.P | PTE.US);
  pt.map(USER_STACK - 0x1000, USER_STACK_PHYS, PTE.P | PTE.RW | PTE.US);
  m.core.setCr(3, DIR);
  m.core.setCr(0, CR0_PG);
  m.core.setReg(ESP, STACK);
  m.core.resetCounters();
  return { m, pt };
}

/** Loads p at CODE (ring 0) and runs it to its hlt. */
export function runProgram(m: TestMachine, p: Program): void {
  m.writePhys(CODE, p.build());
  m.core.setEip(CODE);
  expect(m.run(1_000_000)).toBe('halt');
}

/** Runs user code (at USER_CODE, ring 3) until a fault's stub halts; returns the ring-0 frame. */
export function runUser(m: TestMachine, p: Program) {
  m.writePhys(USER_CODE_PHYS, p.build());
  m.core.setCpl(3);
  m.core.setEip(USER_CODE);
  m.core.setReg(ESP, USER_STACK);
  expect(m.run(1_000_000)).toBe('halt');
  const at = FIX.KSTACK_TOP - 24;
  return { vector: lastVector(m), err: m.r32(at), eip: m.r32(at + 4), cs: m.r32(at + 8), esp: m.r32(at + 16), ss: m.r32(at + 20) };
}

export function counterDelta(m: TestMachine, f: () => void): Record<string, number> {
  const before = m.counters();
  f();
  const after = m.counters();
  const out: Record<string, number> = {};
  for (const k of Object.keys(after)) if (after[k] !== before[k]) out[k] = after[k] - before[k];
  return out;
}

/** Model entries holding vpn (valid ones). */
export function entriesFor(m: TestMachine, vpn: number): { i: number; flags: number; pcid: number; frame: number }[] {
  const out = [];
  for (let i = 0; i < m.core.tlbSize(); i++) {
    const flags = m.core.tlbFlags(i);
    if (flags & TLB_FLAG.VALID && m.core.tlbVpn(i) === vpn) out.push({ i, flags, pcid: m.core.tlbPcid(i), frame: m.core.tlbFrame(i) });
  }
  return out;
}


/** Second-level TLB entries holding vpn (valid ones). */
export function stlbEntriesFor(m: TestMachine, vpn: number): { i: number; flags: number; pcid: number; frame: number }[] {
  const out = [];
  for (let i = 0; i < m.core.stlbSize(); i++) {
    const flags = m.core.stlbFlags(i);
    if (flags & TLB_FLAG.VALID && m.core.stlbVpn(i) === vpn) out.push({ i, flags, pcid: m.core.stlbPcid(i), frame: m.core.stlbFrame(i) });
  }
  return out;
}
