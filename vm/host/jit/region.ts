// A region: hot blocks of one 4 KiB page in one WebAssembly function, so
// that control moving from block to block of the page (a loop that calls a
// function, a switch, a function called from two places) stays inside it.
//
// The function has a block's signature (eip, host address of eip, deadline)
// and this shape:
//
//   prologue (the page, its PAGES word)
//   out: block
//     dispatch: loop
//       chain: block
//         default: block
//           (one block label per guest block)
//             br_table on the page offset of L_P → the guest block's code
//           each guest block (compile.ts emitBlock): state into locals, its
//           instructions, every exit to its epilogue: locals into the
//           machine, then CHAIN → chain, anything else → out
//         end default: the offset is no block of the region → leave CHAIN
//       end chain: a CHAIN exit, L_NEIP the next eip → the chain check
//     end dispatch
//   end out: epilogue (eip into the machine), the exit code returned
//
// Between two blocks the guest state goes through the machine's memory, as
// between two functions: each block loads it and stores what it changed.
// Keeping it in locals from block to block saves those few loads and stores
// but makes every value live across the whole function, and V8's register
// allocation then costs more than the function is worth (on the boot
// bench's pipeline, a 92 KB region took 129 ms to optimize with the state in
// locals, a 109 KB one 97 ms with it in memory). What a region saves is the
// rest of a block change: the return to the core, the run loop, the block
// map probe, the deadline computed again, the indirect call.
//
// The chain check continues inside exactly when the run loop, after the
// block returned CHAIN, would have entered the block at the next eip at once
// (cpu.ts chainNext, jit.ts probe), and the block it would enter is this
// region's: the next eip is in the interpreter's fetch window (a slow path
// may have dropped it), the host address the window gives for it is on this
// page and is one of the region's block entries (the dispatch), and the
// page's PAGES word is the one it had at the entry (no store wrote the page:
// every block of the region is compiled from its current bytes, installed
// with that word). (The probe would also fail if another address had taken
// the block's slot in the core's direct-mapped block map; the region runs
// the block then too: what runs a block never changes what it does.) The
// deadline: chainNext would hand the next block
// computeDeadline(cycles now), which is never earlier than the deadline this
// function was entered with (the state it depends on — budget end, timer,
// interrupt lines, IF, halted or stop flags — is not changed by anything a
// block does; only its cap of now + MAX_STRETCH moves, later). Every block
// starts with its deadline checkpoint against the entry deadline, so it
// leaves NEAR where it must and the interpreter runs the last instructions
// one by one, as after any NEAR exit; at worst earlier than the run loop
// would have, never later. What the run loop does between two blocks that a
// region skips changes no state: accountFastHits() only moves the TLB hit
// count from the clock to the counter, and it runs when the function
// returns (and before every slow path: mmu.ts sync), so the count is the
// same wherever anything reads it.
//
// The region's blocks are hot block entries of the page (tier.ts decides
// which); the key names its code for the caches: every block's key (with its
// page offset), in offset order. The code never depends on the page's host
// address (it takes it from L_P at the entry), so one function serves any
// page holding the same bytes.

import { JIT_EXIT } from '../../isa/machine.js';
import { Func, Label } from './wasm.js';
import { CodeSource, Insn, blockKey } from './decode.js';
import {
  BLOCK_LOCALS, Block, Frame, JitLayout, L_CODE, L_EIP, L_MYFLAG, L_NEIP, L_P, L_PAGE, L_T, L_WORD,
} from './block.js';
import { emitBlock } from './compile.js';

/** One block of a region: its page offset and instructions (decoded, non-empty). */
export interface RegionBlock {
  off: number;
  insns: Insn[];
}

/** The cache key of a region (blocks in offset order): everything its code depends on besides the layout. */
export function regionKey(src: CodeSource, blocks: RegionBlock[]): string {
  return blocks.map((blk) => blockKey(src, blk.off, blk.insns)).join('|');
}

/** Compiles the blocks (in offset order, distinct offsets) of one page into a function named `name`. */
export function compileRegion(src: CodeSource, layout: JitLayout, blocks: RegionBlock[], name: string): Func {
  const f = new Frame(src, layout);
  const b = f.b;
  f.enter();
  f.out = b.block();
  const dispatch = b.loop();
  f.chain = b.block();
  const dflt = b.block();
  const labels: Label[] = [];
  for (let k = blocks.length - 1; k >= 0; k--) labels[k] = b.block();
  emitDispatch(f, blocks, labels, dflt);
  for (let k = 0; k < blocks.length; k++) {
    b.end(); // block k's label: its code follows
    emitBlock(new Block(f, blocks[k].off, blocks[k].insns));
  }
  b.end(); // default
  b.i32(JIT_EXIT.CHAIN).set(L_CODE).get(L_EIP).set(L_NEIP).br(f.out);
  b.end(); // chain
  emitChainCheck(f, dispatch);
  b.end(); // dispatch
  b.end(); // out
  f.leave();
  return { name, locals: BLOCK_LOCALS, body: b };
}

/**
 * The br_table on L_P's page offset: (offset - first) / step, where step is 4
 * when every entry is 4-aligned relative to the first (a rotation turns any
 * other offset, and any below the first, into an index past the table).
 */
function emitDispatch(f: Frame, blocks: RegionBlock[], labels: Label[], dflt: Label): void {
  const b = f.b;
  const first = blocks[0].off;
  const aligned = blocks.every((blk) => ((blk.off - first) & 3) === 0);
  const shift = aligned ? 2 : 0;
  const table: Label[] = new Array<Label>(((blocks[blocks.length - 1].off - first) >>> shift) + 1).fill(dflt);
  blocks.forEach((blk, k) => { table[(blk.off - first) >>> shift] = labels[k]; });
  b.get(L_P).i32(0xfff).and();
  if (first !== 0) b.i32(first).sub();
  if (shift !== 0) b.i32(shift).rotr();
  b.brTable(table, dflt);
}

/**
 * After a CHAIN exit (L_NEIP the next eip): go round to the dispatch with
 * L_EIP and L_P at the next eip when the run loop would enter a block of
 * this region there at once (the header says when); else leave CHAIN.
 */
function emitChainCheck(f: Frame, dispatch: Label): void {
  const b = f.b;
  const L = f.L;
  // (L_CODE is CHAIN: a block's epilogue only comes here with it.)
  // In the fetch window: its offset there, and the host address it gives.
  b.get(L_NEIP).loadAt32(L.FETCH_BASE).sub().tee(L_T).loadAt32(L.FETCH_LEN).geU().brIf(f.out);
  b.loadAt32(L.FETCH_HOST).get(L_T).add().tee(L_T).get(L_PAGE).sub().i32(4096).geU().brIf(f.out);
  // The page unwritten since the entry.
  b.get(L_MYFLAG).load32().get(L_WORD).ne().brIf(f.out);
  b.get(L_NEIP).set(L_EIP).get(L_T).set(L_P);
  b.br(dispatch);
}
