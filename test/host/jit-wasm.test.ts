// The compiled tier's WebAssembly writer (vm/host/jit/wasm.ts), checked by
// V8 itself: modules it writes must validate, and their functions must
// return the constants they were written with. The cases are the writer's
// own shortcuts: i64 constants that fit 32 bits are encoded without BigInt,
// and function bodies are copied into the module in one piece, so bodies
// whose sizes need LEB128 lengths of several bytes must land where their
// headers say. A module may also define helpers its functions call, not
// exported, each of its own type.

import { describe, expect, it } from 'vitest';
import { Body, I32, I64, writeModule } from '../../vm/host/jit/wasm.js';

const memory = new WebAssembly.Memory({ initial: 1 });

/** Instantiates funcs (no params, one result of type `result`) and returns their exports. */
function instantiate(result: number, funcs: { name: string; body: Body }[]): WebAssembly.Exports {
  const bytes = writeModule('core', 'memory', [], { params: [], results: [result] }, funcs.map((f) => ({ ...f, locals: [[2, I32]] }))) as BufferSource;
  expect(WebAssembly.validate(bytes)).toBe(true);
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { core: { memory } }).exports;
}

describe('wasm writer', () => {
  it('writes i64 constants of every size, numbers and bigints, as their values', () => {
    const values: Array<number | bigint> = [
      0, 1, -1, 63, 64, -64, -65, 8191, 8192, -8193, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 32 + 7,
      -(2 ** 40) - 3, 2 ** 53 - 1, -(2 ** 53) + 1, 0n, -1n, 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 63n - 1n, -(2n ** 63n),
    ];
    const funcs = values.map((v, i) => ({ name: `c${i}`, body: new Body().i64(v) }));
    const exports = instantiate(I64, funcs);
    values.forEach((v, i) => expect((exports[`c${i}`] as () => bigint)(), `i64 ${v}`).toBe(BigInt(v)));
  });

  it('places bodies of any length, several to a module, each under its own export', () => {
    // Bodies of 3 bytes to ~40 KB: size fields of 1, 2 and 3 LEB128 bytes.
    const sizes = [0, 1, 40, 127, 128, 3000, 16383, 16384, 40000];
    const funcs = sizes.map((n, i) => {
      const b = new Body();
      // n times (local.get 0; local.set 1): dead work that only makes the body long.
      for (let k = 0; k < n; k++) b.get(0).set(1);
      b.i32(1000 + i);
      return { name: `f${i}`, body: b };
    });
    const exports = instantiate(I32, funcs);
    sizes.forEach((_, i) => expect((exports[`f${i}`] as () => number)()).toBe(1000 + i));
  });

  it('defines internal helpers of their own types, called by the exported functions and not exported', () => {
    // Two helpers: (i32, i64) -> i32 subtracting, () -> i32 a constant; the exported functions call them.
    const sub = new Body().get(0).get(1).wrap().sub();
    const seven = new Body().i32(7);
    const internal = [
      { type: { params: [I32, I64], results: [I32] }, func: { name: 'sub', locals: [], body: sub } },
      { type: { params: [], results: [I32] }, func: { name: 'seven', locals: [], body: seven } },
    ];
    const f = new Body().i32(50).i64(8).call(0).call(1).add(); // 50 - 8 + 7
    const g = new Body().call(1).i32(3).mul();
    const bytes = writeModule('core', 'memory', [], { params: [], results: [I32] }, [
      { name: 'f', locals: [], body: f }, { name: 'g', locals: [], body: g },
    ], internal) as BufferSource;
    expect(WebAssembly.validate(bytes)).toBe(true);
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { core: { memory } }).exports;
    expect(Object.keys(exports).sort()).toEqual(['f', 'g']);
    expect((exports.f as () => number)()).toBe(49);
    expect((exports.g as () => number)()).toBe(21);
  });

  it('refuses a body with an unclosed block', () => {
    const b = new Body();
    b.block();
    expect(() => writeModule('core', 'memory', [], { params: [], results: [] }, [{ name: 'f', locals: [], body: b }]))
      .toThrow(/unclosed/);
  });
});
