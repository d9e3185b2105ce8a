// The compile worker: the Editor's builds run here, on a thread of their
// own, not in the machine's worker. A build takes a good part of a second
// (libc's C files are compiled on the first one); in the machine's worker
// it would hold up the run loop's slices for that long and the guest would
// visibly stop, while here the machine keeps running and the page stays
// responsive. It fetches the same system image (from the browser's cache)
// for libc's sources and headers. Comlink exposes compiler.ts's Compiler.

import { expose } from 'comlink';
import { Compiler } from './compiler.js';

expose(new Compiler());
