import { describe, expect, it } from 'vitest';
import { ImageError, packImage, unpackImage } from '../../web/src/shared/image.js';

describe('system image container', () => {
  const image = {
    kernel: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 2, 3]),
    programs: new Map([['ls', new Uint8Array([9, 8, 7])], ['sh', new Uint8Array(0)]]),
    bare: new Map([['hello', new Uint8Array([1])]]),
    texts: new Map([['kernel/proc.c', 'int x;\n'], ['examples/hello.s', '; hi\n']]),
  };

  it('round-trips every binary and text', () => {
    const back = unpackImage(packImage(image));
    expect(back.kernel).toEqual(image.kernel);
    expect([...back.programs]).toEqual([...image.programs]);
    expect([...back.bare]).toEqual([...image.bare]);
    expect([...back.texts]).toEqual([...image.texts]);
    expect(back.kernelError).toBeUndefined();
  });

  it('carries the kernel build error when there is no kernel', () => {
    const back = unpackImage(packImage({ ...image, kernel: undefined, kernelError: 'kernel/proc.c:1:1: oops' }));
    expect(back.kernel).toBeUndefined();
    expect(back.kernelError).toBe('kernel/proc.c:1:1: oops');
  });

  it('rejects bad magic, a truncated manifest and truncated binaries with clear errors', () => {
    const packed = packImage(image);
    const bad = packed.slice();
    bad[0] = 0;
    expect(() => unpackImage(bad)).toThrow(/bad magic/);
    expect(() => unpackImage(packed.subarray(0, 20))).toThrow(ImageError);
    expect(() => unpackImage(packed.subarray(0, packed.length - 2))).toThrow(/truncated \(binary/);
    expect(() => unpackImage(new Uint8Array(3))).toThrow(/bad magic/);
  });
});
