// The core's exports as vm/core/index.ts declares them, read with the
// TypeScript parser (AssemblyScript is TypeScript syntax): each exported
// function's name, parameters, AssemblyScript result type and doc comment.
// vm/ISA.md's list of exports is generated from this (isa-doc.ts), and
// test/host/core-exports.test.ts checks the built module and the host's
// calls against it. The host's *type* comes from the same file by another
// road: asc's declaration of the module (vm/host/core-exports.ts).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const CORE_INDEX = fileURLToPath(new URL('../../vm/core/index.ts', import.meta.url));

export interface CoreFunction {
  name: string;
  params: string[];
  /** The AssemblyScript result type: u32, f64 or void. */
  result: string;
  /** The doc comment's text on one line. */
  doc: string;
}

/** Every exported function of vm/core/index.ts, in source order. Throws on an export without a doc comment. */
export function coreFunctions(): CoreFunction[] {
  const source = ts.createSourceFile(CORE_INDEX, readFileSync(CORE_INDEX, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: CoreFunction[] = [];
  for (const node of source.statements) {
    if (!isExported(node)) continue;
    if (!ts.isFunctionDeclaration(node) || !node.name) {
      throw new Error(`${CORE_INDEX}: only functions may be exported (found: ${node.getText().split('\n')[0]})`);
    }
    const doc = docText(node);
    if (!doc) throw new Error(`${CORE_INDEX}: export ${node.name.text} has no doc comment (vm/ISA.md is generated from them)`);
    out.push({
      name: node.name.text,
      params: node.parameters.map((p) => p.name.getText()),
      result: node.type?.getText() ?? 'void',
      doc,
    });
  }
  return out;
}

function isExported(node: ts.Statement): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function docText(node: ts.FunctionDeclaration): string {
  const comment = ts.getJSDocCommentsAndTags(node).find(ts.isJSDoc)?.comment;
  const text = typeof comment === 'string' ? comment : ts.getTextOfJSDocComment(comment) ?? '';
  return text.replace(/\s+/g, ' ').trim();
}
