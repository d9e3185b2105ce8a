// Messages as data: a catalogue key and the values of its {placeholders}.
//
// The host (the debugger's notes, a program's install errors) and the
// toolchain (the compiler's and the assembler's diagnostics) say what
// happened this way. Each keeps its English catalogue next to its code; the
// terminal prints english(), the page translates the key into its language
// (web/src/shared/i18n/i18n.ts). Both fill placeholders with fill(), so the
// English the page shows and the English the CLI prints cannot drift apart.
//
// A parameter is a string (shown as given: a symbol, a file:line, a hex
// address), a number (the page formats it for its language; English here is
// String(n)), or another message (a word the page translates too: "system
// call", a stop reason).

export type Param = string | number | Message;

export interface Message<K extends string = string> {
  readonly key: K;
  readonly params?: Readonly<Record<string, Param>>;
}

/** A catalogue: English (or another language's) text by key. */
export type Catalogue<K extends string = string> = Readonly<Record<K, string>>;

/**
 * The placeholder names of a text, as a type: "{a} of {b}" → 'a' | 'b'.
 * Only {word} is a placeholder (a brace in quotes, "expected '{'", is not).
 */
export type PlaceholdersOf<S extends string> =
  S extends `${string}{${infer P}}${infer Rest}`
    ? P extends '' | `${string}${NotInName}${string}`
      ? PlaceholdersOf<`${P}}${Rest}`>   // not a name: look again after this '{'
      : P | PlaceholdersOf<Rest>
    : never;

/** Characters a placeholder's name cannot hold (it is \w+). */
type NotInName = ' ' | "'" | '"' | '{' | '}' | '(' | ')' | ',' | '.' | ':' | ';' | '-' | '*' | '&' | '#' | '<' | '>' | '=' | '!' | '?' | '/' | '\\' | '[' | ']' | '+' | '|' | '~' | '^' | '%' | '$' | '@' | '`';

/** The parameters a message of the catalogue `C` with key `K` needs: none, or one per placeholder. */
export type ParamsOf<C extends Catalogue, K extends keyof C & string> =
  [PlaceholdersOf<C[K]>] extends [never] ? [] : [Readonly<Record<PlaceholdersOf<C[K]>, Param>>];

const PLACEHOLDER = /\{(\w+)\}/g;

/** The names of a text's placeholders, sorted and once each: "{a} of {b}" → ['a', 'b']. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();
}

/**
 * `text` with its placeholders filled: strings as given, numbers and
 * messages through `show`. A placeholder with no value stays as written,
 * so a missing parameter shows, not hides.
 */
export function fill(text: string, params: Readonly<Record<string, Param>> | undefined, show: (p: number | Message) => string): string {
  if (!params) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'string' ? v : show(v);
  });
}

/** A message of `catalogue` in its own words (English for the host's and the toolchain's catalogues). */
export function render<K extends string>(catalogue: Catalogue<K>, m: Message<K>): string {
  const text = catalogue[m.key] ?? m.key;
  return fill(text, m.params, (p) => (typeof p === 'number' ? String(p) : render(catalogue, p as Message<K>)));
}

/** A message maker bound to a catalogue: `make('key', {param})`, with the placeholders checked by the type. */
export function messages<C extends Catalogue>(catalogue: C) {
  return <K extends keyof C & string>(key: K, ...params: ParamsOf<C, K>): Message<K> =>
    params.length ? { key, params: params[0] } : { key };
}
