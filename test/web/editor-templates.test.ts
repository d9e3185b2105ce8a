// Every Editor template builds with our compiler (vm/cc, in Node, through
// the Editor's own Compiler reading the very image the browser gets), and a
// broken one would not.

import { describe, expect, it } from 'vitest';
import { Compiler } from '../../web/src/compiler/compiler.js';
import { TEMPLATES } from '../../web/src/ui/editor-templates.js';
import { systemImage } from './helpers.js';

describe('the Editor templates', () => {
  const compiler = new Compiler();
  compiler.loadTexts(systemImage().texts);

  it('cover the article: fork/exec/wait, zombie, orphan, race with a mutex, leak vs LRU, stack overflow', () => {
    expect(TEMPLATES.map((t) => t.name)).toEqual(['myfork.c', 'myzombie.c', 'myorphan.c', 'myrace.c', 'mycache.c', 'myoverflow.c']);
    for (const t of TEMPLATES) expect(t.text.startsWith(`// ${t.name.slice(0, -2)}:`)).toBe(true);
  });

  for (const t of TEMPLATES) {
    it(`${t.name} builds`, async () => {
      const r = await compiler.build(t.name, t.text);
      expect(r.ok ? [] : r.errors).toEqual([]);
      expect(r.ok && r.elf.length).toBeGreaterThan(1000);
    });
  }

  it('a template with a mistake does not', async () => {
    const r = await compiler.build('myfork.c', TEMPLATES[0].text.replace('waitpid(pid, &status, 0);', 'waitpid(pid, &status, 0)'));
    expect(r.ok).toBe(false);
  });
});
