// The Editor's compiler: vm/cc's buildProgram for the kernel's runtime,
// reading libc and its headers from the system image's texts (which
// web/tools/compiler-files.ts put there). It runs in its own worker
// (compile-worker.ts) in the browser and directly under Node in the tests.

import { buildProgram } from '../../../vm/cc/build.js';
import { LIBC_INCLUDE } from '../../../vm/cc/libc.js';
import { BuildOutcome, CompilerApi, HeaderFile, programName } from '../shared/build-protocol.js';
import { parseDiagnostics } from '../shared/diagnostics.js';
import { fetchImage } from '../shared/image.js';

export class Compiler implements CompilerApi {
  private texts = new Map<string, string>();

  async load(imageUrl: string): Promise<void> {
    this.loadTexts((await fetchImage(imageUrl)).image.texts);
  }

  /** Take the image's texts (tests call this directly). */
  loadTexts(texts: Map<string, string>): void {
    this.texts = texts;
  }

  async build(fileName: string, text: string): Promise<BuildOutcome> {
    const started = performance.now();
    const named = programName(fileName);
    if ('error' in named) {
      const errors = [named.error];
      return { ok: false, errors, diagnostics: parseDiagnostics(errors), ms: performance.now() - started };
    }
    const r = buildProgram({ sources: [{ path: fileName, text }], runtime: 'kernel', readFile: (p) => this.texts.get(p) });
    const ms = performance.now() - started;
    if (!r.elf) {
      const errors = r.errors.length ? r.errors : ['the build produced no program and no message'];
      return { ok: false, errors, diagnostics: parseDiagnostics(errors), ms };
    }
    return { ok: true, name: named.name, elf: r.elf, ms };
  }

  async headers(): Promise<HeaderFile[]> {
    const out: HeaderFile[] = [];
    for (const [p, text] of this.texts) {
      if (p.startsWith(`${LIBC_INCLUDE}/`)) out.push({ path: `/usr/include/${p.slice(LIBC_INCLUDE.length + 1)}`, text });
    }
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }
}
