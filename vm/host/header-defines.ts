// Reading numbers out of C headers.
//
// The kernel's headers are the one description of what host and kernel must
// agree on (the boot-info block, trace codes, system-call numbers, process
// states). The host reads their `#define NAME NUMBER` lines rather than
// keeping copies, so the two sides cannot drift apart.

/** Returns a file's text by repository-relative path ("kernel/proc.c"), or undefined. */
export type SourceReader = (path: string) => string | undefined;

/** Every `#define NAME NUMBER` of a header (decimal, hex or octal), by name. */
export function parseDefines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uU]?\b/gm;
  for (const m of text.matchAll(re)) {
    const lit = m[2];
    const value = /^0[xX]/.test(lit) ? parseInt(lit.slice(2), 16) : lit.length > 1 && lit[0] === '0' ? parseInt(lit, 8) : parseInt(lit, 10);
    out.set(m[1], value);
  }
  return out;
}

export class HeaderError extends Error {}

/** The value of `#define name` in a header's defines; throws HeaderError naming the header when it is missing. */
export function requireDefine(defs: Map<string, number>, name: string, header: string): number {
  const v = defs.get(name);
  if (v === undefined) throw new HeaderError(`${header}: no #define ${name}`);
  return v;
}

/** `#define PREFIX_NAME n` lines as n -> "name" (the prefix dropped, lower case). */
export function namesByValue(text: string, prefix: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const [name, v] of parseDefines(text)) {
    if (name.startsWith(prefix)) out.set(v, name.slice(prefix.length).toLowerCase());
  }
  return out;
}
