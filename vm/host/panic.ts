// Symbolizing a kernel panic: the kernel prints its backtrace as raw return
// addresses ("#1 0xc0101234"); the host knows the kernel's symbols.

import { readElf } from '../asm/elf.js';

/** Append function names to the "#N 0x..." lines of a kernel panic's backtrace. */
export function symbolizePanic(output: string, kernel: Uint8Array): string {
  const parsed = readElf(kernel);
  if (!parsed.ok) return output;
  const elf = parsed.elf;
  return output.replace(/^(\s+#[-0-9]+ 0x)([0-9a-f]{8})(.*)$/gm, (_all, head: string, addr: string, tail: string) => {
    const name = elf.symbolize(parseInt(addr, 16));
    return `${head}${addr}${tail}${name ? `  ${name.text}` : ''}`;
  });
}
