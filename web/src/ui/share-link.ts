// A link that carries a program: the file's name and text, deflated with
// fflate and base64url-encoded into the URL fragment (`#code=…`), after the
// page's address with the machine's hardware as query parameters
// (hardware-url.ts), so whoever opens it boots the same machine and gets the
// same file, which the Editor then builds. The fragment never reaches a
// server. decodeShare says what is wrong with a damaged link.

import type { Message } from '../shared/i18n/i18n.js';
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { HardwareConfig } from '../../../vm/host/hardware.js';
import { queryWithHardware } from './hardware-url.js';
import { SHARE_KEY as KEY, carriesShare } from './share-key.js';

export interface SharedFile {
  name: string;
  text: string;
}


function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The fragment (with its `#`) that carries a file. */
export function encodeShare(file: SharedFile): string {
  return `#${KEY}${toBase64Url(deflateSync(strToU8(JSON.stringify({ name: file.name, text: file.text })), { level: 9 }))}`;
}

/** The whole link: this page, the hardware in the query, the file in the fragment. */
export function shareUrl(base: { origin: string; pathname: string; search: string }, hardware: HardwareConfig, file: SharedFile): string {
  return `${base.origin}${base.pathname}${queryWithHardware(base.search, hardware)}${encodeShare(file)}`;
}

/** The file a fragment carries: none when it carries none, an error when it is damaged. */
export function decodeShare(hash: string): { file?: SharedFile; error?: Message } {
  const h = hash.replace(/^#/, '');
  if (!carriesShare(h)) return {};
  try {
    const v = JSON.parse(strFromU8(inflateSync(fromBase64Url(h.slice(KEY.length))))) as unknown;
    const o = v as Partial<SharedFile>;
    if (typeof o?.name !== 'string' || typeof o?.text !== 'string') return { error: { key: 'share.no-file' } };
    return { file: { name: o.name, text: o.text } };
  } catch (e) {
    return { error: { key: 'share.unreadable', params: { error: e instanceof Error ? e.message : String(e) } } };
  }
}
