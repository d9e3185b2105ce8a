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
import { diagnosticRange, diagnosticText } from '../../shared/diagnostics.js';
import type { Diagnostic } from '../../shared/diagnostics.js';
import { checkUpload } from '../../shared/elf-upload.js';
import { Panel, button, el, labelledButton, localize } from '../dom.js';
import { createEditor, editorState, jumpTo, relabelEditor, showBreakpoints, showDiagnostics } from '../editor-codemirror.js';
import { addFile, loadFiles, openFile, removeOpen, renameOpen, saveFiles, withText } from '../editor-files.js';
import type { EditorFile, EditorFiles } from '../editor-files.js';
import { TEMPLATES } from '../editor-templates.js';
import { fmt, onLangChange, t, translateMessage } from '../locale.js';
import { decodeShare, shareUrl } from '../share-link.js';
import type { View } from './view.js';

export interface EditorHost {
  /** The compile worker, started on first use. */
  compiler(): Promise<Remote<CompilerApi>>;
  /** The hardware the machine boots on (for share links). */
  hardware(): HardwareConfig;
  /** A program is ready for /bin (built or uploaded): install it; resolves with what happened, in words (in the page's language when called). */
  programReady(p: ReadyProgram): Promise<{ ok: boolean; message: () => string }>;
  /** Show the Editor in place of the debugger's columns. */
  showEditor(): void;
  /** Toggle a breakpoint on a line of a file in the installed program; false when that line has no code there. */
  toggleBreakpoint(file: string, line: number, program: string): Promise<boolean>;
}

const kb = (n: number): string => (n >= 1024 ? `${fmt(n / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} KiB` : t('editor.bytes', { n }));
const secs = (ms: number): string => (ms >= 1000 ? `${fmt(ms / 1000, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} s` : `${fmt(Math.round(ms))} ms`);

export class EditorPane implements View {
  readonly panel = new Panel('editor.title', 'view-editor', 1);
  private readonly tabs = el('div', { class: 'editor-tabs', id: 'editor-tabs' });
  private readonly nameField = el('input', { id: 'editor-file-name', attrs: { type: 'text', spellcheck: 'false', size: '16' } });
  private readonly buildBtn = labelledButton('editor.build', 'editor.build.title', () => void this.build(), 'primary');
  private readonly templates = localize(el('select', { id: 'editor-template' }), undefined, () => t('editor.templates.title'));
  private readonly headers = localize(el('select', { id: 'editor-headers' }), undefined, () => t('editor.headers.title'));
  private readonly upload = localize(el('input', { id: 'editor-upload', attrs: { type: 'file' } }), undefined, () => t('editor.upload.title'));
  private readonly shareField = el('input', { id: 'editor-share-link', attrs: { type: 'text', readonly: '' } });
  private readonly host = el('div', { class: 'editor-cm', id: 'editor-cm' });
  private readonly status = el('div', { class: 'editor-status', id: 'editor-status', attrs: { role: 'status' } });
  private readonly problems = el('ul', { class: 'editor-problems', id: 'editor-diagnostics' });
  /** The diagnostics the list shows (drawn again after a language switch). */
  private shownProblems: [EditorFile, Diagnostic[]] | undefined;
  private readonly cm: EditorView;
  private files: EditorFiles;
  /** The header shown instead of a file, if any. */
  private header: HeaderFile | undefined;
  private headerList: HeaderFile[] = [];
  private building = false;
  /** The breakpoint lines the gutter shows, as `file|lines` (redrawn only when it changes). */
  private shownBreakpoints = '';
  /** What the status line says, kept as a function so a language switch says it again. */
  private statusText: () => string = () => '';

  constructor(readonly app: EditorHost, private readonly store: Storage = localStorage) {
    this.files = loadFiles(store, TEMPLATES[0]);
    this.cm = createEditor(this.host, this.stateFor(openFile(this.files).text, false));
    this.buildBtn.id = 'btn-editor-build';
    this.templates.append(localize(el('option', { attrs: { value: '' } }), () => t('editor.templates.new')),
      ...TEMPLATES.map((tpl, i) => localize(el('option', { attrs: { value: String(i) } }), () => `${t(tpl.title)} (${tpl.name})`)));
    this.templates.addEventListener('change', () => this.fromTemplate());
    this.headers.append(el('option', { text: '/usr/include…', attrs: { value: '' } }));
    this.headers.addEventListener('focus', () => void this.loadHeaders(), { once: true });
    this.headers.addEventListener('change', () => this.openHeader(this.headers.value));
    this.nameField.addEventListener('change', () => this.rename());
    this.upload.addEventListener('change', () => void this.takeFiles(this.upload.files));
    const share = labelledButton('editor.share', 'editor.share.title', () => void this.share());
    share.id = 'btn-editor-share';
    const close = labelledButton('editor.close', 'editor.close.title', () => this.closeFile());
    close.id = 'btn-editor-close';
    this.panel.body.classList.add('editor-body');
    this.panel.body.append(
      this.tabs,
      el('div', { class: 'editor-controls' },
        localize(el('label', { attrs: { for: 'editor-file-name' } }), () => `${t('editor.file-name')} `), this.nameField, this.buildBtn,
        this.templates, this.headers, close),
      this.host,
      this.status,
      this.problems,
      el('div', { class: 'editor-controls' }, share, this.shareField,
        localize(el('label', { class: 'editor-upload' }, localize(el('span'), () => `${t('editor.upload')} `), this.upload), undefined, () => t('editor.upload.drop'))),
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
    this.relabelFields();
    onLangChange(() => {
      relabelEditor(this.cm);
      this.relabelFields();
      this.drawTabs();
      this.status.textContent = this.statusText();
      if (this.shownProblems) this.showProblems(...this.shownProblems);
    });
  }

  /** The fields' names and hints in the page's language. */
  private relabelFields(): void {
    this.nameField.setAttribute('aria-label', t('editor.file-name'));
    this.shareField.setAttribute('aria-label', t('editor.share-link'));
    this.shareField.placeholder = t('editor.share-link');
  }

  /** Say `text` on the status line (again after a language switch), good, bad or neutral. */
  private say(text: () => string, mood?: 'good' | 'bad'): void {
    this.statusText = text;
    this.status.textContent = text();
    if (mood !== undefined) this.status.className = `editor-status ${mood}`;
  }

  /** A link's file (`#code=…`): open it in the Editor and build it. */
  async openShared(hash: string): Promise<void> {
    const shared = decodeShare(hash);
    if (shared.error) {
      this.app.showEditor();
      const error = shared.error;
      this.say(() => translateMessage(error));
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
      const said = named.said;
      this.say(() => translateMessage(said));
      return;
    }
    if (!(await this.app.toggleBreakpoint(file, line, named.name))) {
      this.say(() => t('editor.no-code-line', { where: `${file}:${line}`, program: named.name }), 'bad');
    }
  }

  private persist(): void {
    const err = saveFiles(this.store, this.files);
    if (err) this.say(() => translateMessage(err));
  }

  /** Show another files state (or a header), replacing the document. */
  private switchTo(files: EditorFiles, header?: HeaderFile): void {
    this.files = files;
    this.header = header;
    this.persist();
    this.cm.setState(this.stateFor(header ? header.text : openFile(files).text, !!header));
    this.shownBreakpoints = '';
    this.problems.replaceChildren();
    this.shownProblems = undefined;
    this.say(() => (header ? t('editor.header.read-only', { path: header.path }) : ''));
    this.drawTabs();
  }

  private drawTabs(): void {
    const tab = (label: string, active: boolean, open: () => void, ro = false): HTMLElement => {
      const b = button(label, t(ro ? 'editor.tab.read-only' : 'editor.tab.open'), open, active ? 'editor-tab active' : 'editor-tab');
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
    const n = this.files.files.length;
    this.panel.extra.textContent = this.header ? t('editor.tab.read-only') : t(n === 1 ? 'editor.files.one' : 'editor.files', { n });
  }

  private fromTemplate(): void {
    const t = TEMPLATES[Number(this.templates.value)];
    this.templates.value = '';
    if (t) this.switchTo(addFile(this.files, t));
  }

  private rename(): void {
    const r = renameOpen(this.files, this.nameField.value.trim());
    if ('error' in r) {
      const error = r.error;
      this.say(() => translateMessage(error));
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
      const error = e instanceof Error ? e.message : String(e);
      this.say(() => error);
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
    this.say(() => t('editor.building', { name: file.name }));
    this.status.className = 'editor-status';
    try {
      const r = await (await this.app.compiler()).build(file.name, file.text);
      if (openFile(this.files).name !== file.name || this.header) return; // another file is open now
      if (r.ok) {
        showDiagnostics(this.cm, []);
        this.problems.replaceChildren();
        this.shownProblems = undefined;
        const built = (): string => t('editor.built', { name: r.name, size: kb(r.elf.length), time: secs(r.ms) });
        this.say(() => `${built()}; ${t('editor.installing')}`, 'good');
        this.status.dataset.ms = String(r.ms);
        await this.install(built, { name: r.name, elf: r.elf, from: 'build', sources: [{ path: file.name, text: file.text }] });
      } else {
        this.showProblems(file, r.diagnostics);
        const n = r.diagnostics.length;
        this.say(() => t(n === 1 ? 'editor.errors.one' : 'editor.errors', { name: file.name, n, time: secs(r.ms) }), 'bad');
      }
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.say(() => t('editor.build-failed', { error }), 'bad');
    } finally {
      this.building = false;
      this.drawTabs();
    }
  }

  /** Hand the program to the host for /bin and say how it went after `what` (the build's or upload's line). */
  private async install(what: () => string, p: ReadyProgram): Promise<void> {
    const r = await this.app.programReady(p);
    this.say(() => `${what()}; ${r.message()}`, r.ok ? 'good' : 'bad');
  }

  /** A build's diagnostics in the page's language: the compiler's message when it gave one, else its English. */
  private showProblems(file: EditorFile, ds: Diagnostic[]): void {
    this.shownProblems = [file, ds];
    const doc = this.cm.state.doc.toString();
    const marks = ds.map((d) => ({ ...diagnosticRange(doc, d, file.name), message: d.said ? translateMessage(d.said) : d.message, d }));
    showDiagnostics(this.cm, marks);
    this.problems.replaceChildren(...marks.map((m) => {
      const where = m.d.line > 0 ? `${m.d.file}:${m.d.line}:${m.d.col}` : '';
      const li = el('li', { title: diagnosticText(m.d, m.message), attrs: { 'data-line': String(m.d.line), 'data-col': String(m.d.col) } },
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
      this.say(() => t('editor.shared', { name: f.name, n: link.length }));
    } catch {
      this.shareField.select();
      this.say(() => t('editor.clipboard-refused'));
    }
  }

  private async takeFiles(list: FileList | null): Promise<void> {
    const f = list?.[0];
    if (!f) return;
    const r = checkUpload(f.name, new Uint8Array(await f.arrayBuffer()));
    this.upload.value = '';
    if (!r.ok) {
      const error = r.message;
      this.say(() => translateMessage(error), 'bad');
      return;
    }
    const checked = (): string => t('editor.upload.valid', { name: f.name, size: kb(r.program.elf.length) });
    this.say(() => `${checked()}, ${t('editor.upload.installing', { name: r.program.name })}`, 'good');
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
