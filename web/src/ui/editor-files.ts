// The Editor's files and which one is open, kept in the browser's
// localStorage under one key as JSON, so they survive a reload. The model is
// plain functions over a value (EditorFiles) and a Storage-like object, so
// the tests can drive it without a browser; the view calls save() after
// every change. A stored value that cannot be read starts afresh with the
// first template rather than failing the page.

import type { Message } from '../shared/i18n/i18n.js';
export interface EditorFile {
  name: string;
  text: string;
}

export interface EditorFiles {
  files: EditorFile[];
  /** Name of the open file. */
  open: string;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const STORAGE_KEY = 'glassbox.editor.files.v1';

function valid(v: unknown): v is EditorFiles {
  const o = v as EditorFiles;
  return !!o && Array.isArray(o.files) && o.files.length > 0 && typeof o.open === 'string' &&
    o.files.every((f) => typeof f?.name === 'string' && typeof f?.text === 'string');
}

/** The stored files, or `fresh` when there are none (or they are unreadable). */
export function loadFiles(store: KeyValueStore, fresh: EditorFile): EditorFiles {
  try {
    const raw = store.getItem(STORAGE_KEY);
    const v = raw === null ? undefined : (JSON.parse(raw) as unknown);
    if (valid(v)) return { files: v.files, open: v.files.some((f) => f.name === v.open) ? v.open : v.files[0].name };
  } catch {
    // fall through: start afresh
  }
  return { files: [{ ...fresh }], open: fresh.name };
}

/** Write the files; a full or refused storage is reported, not thrown. */
export function saveFiles(store: KeyValueStore, state: EditorFiles): Message | undefined {
  try {
    store.setItem(STORAGE_KEY, JSON.stringify(state));
    return undefined;
  } catch (e) {
    return { key: 'editor.files.unsaved', params: { error: e instanceof Error ? e.message : String(e) } };
  }
}

export function openFile(state: EditorFiles): EditorFile {
  return state.files.find((f) => f.name === state.open) ?? state.files[0];
}

/** The state with the open file's text replaced. */
export function withText(state: EditorFiles, text: string): EditorFiles {
  return { ...state, files: state.files.map((f) => (f.name === state.open ? { ...f, text } : f)) };
}

/** A name not yet taken: `name`, else `base-2.c`, `base-3.c` … */
export function freeName(state: EditorFiles, name: string): string {
  if (!state.files.some((f) => f.name === name)) return name;
  const base = name.replace(/\.c$/, '');
  for (let i = 2; ; i++) if (!state.files.some((f) => f.name === `${base}-${i}.c`)) return `${base}-${i}.c`;
}

/** Add a file (renamed if its name is taken) and open it. */
export function addFile(state: EditorFiles, file: EditorFile): EditorFiles {
  const name = freeName(state, file.name);
  return { files: [...state.files, { name, text: file.text }], open: name };
}

/** Rename the open file; an empty or taken name is an error. */
export function renameOpen(state: EditorFiles, name: string): EditorFiles | { error: Message } {
  if (name === state.open) return state;
  if (!name) return { error: { key: 'editor.name.empty' } };
  if (state.files.some((f) => f.name === name)) return { error: { key: 'editor.name.taken', params: { name } } };
  return { files: state.files.map((f) => (f.name === state.open ? { ...f, name } : f)), open: name };
}

/** Close (delete) the open file; the last one cannot go. */
export function removeOpen(state: EditorFiles): EditorFiles {
  if (state.files.length <= 1) return state;
  const i = state.files.findIndex((f) => f.name === state.open);
  const files = state.files.filter((f) => f.name !== state.open);
  return { files, open: files[Math.max(0, i - 1)].name };
}
