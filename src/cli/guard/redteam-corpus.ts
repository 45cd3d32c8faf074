import { quoteClipped } from '../../core/clip.js';
import { join } from 'node:path';
import { SwitchyardError } from '../../core/errors.js';
import { closestName, describeValue } from '../../core/format-issues.js';
import { terminalText } from '../../core/terminal-text.js';
import { whyUnreadable } from '../../core/missing-file.js';
import { DEFAULT_DATA_DIR, loadBipiaAttacks, loadBipiaEmails } from '../../guardrails/injection/training/corpus.js';
import { jailbreakSplits, plantAttack } from '../../guardrails/injection/training/datasets.js';
import { jsonlLines, parseJsonLine } from '../../core/json-line.js';
import { decodeDataFile, oversizedLine } from '../../core/data-text.js';
import { readFileWithinSync } from '../../core/read-at-most.js';

/** One attack: its text, its category for the report, and whether it comes as the user turn or inside a tool result. */
export interface Attack {
  category: string;
  via: 'user' | 'tool';
  text: string;
}

export const CORPORA = ['builtin', 'jailbreaks', 'injections', 'multilingual', 'hijacks'] as const;

/** A corpus file's bound, as a document `guard scan` reads whole: the shipped corpora are under 1 MB. */
export const MAX_CORPUS_BYTES = 64 << 20;

/** A category is a row of the report's table and a key of its JSON: a name, not a text. */
const MAX_CATEGORY_CHARS = 100;

/**
 * An attack corpus by name or from a JSONL file (`{"text", "category"?, "via"?}` per line):
 * `builtin` (36 hand-written attacks in six categories), `jailbreaks` (the held-out test split of
 * the shipped jailbreak corpora, never seen by the detector in training), `injections` (BIPIA's
 * held-out text attacks planted in e-mails that arrive as tool results), `multilingual` (36
 * overrides, persona switches and system-prompt requests in German, French, Spanish, Italian,
 * Portuguese and Dutch), `hijacks` (30 short goal hijacks: "Ignore the above and …").
 *
 * @example loadCorpus('builtin').length // 36
 */
export function loadCorpus(name: string, dataDir = DEFAULT_DATA_DIR): Attack[] {
  if (name === 'builtin') return readJsonl(join(dataDir, 'redteam', 'builtin.jsonl'));
  if (name === 'jailbreaks') return jailbreakSplits(dataDir).test.map((t) => ({ category: `jailbreak-${t.source}`, via: 'user' as const, text: t.text }));
  if (name === 'injections') {
    const emails = loadBipiaEmails(dataDir);
    const attacks = loadBipiaAttacks(dataDir).filter((a) => a.group.startsWith('text_attack_test'));
    return attacks.map((a, i) => ({
      category: `indirect-${a.category ?? 'other'}`.toLowerCase().replace(/\s+/g, '-'),
      via: 'tool' as const,
      text: plantAttack(emails[i % emails.length]?.text ?? '', a.text, (['start', 'middle', 'end'] as const)[i % 3] ?? 'end', '\n'),
    }));
  }
  if (name === 'multilingual') return readJsonl(join(dataDir, 'injection-multilingual', 'attacks.jsonl'), (row) => `attack-${typeof row.lang === 'string' ? row.lang : 'other'}`);
  if (name === 'hijacks') return readJsonl(join(dataDir, 'injection-short', 'attacks.jsonl'), () => 'goal-hijack');
  if (name.endsWith('.jsonl')) return readJsonl(name);
  const meant = closestName(name, CORPORA);
  throw new SwitchyardError('invalid_request', `--corpus: unknown corpus "${name}"${meant ? ` (did you mean "${meant}"?)` : ''} (known: ${CORPORA.join(', ')}, or a .jsonl file)`);
}

/** Reads `{"text", "category"?, "via"?}` lines; `categoryOf` names the category of a line without one. */
function readJsonl(path: string, categoryOf: (row: Record<string, unknown>) => string = () => 'uncategorised'): Attack[] {
  const bytes = readFileWithinSync(path, MAX_CORPUS_BYTES, 'an attack corpus', (error) => new SwitchyardError('not_found', `cannot read the attack corpus ${path}: ${whyUnreadable(path, error)}`));
  const text = decodeDataFile(bytes, path);
  const attacks: Attack[] = [];
  jsonlLines(text).forEach((line, i) => {
    if (line.trim() === '') return;
    const tooBig = oversizedLine(line);
    if (tooBig !== undefined) throw new SwitchyardError('invalid_request', `${path} line ${i + 1}: ${tooBig}`);
    const parsed = parseJsonLine(line);
    if ('error' in parsed) throw new SwitchyardError('invalid_request', `${path} line ${i + 1}: ${parsed.error}`);
    if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) throw new SwitchyardError('invalid_request', `${path} line ${i + 1}: expected a JSON object with a "text" string`);
    const row = parsed.value as { text?: unknown; category?: unknown; via?: unknown; [field: string]: unknown };
    if (typeof row.text !== 'string' || row.text === '') throw new SwitchyardError('invalid_request', `${path} line ${i + 1}: "text" must be a non-empty string, got ${shown(row.text)}`);
    if (row.via !== undefined && row.via !== 'user' && row.via !== 'tool') throw new SwitchyardError('invalid_request', `${path} line ${i + 1}: "via" must be "user" or "tool", got ${quoteClipped(row.via)}`);
    const categoryProblem = row.category === undefined ? undefined : categoryFault(row.category);
    if (categoryProblem !== undefined) throw new SwitchyardError('invalid_request', `${path} line ${i + 1}: "category" ${categoryProblem}`);
    attacks.push({ text: row.text, category: typeof row.category === 'string' ? row.category : categoryOf(row), via: row.via ?? 'user' });
  });
  // An empty corpus reported "0 attacks: 0 stopped" and exited 0: a gate on it passed having sent nothing.
  if (attacks.length === 0) throw new SwitchyardError('invalid_request', `${path} holds no attacks: expected JSON lines of {"text", "category"?, "via"?}`);
  return attacks;
}

/**
 * What makes a category no row name: not a string (a number was filed as "uncategorised" without a
 * word), empty, past `MAX_CATEGORY_CHARS` (5,000 characters drew a table 5,000 columns wide), or a
 * control character (a line break split its row).
 */
function categoryFault(category: unknown): string | undefined {
  const expected = `must be a name of 1–${MAX_CATEGORY_CHARS} characters on one line`;
  if (typeof category !== 'string' || category.trim() === '') return `${expected}, got ${shown(category)}`;
  if (category.length > MAX_CATEGORY_CHARS) return `${expected}, got ${category.length} characters: ${shown(category)}`;
  const control = /[\p{Cc}\u2028\u2029]/u.exec(category);
  if (control !== null) return `${expected}, got ${shown(category)} (a control character at ${control.index + 1})`;
  return undefined;
}

/** A line's value in a message: its JSON cut short, with what a terminal would obey escaped. */
const shown = (value: unknown): string => terminalText(describeValue(value));
