// The Editor: write C in the page and build it with our compiler, off the
// UI thread (the compile worker). One CodeMirror view (editor-codemirror.ts)
// shows the open file; the files are tabs, kept in localStorage
// (editor-files.ts); new ones start from a template (editor-templates.ts);
// libc's headers under /usr/include open read-only. Build sends the file to
// the compile worker: errors become lint marks at their line and column and
// a list under the editor (click one to go there); a success says the
// program's size and the build time. Share copies a link with the file in
// its fragment (share-link.ts); an uploaded ELF is checked (elf-upload.ts).
// A built or uploaded program is handed to the host's programReady, the one
// place the install into /bin is called from; a build's goes with its
// source, so the Code view shows it. A click in the gutter (or on a line
// number) toggles a breakpoint on that line of the installed program, and
// the gutter marks the machine's breakpoints in the open file.

import type { EditorView } from '@codemirror/view';
import type { Remote } from 'comlink';
import type { HardwareConfig } from '../../../../vm/host/hardware.js';
import { programName } from '../../shared/build-protocol.js';
import type { CompilerApi, HeaderFile, ReadyProgram } from '../../shared/build-protocol.js';
import type { Snapshot } from '../../shared/protocol.js';
import { diagnosticRange } from '../../shared/diagnostics.js';
import type { Diagnostic } from '../../shared/diagnostics.js';
import { checkUpload } from '../../shared/elf-upload.js';
import { Panel, button, el } from '../dom.js';
import { createEditor, editorState, jumpTo, showBreakpoints, showDiagnostics } from '../editor-codemirror.js';
import { addFile, loadFiles, openFile, removeOpen, renameOpen, saveFiles, withText } from '../editor-files.js';
import type { EditorFile, EditorFiles } from '../editor-files.js';
import { TEMPLATES } from '../editor-templates.js';
import { decodeShare, shareUrl } from '../share-link.js';
import type { View } from './view.js';

export interface EditorHost {
  /** The compile worker, started on first use. */
  compiler(): Promise<Remote<CompilerApi>>;
  /** The hardware the machine boots on (for share links). */
  hardware(): HardwareConfig;
  /** A program is ready for /bin (built or uploaded): install it; resolves with what happened, in words. */
  programReady(p: ReadyProgram): Promise<{ ok: boolean; message: string }>;
  /** Show the Editor in place of the debugger's columns. */
  showEditor(): void;
  /** Toggle a breakpoint on a line of a file in the installed program; false when that line has no code there. */
  toggleBreakpoint(file: string, line: number, program: string): Promise<boolean>;
}

const kb = (n: number): string => (n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`);
const secs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

export class EditorPane implements View {
  readonly panel = new Panel('Editor', 'view-editor', 1);
  private readonly tabs = el('div', { class: 'editor-tabs', id: 'editor-tabs' });
  private readonly nameField = el('input', { id: 'editor-file-name', attrs: { type: 'text', spellcheck: 'false', size: '16', 'aria-label': 'File name' } });
  private readonly buildBtn = button('Build and install', 'compile and link the file, and install it into /bin of the running machine (Ctrl-Enter)', () => void this.build(), 'primary');
  private readonly templates = el('select', { id: 'editor-template', title: 'start a new file from a template' });
  private readonly headers = el('select', { id: 'editor-headers', title: "libc's headers, read-only" });
  private readonly upload = el('input', { id: 'editor-upload', attrs: { type: 'file', title: 'an ELF built with glassbox cc' } });
  private readonly shareField = el('input', { id: 'editor-share-link', attrs: { type: 'text', readonly: '', 'aria-label': 'share link', placeholder: 'share link' } });
  private readonly host = el('div', { class: 'editor-cm', id: 'editor-cm' });
  private readonly status = el('div', { class: 'editor-status', id: 'editor-status', attrs: { role: 'status' } });
  private readonly problems = el('ul', { class: 'editor-problems', id: 'editor-diagnostics' });
  private readonly cm: EditorView;
  private files: EditorFiles;
  /** The header shown instead of a file, if any. */
  private header: HeaderFile | undefined;
  private headerList: HeaderFile[] = [];
  private building = false;
  /** The breakpoint lines the gutter shows, as `file|lines` (redrawn only when it changes). */
  private shownBreakpoints = '';

  constructor(readonly app: EditorHost, private readonly store: Storage = localStorage) {
    this.files = loadFiles(store, TEMPLATES[0]);
    this.cm = createEditor(this.host, this.stateFor(openFile(this.files).text, false));
    this.buildBtn.id = 'btn-editor-build';
    this.templates.append(el('option', { text: 'new from template…', attrs: { value: '' } }),
      ...TEMPLATES.map((t, i) => el('option', { text: `${t.title} (${t.name})`, attrs: { value: String(i) } })));
    this.templates.addEventListener('change', () => this.fromTemplate());
    this.headers.append(el('option', { text: '/usr/include…', attrs: { value: '' } }));
    this.headers.addEventListener('focus', () => void this.loadHeaders(), { once: true });
    this.headers.addEventListener('change', () => this.openHeader(this.headers.value));
    this.nameField.addEventListener('change', () => this.rename());
    this.upload.addEventListener('change', () => void this.takeFiles(this.upload.files));
    const share = button('Share', 'copy a link that opens this file on this hardware and builds it', () => void this.share());
    share.id = 'btn-editor-share';
    const close = button('Close file', 'delete this file from the browser (the last one stays)', () => this.closeFile());
    close.id = 'btn-editor-close';
    this.panel.body.classList.add('editor-body');
    this.panel.body.append(
      this.tabs,
      el('div', { class: 'editor-controls' },
        el('label', { attrs: { for: 'editor-file-name' } }, 'File name '), this.nameField, this.buildBtn,
        this.templates, this.headers, close),
      this.host,
      this.status,
      this.problems,
      el('div', { class: 'editor-controls' }, share, this.shareField,
        el('label', { class: 'editor-upload', title: 'or drop an ELF file on the Editor' }, 'Upload ELF ', this.upload)),
    );
    this.panel.root.addEventListener('dragover', (ev) => ev.preventDefault());
    this.panel.root.addEventListener('drop', (ev) => {
      ev.preventDefault();
      void this.takeFiles(ev.dataTransfer?.files ?? null);
    });
    this.host.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        void this.build();
      }
    });
    this.drawTabs();
  }

  /** A link's file (`#code=…`): open it in the Editor and build it. */
  async openShared(hash: string): Promise<void> {
    const shared = decodeShare(hash);
    if (shared.error) {
      this.app.showEditor();
      this.status.textContent = shared.error;
      return;
    }
    if (!shared.file) return;
    const same = this.files.files.find((f) => f.name === shared.file!.name && f.text === shared.file!.text);
    this.switchTo(same ? { ...this.files, open: same.name } : addFile(this.files, shared.file));
    this.app.showEditor();
    await this.build();
  }

  private stateFor(text: string, readOnly: boolean) {
    return editorState(text, readOnly, (t) => {
      if (this.header) return;
      this.files = withText(this.files, t);
      this.persist();
    }, (line) => void this.toggleBreakpoint(line));
  }

  /** A gutter click on a line: a breakpoint there in the program this file installed as, or why not. */
  private async toggleBreakpoint(line: number): Promise<void> {
    if (this.header) return;
    const file = openFile(this.files).name;
    const named = programName(file);
    if ('error' in named) {
      this.status.textContent = named.error;
      return;
    }
    if (!(await this.app.toggleBreakpoint(file, line, named.name))) {
      this.status.textContent = `${file}:${line}: no code of /bin/${named.name} is on this line ` +
        '(a breakpoint needs a line with a statement, in a program built and installed from this file)';
      this.status.className = 'editor-status bad';
    }
  }

  private persist(): void {
    const err = saveFiles(this.store, this.files);
    if (err) this.status.textContent = err;
  }

  /** Show another files state (or a header), replacing the document. */
  private switchTo(files: EditorFiles, header?: HeaderFile): void {
    this.files = files;
    this.header = header;
    this.persist();
    this.cm.setState(this.stateFor(header ? header.text : openFile(files).text, !!header));
    this.shownBreakpoints = '';
    this.problems.replaceChildren();
    this.status.textContent = header ? `${header.path} (read-only)` : '';
    this.drawTabs();
  }

  private drawTabs(): void {
    const tab = (label: string, active: boolean, open: () => void, ro = false): HTMLElement => {
      const b = button(label, ro ? 'read-only' : 'open this file', open, active ? 'editor-tab active' : 'editor-tab');
      b.setAttribute('aria-pressed', String(active));
      return b;
    };
    this.tabs.replaceChildren(
      ...this.files.files.map((f) => tab(f.name, !this.header && f.name === this.files.open, () => this.switchTo({ ...this.files, open: f.name }))),
      ...(this.header ? [tab(this.header.path, true, () => undefined, true)] : []),
    );
    this.nameField.value = this.header ? this.header.path : this.files.open;
    this.nameField.disabled = !!this.header;
    this.buildBtn.disabled = !!this.header || this.building;
    this.panel.extra.textContent = this.header ? 'read-only' : `${this.files.files.length} file${this.files.files.length === 1 ? '' : 's'}`;
  }

  private fromTemplate(): void {
    const t = TEMPLATES[Number(this.templates.value)];
    this.templates.value = '';
    if (t) this.switchTo(addFile(this.files, t));
  }

  private rename(): void {
    const r = renameOpen(this.files, this.nameField.value.trim());
    if ('error' in r) {
      this.status.textContent = r.error;
      this.nameField.value = this.files.open;
      return;
    }
    this.switchTo(r);
  }

  private closeFile(): void {
    if (this.header) this.switchTo(this.files);
    else this.switchTo(removeOpen(this.files));
  }

  private async loadHeaders(): Promise<void> {
    if (this.headerList.length) return;
    try {
      this.headerList = await (await this.app.compiler()).headers();
    } catch (e) {
      this.status.textContent = e instanceof Error ? e.message : String(e);
      return;
    }
    this.headers.append(...this.headerList.map((h) => el('option', { text: h.path, attrs: { value: h.path } })));
  }

  private openHeader(path: string): void {
    this.headers.value = '';
    const h = this.headerList.find((x) => x.path === path);
    if (h) this.switchTo(this.files, h);
  }

  private async build(): Promise<void> {
    if (this.header || this.building) return;
    if (this.nameField.value.trim() !== this.files.open) this.rename();
    const file: EditorFile = openFile(this.files);
    this.building = true;
    this.drawTabs();
    this.status.textContent = `building ${file.name}…`;
    this.status.className = 'editor-status';
    try {
      const r = await (await this.app.compiler()).build(file.name, file.text);
      if (openFile(this.files).name !== file.name || this.header) return; // another file is open now
      if (r.ok) {
        showDiagnostics(this.cm, []);
        this.problems.replaceChildren();
        const built = `Built ${r.name}: ${kb(r.elf.length)} in ${secs(r.ms)}`;
        this.status.textContent = `${built}; installing into /bin…`;
        this.status.className = 'editor-status good';
        this.status.dataset.ms = String(r.ms);
        await this.install(built, { name: r.name, elf: r.elf, from: 'build', sources: [{ path: file.name, text: file.text }] });
      } else {
        this.showProblems(file, r.diagnostics);
        this.status.textContent = `${file.name}: ${r.diagnostics.length} error${r.diagnostics.length === 1 ? '' : 's'} (${secs(r.ms)})`;
        this.status.className = 'editor-status bad';
      }
    } catch (e) {
      this.status.textContent = `the build failed: ${e instanceof Error ? e.message : String(e)}`;
      this.status.className = 'editor-status bad';
    } finally {
      this.building = false;
      this.drawTabs();
    }
  }

  /** Hand the program to the host for /bin and say how it went after `what` (the build's or upload's line). */
  private async install(what: string, p: ReadyProgram): Promise<void> {
    const r = await this.app.programReady(p);
    this.status.textContent = `${what}; ${r.message}`;
    this.status.className = `editor-status ${r.ok ? 'good' : 'bad'}`;
  }

  private showProblems(file: EditorFile, ds: Diagnostic[]): void {
    const doc = this.cm.state.doc.toString();
    const marks = ds.map((d) => ({ ...diagnosticRange(doc, d, file.name), message: d.message, d }));
    showDiagnostics(this.cm, marks);
    this.problems.replaceChildren(...marks.map((m) => {
      const where = m.d.line > 0 ? `${m.d.file}:${m.d.line}:${m.d.col}` : '';
      const li = el('li', { title: m.d.text, attrs: { 'data-line': String(m.d.line), 'data-col': String(m.d.col) } },
        el('span', { class: 'where', text: where }), ` ${m.message}`);
      li.addEventListener('click', () => jumpTo(this.cm, m.from));
      return li;
    }));
  }

  private async share(): Promise<void> {
    const f = openFile(this.files);
    const link = shareUrl(location, this.app.hardware(), f);
    this.shareField.value = link;
    try {
      await navigator.clipboard.writeText(link);
      this.status.textContent = `a link to ${f.name} is on the clipboard (${link.length} characters)`;
    } catch {
      this.shareField.select();
      this.status.textContent = 'the browser refused the clipboard: copy the link beside Share';
    }
  }

  private async takeFiles(list: FileList | null): Promise<void> {
    const f = list?.[0];
    if (!f) return;
    const r = checkUpload(f.name, new Uint8Array(await f.arrayBuffer()));
    this.upload.value = '';
    if (!r.ok) {
      this.status.textContent = r.message;
      this.status.className = 'editor-status bad';
      return;
    }
    const checked = `${f.name}: a valid program (${kb(r.program.elf.length)})`;
    this.status.textContent = `${checked}, installing into /bin as ${r.program.name}…`;
    this.status.className = 'editor-status good';
    await this.install(checked, r.program);
  }

  /** Mark the machine's breakpoints on the open file's lines (in the program it installs as). */
  update(s: Snapshot): void {
    const file = this.header ? '' : this.files.open;
    const named = programName(file);
    const space = 'name' in named ? named.name : undefined;
    const lines = s.breakpoints.filter((b) => b.space === space && b.file === file && b.line !== undefined).map((b) => b.line!);
    const key = `${file}|${lines.join(',')}`;
    if (key === this.shownBreakpoints) return;
    this.shownBreakpoints = key;
    showBreakpoints(this.cm, lines);
  }
}
