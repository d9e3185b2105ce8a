// How a link says it carries a program: its fragment starts with `code=`.
// Apart from share-link.ts (which packs and unpacks the program, with fflate)
// so the page can tell whether to load the Editor without loading either.

export const SHARE_KEY = 'code=';

/** Whether a URL fragment (`#code=…`) carries a shared program, sound or damaged. */
export function carriesShare(hash: string): boolean {
  return hash.replace(/^#/, '').startsWith(SHARE_KEY);
}
