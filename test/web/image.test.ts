import { gunzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { Program } from '../../vm/host/program.js';
import { ImageError, compressImage, decompressImage, packImage, unpackImage } from '../../web/src/shared/image.js';
import { systemImage } from './helpers.js';

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

  it('is served as gzip: the same bytes back by the platform\'s decompressor and by fflate\'s', async () => {
    const packed = packImage(systemImage());
    const gz = compressImage(packed);
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(gz.length).toBeLessThan(packed.length / 4);
    const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
    expect(gz[9]).toBe(3); // OS: Unix; and bytes 4-7, the timestamp, are 0: the same input, the same file
    expect([...gz.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
    expect(same(await decompressImage(gz), packed)).toBe(true);
    expect(same(gunzipSync(gz), packed)).toBe(true);
    vi.stubGlobal('DecompressionStream', undefined);
    try {
      expect(same(await decompressImage(gz), packed)).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
    // Bytes a server already decompressed (Content-Encoding: gzip) pass through.
    expect(await decompressImage(packed)).toBe(packed);
  });

  it('says so when the gzip stream is broken', async () => {
    const gz = compressImage(packImage(image));
    await expect(decompressImage(gz.subarray(0, gz.length - 12))).rejects.toThrow(ImageError);
    const bad = gz.slice();
    bad[20] ^= 0xff;
    await expect(decompressImage(bad)).rejects.toThrow(/not valid gzip/);
  });
});

describe('programs of the image', () => {
  it('are parsed when first asked about, to the same answers as a program parsed at once', () => {
    const bytes = systemImage().programs.get('ls')!;
    const lazy = Program.deferred('ls', bytes);
    const eager = Program.fromElf('ls', bytes);
    const main = eager.lookup('main')!;
    expect(lazy.lookup('main')).toBe(main);
    expect(lazy.symbolAt(main + 1)?.name).toBe('main');
    expect(lazy.lineFor(main)).toEqual(eager.lineFor(main));
    expect(lazy.dataLayout()).toEqual(eager.dataLayout());
    expect(() => Program.deferred('junk', new Uint8Array(8)).lookup('main')).toThrow(/^junk: /);
    expect(() => Program.fromElf('junk', new Uint8Array(8))).toThrow(/^junk: /);
  });
});
