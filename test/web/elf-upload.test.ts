// An uploaded ELF is checked before it may go into /bin: a user program
// built with glassbox cc passes; anything else gets a message naming what
// is wrong.

import { describe, expect, it } from 'vitest';
import { checkUpload, uploadName } from '../../web/src/shared/elf-upload.js';
import { systemImage } from './helpers.js';

describe('ELF upload', () => {
  const image = systemImage();
  const ls = image.programs.get('ls')!;

  it('takes a user program and names it from the file', () => {
    const r = checkUpload('myls.elf', ls);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.program).toEqual({ name: 'myls', elf: ls, from: 'upload', sources: [] });
    expect(uploadName('C:\\x\\hello')).toBe('hello');
  });

  it('names what is wrong with anything else', () => {
    const text = new TextEncoder().encode('#include <stdio.h>\nint main(void) { return 0; }\n'.repeat(4));
    expect(checkUpload('hello', text)).toEqual({ ok: false, message: 'hello: not an ELF file (bad magic)' });
    expect(checkUpload('tiny', new Uint8Array(10))).toEqual({ ok: false, message: 'tiny: file too short for an ELF header (10 bytes)' });
    const wrongMachine = ls.slice();
    wrongMachine[18] = 3;
    wrongMachine[19] = 0;
    expect(checkUpload('x86', wrongMachine)).toMatchObject({ ok: false, message: expect.stringMatching(/^x86: not a Glassbox executable/) });
    const cut = checkUpload('cut', ls.slice(0, 200));
    expect(cut.ok).toBe(false);
    expect(!cut.ok && cut.message).toMatch(/^cut: .*past the end of the file/);
    const kernel = checkUpload('kernel', image.kernel!);
    expect(!kernel.ok && kernel.message).toMatch(/kernel's half/);
    const bare = checkUpload('demo', [...image.bare.values()][0]);
    expect(!bare.ok && bare.message).toMatch(/below 0x08048000: built for the bare machine/);
    expect(checkUpload('bad name!', ls)).toMatchObject({ ok: false, message: expect.stringMatching(/cannot be a program name/) });
  });
});
