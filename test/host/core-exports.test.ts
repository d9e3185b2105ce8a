// The wasm wall: the exports the built core really has, the exports
// vm/core/index.ts declares, and the ones the host calls must be the same.
//
// The host's CoreExports type comes from asc's declaration of the module, so
// typechecking already catches a host call of a missing export; these tests
// catch it without typechecking, catch a stale build (module and source
// disagree) and an export nobody declared or calls (dead weight on the wall,
// or something asc added, such as runtime helpers). "The host" is every file
// outside the core that names a `core.X` export: vm/host, vm/cli, web/src
// and the tests (some exports, getCost for one, only tests read).

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadCoreModule } from '../../vm/host/core-loader.js';
import { coreFunctions } from '../core/core-api.js';

const HOST_DIRS = ['vm/host', 'vm/cli', 'web/src', 'test'];

/** name → kind of every export of the built module. */
async function moduleExports(): Promise<Map<string, string>> {
  const module = await loadCoreModule();
  return new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
}

/**
 * name → kind the source promises: memory, the function table (asconfig's
 * exportTable: the compiled tier installs its blocks there), and each
 * exported function of vm/core/index.ts.
 */
function declaredExports(): Map<string, string> {
  return new Map([
    ['memory', 'memory'], ['table', 'table'], ...coreFunctions().map((f): [string, string] => [f.name, 'function']),
  ]);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => !path.includes('node_modules'));
}

/** Every `core.X` / `….core.X` the host's sources name, with one file that names it. */
function hostCalls(): Map<string, string> {
  const calls = new Map<string, string>();
  for (const path of HOST_DIRS.flatMap(tsFiles)) {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && namesCore(node.expression)) calls.set(node.name.text, path);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}

/** `core` itself, or any `x.core`. */
function namesCore(e: ts.Expression): boolean {
  return (ts.isIdentifier(e) && e.text === 'core') || (ts.isPropertyAccessExpression(e) && e.name.text === 'core');
}

describe('the core’s exports', () => {
  it('are exactly the ones vm/core/index.ts declares, with their kinds', async () => {
    const real = await moduleExports();
    const declared = declaredExports();
    const undeclared = [...real].filter(([name, kind]) => declared.get(name) !== kind);
    const missing = [...declared].filter(([name, kind]) => real.get(name) !== kind);
    expect(undeclared, 'exported by the module but not declared in vm/core/index.ts').toEqual([]);
    expect(missing, 'declared in vm/core/index.ts but not exported by the module (rebuild the core?)').toEqual([]);
  });

  it('take the parameters vm/core/index.ts declares', async () => {
    const instance = await WebAssembly.instantiate(await loadCoreModule(), {});
    const exports = instance.exports as Record<string, unknown>;
    for (const f of coreFunctions()) {
      const fn = exports[f.name];
      expect(typeof fn, f.name).toBe('function');
      expect((fn as (...args: number[]) => unknown).length, `${f.name}(${f.params.join(', ')})`).toBe(f.params.length);
    }
  });

  it('include every function the host calls, and the host calls every one', async () => {
    const real = await moduleExports();
    const calls = hostCalls();
    const unknown = [...calls].filter(([name]) => !real.has(name)).map(([name, file]) => `core.${name} in ${file}`);
    expect(unknown, 'called by the host but not exported by the core').toEqual([]);
    const unused = [...real.keys()].filter((name) => !calls.has(name));
    expect(unused, 'exported by the core but called nowhere outside it').toEqual([]);
  });
});
