// CodeMirror 6 as the Editor uses it: basicSetup (line numbers, bracket
// matching, search, history, CodeMirror's default keys), C highlighting
// from @codemirror/lang-cpp, the lint gutter for the compiler's
// diagnostics, a breakpoint gutter (a click on it or on a line number asks
// for a breakpoint on that line of the installed program; the marks show
// the machine's breakpoints), a steady cursor (the blink cost a style
// recalculation every frame), a dark theme matching the page, and read-only
// documents for the headers. The Editor view (views/editor-view.ts) owns one
// EditorView and swaps whole states in it when another file is opened.
// CodeMirror's own words (its search panel, go to line, folding, lint) are
// phrases from the message catalogue, swapped on a language switch.

import { cpp } from '@codemirror/lang-cpp';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import type { Diagnostic as LintDiagnostic } from '@codemirror/lint';
import { Compartment, EditorState, RangeSet, StateEffect, StateField } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { GutterMarker, drawSelection, gutter, lineNumbers } from '@codemirror/view';
import type { BlockInfo } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { basicSetup, EditorView } from 'codemirror';
import type { MessageKey } from '../shared/i18n/i18n.js';
import { t as tr } from './locale.js';

/** Colours for C on the dark page (basicSetup's default style is for light backgrounds). */
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.modifier], color: '#c792ea' },
  { tag: [t.typeName, t.standard(t.typeName)], color: '#ffcb6b' },
  { tag: [t.string, t.character], color: '#c3e88d' },
  { tag: [t.number, t.bool, t.null], color: '#f78c6c' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: '#7f8a9c', fontStyle: 'italic' },
  { tag: [t.processingInstruction, t.macroName], color: '#89ddff' },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName))], color: '#82aaff' },
  { tag: t.operator, color: '#89ddff' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: '#0b0d10', color: '#d6dbe4', fontSize: '12.5px' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace" },
  '.cm-gutters': { backgroundColor: '#11151b', color: '#6b7382', borderRight: '1px solid #2a303b' },
  '.cm-activeLine': { backgroundColor: '#161c26' },
  '.cm-activeLineGutter': { backgroundColor: '#1c2430' },
  '&.cm-focused .cm-cursor': { borderLeftColor: '#5fb3ff' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#3a4a66' },
  '.cm-panels': { backgroundColor: '#1c212a', color: '#d6dbe4' },
  '.cm-breakpoint-gutter .cm-gutterElement': { color: '#ff5f56', cursor: 'pointer', paddingLeft: '3px' },
  '.cm-lineNumbers .cm-gutterElement': { cursor: 'pointer' },
}, { dark: true });

/** The lines that have a breakpoint, as the machine says: replaced whole. */
const setBreakpointLines = StateEffect.define<number[]>();

class BreakpointMark extends GutterMarker {
  toDOM(): Node {
    return document.createTextNode('●');
  }
}
const BREAKPOINT = new BreakpointMark();

const breakpointMarks = StateField.define<RangeSet<GutterMarker>>({
  create: () => RangeSet.empty,
  update(marks, tr) {
    let out = marks.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setBreakpointLines)) continue;
      const doc = tr.state.doc;
      const lines = [...new Set(e.value)].filter((n) => n >= 1 && n <= doc.lines).sort((a, b) => a - b);
      out = RangeSet.of(lines.map((n) => BREAKPOINT.range(doc.line(n).from)));
    }
    return out;
  },
});

/** The breakpoint gutter; a mouse-down on it or on a line number calls onLine with the line's number. */
function breakpointGutter(onLine: (line: number) => void): Extension {
  const domEventHandlers = {
    mousedown(view: EditorView, block: BlockInfo): boolean {
      onLine(view.state.doc.lineAt(block.from).number);
      return true;
    },
  };
  return [
    breakpointMarks,
    gutter({
      class: 'cm-breakpoint-gutter',
      markers: (v) => v.state.field(breakpointMarks),
      initialSpacer: () => BREAKPOINT,
      domEventHandlers,
    }),
    lineNumbers({ domEventHandlers }),
  ];
}

/** Show breakpoint marks on these lines (1-based), and none elsewhere. */
export function showBreakpoints(view: EditorView, lines: number[]): void {
  view.dispatch({ effects: setBreakpointLines.of(lines) });
}

/** CodeMirror's phrases (its English words) and their catalogue keys. */
export const PHRASES: readonly [string, MessageKey][] = [
  ['Find', 'cm.find'],
  ['Replace', 'cm.replace-field'],
  ['next', 'cm.next'],
  ['previous', 'cm.previous'],
  ['all', 'cm.all'],
  ['match case', 'cm.match-case'],
  ['regexp', 'cm.regexp'],
  ['by word', 'cm.by-word'],
  ['replace', 'cm.replace'],
  ['replace all', 'cm.replace-all'],
  ['close', 'cm.close'],
  ['current match', 'cm.current-match'],
  ['on line', 'cm.on-line'],
  ['replaced match on line $', 'cm.replaced-match-on-line-n'],
  ['replaced $ matches', 'cm.replaced-n-matches'],
  ['Go to line', 'cm.go-to-line'],
  ['go', 'cm.go'],
  ['folded code', 'cm.folded-code'],
  ['unfold', 'cm.unfold'],
  ['to', 'cm.to'],
  ['Diagnostics', 'cm.diagnostics'],
  ['No diagnostics', 'cm.no-diagnostics'],
  ['Selection deleted', 'cm.selection-deleted'],
  ['Control character', 'cm.control-character'],
  ['Completions', 'cm.completions'],
  ['Fold line', 'cm.fold-line'],
  ['Unfold line', 'cm.unfold-line'],
  ['Folded lines', 'cm.folded-lines'],
];

const phrases = new Compartment();

function phrasesNow(): Extension {
  return EditorState.phrases.of(Object.fromEntries(PHRASES.map(([en, key]) => [en, tr(key)])));
}

/** Say CodeMirror's words in the page's language (after a switch). */
export function relabelEditor(view: EditorView): void {
  view.dispatch({ effects: phrases.reconfigure(phrasesNow()) });
}

/** A document's state: its text, C mode, and read-only when it is a header; a gutter click calls onGutter. */
export function editorState(
  text: string, readOnly: boolean, onChange: (text: string) => void, onGutter: (line: number) => void,
): EditorState {
  return EditorState.create({
    doc: text,
    extensions: [
      basicSetup,
      cpp(),
      syntaxHighlighting(highlight),
      lintGutter(),
      breakpointGutter(onGutter),
      // A steady cursor: CodeMirror's blink is a CSS animation, and while the
      // editor has focus it made Chromium recompute styles every frame (about
      // 50 times a second more), main-thread time taken from the machine.
      drawSelection({ cursorBlinkRate: 0 }),
      theme,
      phrases.of(phrasesNow()),
      EditorState.readOnly.of(readOnly),
      EditorView.editable.of(!readOnly),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) onChange(u.state.doc.toString());
      }),
    ],
  });
}

export function createEditor(parent: HTMLElement, state: EditorState): EditorView {
  return new EditorView({ state, parent });
}

/** Show the compiler's diagnostics (already mapped to character ranges) in the editor. */
export function showDiagnostics(view: EditorView, ds: { from: number; to: number; message: string }[]): void {
  const lint: LintDiagnostic[] = ds.map((d) => ({ from: d.from, to: d.to, severity: 'error', message: d.message, source: 'glassbox cc' }));
  view.dispatch(setDiagnostics(view.state, lint));
}

/** Put the cursor at a position, scroll it into view, focus the editor. */
export function jumpTo(view: EditorView, pos: number): void {
  view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  view.focus();
}
