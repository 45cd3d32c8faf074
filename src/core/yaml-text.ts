import { type Document, type DocumentOptions, isScalar, LineCounter, type ParseOptions, parseDocument, visit, YAMLParseError } from 'yaml';
import { clip } from './clip.js';

/**
 * `parseDocument` with duplicate mapping keys found in linear time. The YAML library compares each
 * key with every earlier one of its mapping, so a mapping of 40,000 models (a 1.6 MB config) took
 * 135 s to read and a 50 MB one never finished; here each mapping's keys go into a set. A
 * duplicate is an error as the library words it (`Map keys must be unique`), at the repeated key.
 *
 * @example parseYamlDocument('a: 1\na: 2').errors[0]?.message // 'Map keys must be unique'
 */
export function parseYamlDocument(text: string, options: ParseOptions & DocumentOptions = {}): Document.Parsed {
  const lineCounter = options.lineCounter ?? new LineCounter();
  const document = parseDocument(text, { ...options, lineCounter, uniqueKeys: false });
  if (document.errors.length > 0) return document;
  try {
    visitMaps(document, lineCounter);
  } catch (error) {
    // The walk recurses as the library's parser does: past the stack, said as the parser says it.
    if (!(error instanceof RangeError)) throw error;
    document.errors.push(Object.assign(new YAMLParseError([0, 1], 'IMPOSSIBLE', error.message), { linePos: [{ line: 1, col: 1 }] }));
  }
  // The walk meets outer mappings first; errors are listed in the file's order, as the library lists them.
  document.errors.sort((a, b) => a.pos[0] - b.pos[0]);
  return document;
}

function visitMaps(document: Document.Parsed, lineCounter: LineCounter): void {
  visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        // Keys that are collections are compared by identity, as the library does.
        const value = isScalar(key) ? key.value : key;
        if (!seen.has(value)) {
          seen.add(value);
          continue;
        }
        const at = isScalar(key) && key.range ? key.range[0] : (map.range?.[0] ?? 0);
        const error = new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique');
        const { line, col } = lineCounter.linePos(at);
        error.linePos = [{ line, col }];
        document.errors.push(error);
      }
    },
  });
}

/**
 * The first line of the YAML library's message for a syntax error, in words a person can act on
 * where the library's are an engine's (its parser recurses, so a file of thousands of nested
 * `[` overflows the stack and it reports just that).
 *
 * @example yamlSyntaxMessage('Maximum call stack size exceeded') // 'nested too deeply to read …'
 */
export function yamlSyntaxMessage(message: string): string {
  const first = message.split('\n')[0] ?? '';
  if (first.includes('Maximum call stack size exceeded')) return 'nested too deeply to read (collections inside one another thousands of levels down)';
  return first;
}

/**
 * The source line shown under a YAML error, cut to 120 characters: a minified or hostile file
 * can hold all of itself on one line.
 *
 * @example sourceLine(['a: 1', 'b: [oops'], 2) // 'b: [oops'
 */
export function sourceLine(lines: readonly string[], line: number): string {
  return clip((lines[line - 1] ?? '').trimEnd(), 120);
}

/**
 * `document.toJS()`, or the problem when the file's aliases (`*name`) expand past the YAML
 * library's limit of 100 copies, the "billion laughs" shape: the library throws a bare
 * ReferenceError for it, which reached people as a stack trace.
 *
 * @example yamlValue(parseDocument('a: &x [1]\nb: *x')) // { value: { a: [1], b: [1] } }
 */
export function yamlValue(document: Document): { value: unknown } | { problem: string } {
  try {
    const value: unknown = document.toJS();
    const reserved = reservedKeyPath(value);
    if (reserved !== undefined) return { problem: `${reserved}: "__proto__" is a name JavaScript objects keep for themselves, so what it holds would be lost; rename it` };
    return { value };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return { problem: 'its aliases (*name) expand to more copies than allowed (100), as a "billion laughs" file does: write the values out instead' };
    }
    throw error;
  }
}

/**
 * The path of the first mapping key `__proto__` in a parsed YAML value. The YAML library keeps it
 * as an own key, but the schemas copy each mapping into a fresh object, where it sets the
 * prototype instead: a model or provider of that name vanished without a word ("names no
 * models"). Walks with its own stack.
 *
 * @example reservedKeyPath({ models: { __proto__: {} } }) // 'models.__proto__' (an own key, as YAML makes it)
 */
export function reservedKeyPath(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
      continue;
    }
    if (Object.hasOwn(node, '__proto__')) return path === '' ? '__proto__' : `${path}.__proto__`;
    for (const [key, child] of Object.entries(node)) stack.push([child, path === '' ? key : `${path}.${key}`]);
  }
  return undefined;
}
