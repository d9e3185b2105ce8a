// An uploaded ELF is checked before it may go into /bin: a user program
// built with glassbox cc passes; anything else gets a message naming what
// is wrong.

import { describe, expect, it } from 'vitest';
import { checkUpload, uploadName } from '../../web/src/shared/elf-upload.js';
import { systemImage } from './helpers.js';
import { translateMessage } from '../../web/src/shared/i18n/i18n.js';

/** The rejection in English (the page's message, translated as the page does). */
const why = (r: ReturnType<typeof checkUpload>): string | false => !r.ok && translateMessage('en', r.message);

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
    expect(why(checkUpload('hello', text))).toBe('hello: not an ELF file (bad magic)');
    expect(why(checkUpload('tiny', new Uint8Array(10)))).toBe('tiny: file too short for an ELF header (10 bytes)');
    const wrongMachine = ls.slice();
    wrongMachine[18] = 3;
    wrongMachine[19] = 0;
    expect(why(checkUpload('x86', wrongMachine))).toMatch(/^x86: not a Glassbox executable/);
    const cut = checkUpload('cut', ls.slice(0, 200));
    expect(cut.ok).toBe(false);
    expect(why(cut)).toMatch(/^cut: .*past the end of the file/);
    const kernel = checkUpload('kernel', image.kernel!);
    expect(why(kernel)).toMatch(/kernel's half/);
    const bare = checkUpload('demo', [...image.bare.values()][0]);
    expect(why(bare)).toMatch(/below 0x08048000: built for the bare machine/);
    expect(why(checkUpload('bad name!', ls))).toMatch(/cannot be a program name/);
  });
});
