import type { Document } from 'yaml';
import { parseYamlDocument, sourceLine, yamlSyntaxMessage } from '../core/yaml-text.js';

/** `${NAME}` or `${NAME:-default}`, as `interpolateEnv` reads it, matched where it starts. */
const PLACEHOLDER_AT = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}\n]*)?\}/y;

/**
 * How much text the passes below read again in all. A broken line hides the next one only until
 * it is blanked, so each pass finds at least one more: a config of tens of kB gets every pass it
 * needs (up to `MAX_PASSES`), while a file near the 1 MiB bound, seconds to read, gets one.
 */
const REREAD_BYTES = 1024 * 1024;
const MAX_PASSES = 50;

/** An unquoted `${…}` where YAML broke, by its offset in the text. */
interface Unquoted {
  start: number;
  /** 1-based, from the library's error (the brace is on the line its `$` is). */
  line: number;
  written: string;
}

/**
 * The problems of a config whose YAML does not parse, one per line as the fix goes. Unquoted
 * inside `{ … }` or `[ … ]`, `${OPENAI_API_KEY}`'s brace opens a mapping: the library then read
 * the rest of the file as broken, 13 errors for one missing pair of quotes, and its words
 * ("Unexpected flow-map-start at node end") did not lead to the quotes. Each such `${…}` is said
 * once, naming its line, the variable and the fix; the file is then read again with it blanked
 * out (the same length, so lines and columns stay), and what still does not parse is listed as
 * the library says it, at its own line: a real error elsewhere, not the cascade.
 *
 * @example yamlProblems('p: { api_key: ${KEY} }\nm: 1\n', parsed) // ['YAML syntax at line 1: ${KEY} is unquoted inside { … } or [ … ]…']
 */
export function yamlProblems(text: string, document: Document.Parsed): string[] {
  const lines = text.split('\n');
  const found: Unquoted[] = [];
  let current = text;
  let errors = document.errors;
  const passes = Math.min(MAX_PASSES, Math.floor(REREAD_BYTES / Math.max(text.length, 1)));
  for (let pass = 0; pass < passes; pass++) {
    const more = unquotedPlaceholders(current, errors);
    if (more.length === 0) break;
    for (const at of more) {
      current = current.slice(0, at.start) + blank(found.length, at.written.length) + current.slice(at.start + at.written.length);
      found.push(at);
    }
    errors = parseYamlDocument(current, { prettyErrors: true }).errors;
  }
  const problems: { line: number; text: string }[] = placeholderProblems(lines, found);
  for (const error of errors) {
    const line = error.linePos?.[0].line;
    const shown = line === undefined ? '' : `\n      ${line} | ${sourceLine(lines, line)}`;
    problems.push({ line: line ?? 0, text: `YAML syntax${line === undefined ? '' : ` at line ${line}`}: ${yamlSyntaxMessage(error.message).replace(/ at line \d+, column \d+:?$/, '')}${shown}` });
  }
  // In the file's order; a stack overflow deep in a file is reported once per level it unwinds: said once.
  return [...new Set(problems.sort((a, b) => a.line - b.line).map((p) => p.text))];
}

/** The errors that sit on the `{` of an unquoted `${…}`: where the library stops reading it as text. */
function unquotedPlaceholders(text: string, errors: Document.Parsed['errors']): Unquoted[] {
  const seen = new Map<number, Unquoted>();
  for (const error of errors) {
    const start = error.pos[0] - 1;
    if (seen.has(start) || text[start] !== '$' || text[start + 1] !== '{') continue;
    PLACEHOLDER_AT.lastIndex = start;
    const match = PLACEHOLDER_AT.exec(text);
    if (match) seen.set(start, { start, line: error.linePos?.[0].line ?? 0, written: match[0] });
  }
  return [...seen.values()];
}

/**
 * Plain text of a given length that is a different word for each `${…}` blanked, so two blanked
 * keys of one mapping (`{ ${A}: 1, ${B}: 2 }`) are not read as a duplicate key.
 */
function blank(index: number, length: number): string {
  return `_${index.toString(36)}`.padEnd(length, '_').slice(0, length);
}

/** One problem per line holding unquoted `${…}`, naming each and the quotes that fix it. */
function placeholderProblems(lines: readonly string[], found: readonly Unquoted[]): { line: number; text: string }[] {
  const byLine = new Map<number, string[]>();
  for (const at of [...found].sort((a, b) => a.start - b.start)) byLine.set(at.line, [...(byLine.get(at.line) ?? []), at.written]);
  return [...byLine].map(([line, written]) => {
    const names = written.join(' and ');
    const quoted = written.map((w) => `"${w}"`).join(' and ');
    const verb = written.length === 1 ? 'is' : 'are';
    return {
      line,
      text: `YAML syntax at line ${line}: ${names} ${verb} unquoted inside { … } or [ … ], where "{" opens a mapping and the file cannot be read past it: quote the value, as in ${quoted} (variables are replaced inside quotes too)\n      ${line} | ${sourceLine(lines, line)}`,
    };
  });
}
