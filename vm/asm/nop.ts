// The encoded `nop` instruction word, used to pad .text for alignment, so
// padding disassembles as instructions rather than as undefined opcodes.

import { FORMS_BY_MNEMONIC } from '../isa/isa.js';
import { blankInstruction, encode } from '../isa/encoding.js';

export const NOP_WORD: number = new DataView(encode(blankInstruction(FORMS_BY_MNEMONIC.get('nop')![0])).buffer).getUint32(0, true);
