// Debug information: the `.glassbox.debug` JSON the compiler writes, read
// back from a linked ELF with parseDebugInfo, must describe functions (with
// the ebp offsets of their variables, checked against the running program),
// globals, and struct/union/enum layouts (checked against sizeof/offsetof
// computed by the program itself).

import { describe, expect, it } from 'vitest';
import { readElf } from '../../vm/asm/index.js';
import { DEBUG_SECTION, findStruct, parseDebugInfo, variablesAt } from '../../vm/cc/debuginfo.js';
import { buildC, runElf } from './helpers.js';

const PROGRAM = `#include <stdio.h>
#include <stddef.h>

enum state { UNUSED, EMBRYO, SLEEPING, RUNNABLE = 7 };
typedef int pid_t;

struct context { unsigned edi, esi, ebx, ebp, eip; };
struct proc {
  char name[16];
  pid_t pid;
  enum state state;
  struct proc *parent;
  struct context ctx;
  union { int exit_status; char tag; } u;
  short flags;
};

struct proc ptable[4];
static int nextpid = 1;

int spawn(const char *name, int weight) {
  struct proc *p = &ptable[nextpid];
  int i;
  for (i = 0; name[i] && i < 15; i++) {
    char c = name[i];
    p->name[i] = c;
  }
  p->pid = nextpid++;
  p->state = RUNNABLE;
  {
    int inner = weight * 2;
    p->flags = (short)inner;
  }
  return p->pid;
}

int main(void) {
  spawn("init", 1);
  printf("%d %d %d %d %d %d\\n", (int)sizeof(struct proc), (int)offsetof(struct proc, pid),
         (int)offsetof(struct proc, parent), (int)offsetof(struct proc, ctx),
         (int)offsetof(struct proc, u), (int)offsetof(struct proc, flags));
  return 0;
}
`;

describe('debug info', () => {
  const built = buildC(PROGRAM, 'proc.c');
  const elf = readElf(built.elf!);
  if (!elf.ok) throw new Error(elf.error);
  const section = elf.elf.section(DEBUG_SECTION)!;
  const info = parseDebugInfo(section.data);

  it('is in the ELF, one document per translation unit (program + libc)', () => {
    expect(built.errors).toEqual([]);
    expect(section).toBeDefined();
    expect(section.data.filter((b) => b === 0).length).toBeGreaterThan(3);
    expect(info.files).toContain('proc.c');
    expect(info.functions.map((f) => f.name)).toEqual(expect.arrayContaining(['spawn', 'main', 'printf', 'malloc']));
  });

  it('gives struct layouts that agree with the compiled program', async () => {
    const run = await runElf(built.elf!);
    const [size, pid, parent, ctx, u, flags] = run.stdout.trim().split(' ').map(Number);
    const proc = findStruct(info, 'struct proc')!;
    expect(proc).toMatchObject({ kind: 'struct', name: 'proc', size, file: 'proc.c', line: 8 });
    const at = (name: string) => proc.members.find((m) => m.name === name)!;
    expect(at('name')).toMatchObject({ type: 'char[16]', offset: 0, size: 16 });
    expect(at('pid')).toMatchObject({ type: 'pid_t', offset: pid, size: 4 });
    expect(at('state')).toMatchObject({ type: 'enum state', size: 4 });
    expect(at('parent')).toMatchObject({ type: 'struct proc *', offset: parent });
    expect(at('ctx')).toMatchObject({ type: 'struct context', offset: ctx, size: 20 });
    expect(at('u').offset).toBe(u);
    expect(at('flags')).toMatchObject({ type: 'short', offset: flags, size: 2 });
    expect(findStruct(info, 'context')!.members.map((m) => m.name)).toEqual(['edi', 'esi', 'ebx', 'ebp', 'eip']);
    expect(info.enums.find((e) => e.name === 'state')!.values).toEqual([
      { name: 'UNUSED', value: 0 }, { name: 'EMBRYO', value: 1 }, { name: 'SLEEPING', value: 2 }, { name: 'RUNNABLE', value: 7 },
    ]);
    expect(info.typedefs).toContainEqual({ name: 'pid_t', type: 'int' });
  });

  it('lists globals with their symbols, types and sizes', () => {
    const ptable = info.globals.find((g) => g.name === 'ptable')!;
    expect(ptable).toMatchObject({ symbol: 'ptable', type: 'struct proc[4]', static: false, file: 'proc.c' });
    expect(ptable.size).toBe(4 * findStruct(info, 'proc')!.size);
    expect(elf.elf.lookup('ptable')).toBeDefined();
    expect(info.globals.find((g) => g.name === 'nextpid')).toMatchObject({ type: 'int', size: 4, static: true });
  });

  it('describes functions: lines, parameters, locals with ebp offsets, block scopes', () => {
    const spawn = info.functions.find((f) => f.name === 'spawn')!;
    expect(spawn).toMatchObject({ file: 'proc.c', line: 21, endLine: 35, static: false, returnType: 'int', type: 'int(const char *, int)' });
    expect(spawn.params).toEqual([
      { name: 'name', type: 'const char *', size: 4, offset: 8, line: 21 },
      { name: 'weight', type: 'int', size: 4, offset: 12, line: 21 },
    ]);
    expect(spawn.locals.map((v) => v.name)).toEqual(['p', 'i', 'c', 'inner']);
    for (const v of spawn.locals) expect(v.offset).toBeLessThan(0);
    expect(spawn.frameSize).toBeGreaterThanOrEqual(4 * 3 + 1);
    // The body's scope holds the body's own variables (the parameters are in
    // scope there too); inner blocks nest inside with theirs.
    const names = (s: { locals: number[] }) => s.locals.map((i) => spawn.locals[i].name);
    expect(names(spawn.scope)).toEqual(['p', 'i']);
    expect(spawn.scope.scopes.length).toBe(2);
    const [forScope, block] = spawn.scope.scopes;
    expect(names(forScope.scopes[0])).toEqual(['c']);
    expect(names(block)).toEqual(['inner']);
    expect(variablesAt(spawn, 26).map((v) => v.name)).toEqual(['name', 'weight', 'p', 'i', 'c']);
    expect(variablesAt(spawn, 32).map((v) => v.name)).toEqual(['name', 'weight', 'p', 'i', 'inner']);
  });

  it('puts the right values at those offsets while the function runs', async () => {
    // Stop in spawn after p is set and read p and weight from the frame.
    const spawn = info.functions.find((f) => f.name === 'spawn')!;
    const addr = elf.elf.lines.find((l) => l.file === 'proc.c' && l.line === 24)!.addr;
    const { Machine } = await import('../../vm/host/machine.js');
    const m = await Machine.create({});
    m.eip = m.loadElf(built.elf!).entry;
    m.setReg('esp', m.ramSize);
    m.addBreakpoint(addr);
    const stop = m.run(10_000_000);
    expect(stop.reason).toBe('breakpoint');
    const ebp = m.getReg('ebp');
    const word = (a: number) => m.readPhys32(a >>> 0);
    const weight = word(ebp + spawn.params[1].offset);
    const p = word(ebp + spawn.locals.find((v) => v.name === 'p')!.offset);
    expect(weight).toBe(1);
    const procSize = findStruct(info, 'proc')!.size;
    expect(p).toBe(elf.elf.lookup('ptable')! + procSize * 1);
  });

  it('survives garbage when parsing', () => {
    const junk = new TextEncoder().encode('not json\0{"version":1,"functions":[{"name":"f","symbol":"f"}],"globals":"x"}\0\0{"version":99}\0');
    const parsed = parseDebugInfo(junk);
    expect(parsed.functions.map((f) => f.name)).toEqual(['f']);
    expect(parsed.globals).toEqual([]);
    expect(parseDebugInfo(new Uint8Array([0xff, 0xfe, 0, 1, 2]))).toMatchObject({ functions: [], structs: [] });
  });
});

describe('a function declared in a header and defined in a .c file', () => {
  it('points its first line entry and its debug record at the definition', async () => {
    const { compile } = await import('../../vm/cc/compile.js');
    const files: Record<string, string> = { 'defs.h': 'int twice(int x);\n' };
    const src = '#include "defs.h"\n\nint twice(int x)\n{\n  return 2 * x;\n}\n';
    const r = compile('main.c', src, { readFile: (p) => files[p] ?? files[p.replace(/^.*\//, '')] });
    expect(r.errors).toEqual([]);
    const asm = r.asm!;
    // The file table maps numbers to names; the .loc right after the label must name main.c line 3.
    const fileNo = [...asm.matchAll(/\.file (\d+) "([^"]+)"/g)].find((m) => m[2].endsWith('main.c'))![1];
    const afterLabel = asm.slice(asm.indexOf('twice:'));
    const firstLoc = /\.loc (\d+) (\d+)/.exec(afterLabel)!;
    expect(firstLoc[1]).toBe(fileNo);
    expect(firstLoc[2]).toBe('3');
  });
});

describe('debug info for long long', () => {
  const SRC = `struct sample { char tag; long long when; unsigned long long mask; };
struct sample last;
unsigned long long total = 0x0123456789abcdefULL;

long long scale(long long v, int k) {
  long long r = v * k;
  return r;
}

int main(void) {
  last.when = scale(-3000000000LL, 2);
  return 0;
}
`;
  const built = buildC(SRC, 'll.c');
  const elf = readElf(built.elf!);
  if (!elf.ok) throw new Error(elf.error);
  const info = parseDebugInfo(elf.elf.section(DEBUG_SECTION)!.data);

  it('names the types and gives 8-byte sizes, aligned to 4 in structs', () => {
    expect(built.errors).toEqual([]);
    const sample = findStruct(info, 'sample')!;
    expect(sample).toMatchObject({ size: 20, align: 4 });
    expect(sample.members).toEqual([
      { name: 'tag', type: 'char', offset: 0, size: 1 },
      { name: 'when', type: 'long long', offset: 4, size: 8 },
      { name: 'mask', type: 'unsigned long long', offset: 12, size: 8 },
    ]);
    expect(info.globals.find((g) => g.name === 'total')).toMatchObject({ type: 'unsigned long long', size: 8 });
    const scale = info.functions.find((f) => f.name === 'scale')!;
    expect(scale).toMatchObject({ returnType: 'long long', type: 'long long(long long, int)' });
    expect(scale.params).toEqual([
      { name: 'v', type: 'long long', size: 8, offset: 8, line: 5 },
      { name: 'k', type: 'int', size: 4, offset: 16, line: 5 },
    ]);
    expect(scale.locals[0]).toMatchObject({ name: 'r', type: 'long long', size: 8 });
  });

  it('lets a debugger read a long long variable at its ebp offset', async () => {
    const scale = info.functions.find((f) => f.name === 'scale')!;
    const addr = elf.elf.lines.find((l) => l.file === 'll.c' && l.line === 7)!.addr;
    const { Machine } = await import('../../vm/host/machine.js');
    const m = await Machine.create({});
    m.eip = m.loadElf(built.elf!).entry;
    m.setReg('esp', m.ramSize);
    m.addBreakpoint(addr);
    expect(m.run(10_000_000).reason).toBe('breakpoint');
    const ebp = m.getReg('ebp');
    const read64 = (a: number) => new DataView(m.readPhys(a >>> 0, 8).slice().buffer).getBigInt64(0, true);
    expect(read64(ebp + scale.params[0].offset)).toBe(-3000000000n);
    expect(read64(ebp + scale.locals[0].offset)).toBe(-6000000000n);
  });
});
