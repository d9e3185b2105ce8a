// The Editor's compiler: vm/cc's buildProgram for the kernel's runtime,
// reading libc and its headers from the system image's texts (which
// web/tools/compiler-files.ts put there). It runs in its own worker
// (compile-worker.ts) in the browser and directly under Node in the tests.

import { buildProgram } from '../../../vm/cc/build.js';
import { LIBC_INCLUDE } from '../../../vm/cc/libc.js';
import { BuildOutcome, CompilerApi, HeaderFile, programName } from '../shared/build-protocol.js';
import { parseDiagnostics } from '../shared/diagnostics.js';
import { translateMessage } from '../shared/i18n/i18n.js';
import type { Message } from '../shared/i18n/i18n.js';
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
      return { ok: false, errors, diagnostics: parseDiagnostics(errors, new Map([[named.error, named.said]])), ms: performance.now() - started };
    }
    const r = buildProgram({ sources: [{ path: fileName, text }], runtime: 'kernel', readFile: (p) => this.texts.get(p) });
    const ms = performance.now() - started;
    if (!r.elf) {
      if (r.errors.length) return { ok: false, errors: r.errors, diagnostics: parseDiagnostics(r.errors, r.messages), ms };
      const said: Message = { key: 'editor.build-empty' };
      const errors = [translateMessage('en', said)];
      return { ok: false, errors, diagnostics: parseDiagnostics(errors, new Map([[errors[0], said]])), ms };
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
