// The Web Worker entry: the Emulator, exposed to the page with Comlink.
// Everything the machine does happens on this thread, so the page never
// freezes however hard the guest works.

import { expose } from 'comlink';
import { Emulator } from './emulator.js';

expose(new Emulator());
