import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/**
 * Folder edges that may close a cycle for now, each with the reason and who removes it. The
 * test fails on any other cycle, and on an allowed edge that no longer exists (so the list
 * shrinks as the code does).
 */
const ALLOWED: readonly { from: string; to: string; why: string }[] = [
];

/** Test code: composition roots of its own, free to wire any adapter to anything. */
const TEST_CODE = /\.(test|contract)\.ts$|(^|\/)(test-support|__fixtures__|contract)\//;

/** Production sources under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !TEST_CODE.test(relative(SRC, path).split(sep).join('/')) ? [path] : [];
  });
}

/** Relative module specifiers a file imports or re-exports, statically or dynamically, type-only included. */
function importsOf(text: string): string[] {
  // Comments hold example imports (`@example import …`) that are not dependencies.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specifiers = [...code.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  return specifiers.filter((s) => s.startsWith('.'));
}

/** The top-level folder of src/ a file is in; files directly in src/ are their own unit. */
function unitOf(path: string): string {
  return relative(SRC, path).split(sep)[0] as string;
}

/** Folder → folders it imports, with one example file per edge for the failure message. */
export function folderGraph(root = SRC): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(root)) {
    const from = unitOf(file);
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      if (!existsSync(target) || !target.startsWith(SRC)) continue;
      const to = unitOf(target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${relative(SRC, file)} → ${relative(SRC, target)}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Strongly connected groups of two or more folders (Tarjan), each listed with the edges inside it. */
export function cycles(graph: ReadonlyMap<string, ReadonlyMap<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node)?.keys() ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      group.push(member);
      if (member === node) break;
    }
    if (group.length > 1) groups.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return groups;
}

describe('dependencies between the top-level folders of src/', () => {
  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['a', new Map([['b', 'a/x.ts → b/y.ts']])],
      ['b', new Map([['c', 'b/y.ts → c/z.ts']])],
      ['c', new Map([['a', 'c/z.ts → a/x.ts']])],
      ['d', new Map([['a', 'd/w.ts → a/x.ts']])],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
    expect(importsOf("import { a } from './a.js';\n// import { b } from './b.js'\n/** import { c } from './c.js' */\nconst d = await import('../d/e.js');\nexport type { F } from './f.js';")).toEqual(['./a.js', '../d/e.js', './f.js']);
  });

  it('has no import cycle, apart from the allowed edges', () => {
    const graph = folderGraph();
    for (const { from, to } of ALLOWED) {
      expect(graph.get(from)?.has(to), `allowed edge ${from} → ${to} is gone: remove it from ALLOWED`).toBe(true);
      graph.get(from)?.delete(to);
    }
    const found = cycles(graph).map((group) => {
      const edges = group.flatMap((from) => [...(graph.get(from) ?? [])].filter(([to]) => group.includes(to)).map(([to, example]) => `${from} → ${to} (${example})`));
      return `${group.join(' ↔ ')}:\n    ${edges.join('\n    ')}`;
    });
    expect(found, `import cycles between folders of src/:\n  ${found.join('\n  ')}`).toEqual([]);
  });

  it('keeps the storage drivers inside store/', () => {
    const drivers = sourceFiles(SRC).filter((file) => !relative(SRC, file).startsWith(`store${sep}`) && /from\s*['"](better-sqlite3|pg)['"]|import\(\s*['"](better-sqlite3|pg)['"]/.test(readFileSync(file, 'utf8')));
    expect(drivers.map((file) => relative(SRC, file))).toEqual([]);
  });
});
