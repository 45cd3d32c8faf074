import { closestName } from '../../core/format-issues.js';

/**
 * Other names data files give the text and the label columns (exports, hub data sets, ticket
 * systems): `customer_message`, `ticket.body`, `intent_label`, `category`.
 */
const SYNONYMS: Record<string, readonly string[]> = {
  text: ['text', 'message', 'body', 'content', 'utterance', 'sentence', 'question', 'query', 'prompt', 'input', 'review', 'comment', 'description', 'document'],
  label: ['label', 'category', 'intent', 'class', 'tag', 'topic', 'target', 'classification'],
};

/** A column name's words: `customer_message` → customer, message; `ticket.body` → ticket, body; `intentLabel` → intent, label. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** Of several columns that fit equally, the shortest name (`message` over `message_id_old`), else none. */
function shortest(columns: readonly string[]): string | undefined {
  if (columns.length === 0) return undefined;
  return [...columns].sort((a, b) => a.length - b.length)[0];
}

/**
 * The column a missing one most likely meant, for a "did you mean" in the refusal: a name a
 * typo or a case away (`mesage`), one holding the name as a word (`message` → `customer_message`,
 * `body` → `ticket.body`), or, for the defaults `text` and `label`, one holding a word files use
 * for them (`customer_message` for `text`, `intent_label` for `label`). `exclude` is the column
 * already taken by the other flag. None when nothing fits.
 *
 * @example meantColumn('text', ['ticket_id', 'intent_label', 'customer_message']) // 'customer_message'
 */
export function meantColumn(wanted: string, found: readonly string[], exclude?: string): string | undefined {
  const columns = found.filter((column) => column !== exclude);
  const leaf = (column: string) => column.slice(column.lastIndexOf('.') + 1);
  const typo = closestName(wanted, columns) ?? shortest(columns.filter((column) => closestName(wanted, [leaf(column)]) !== undefined));
  if (typo !== undefined) return typo;
  const asWord = (word: string) => shortest(columns.filter((column) => words(column).includes(word)));
  const wantedWords = words(wanted);
  const byWord = wantedWords.length === 1 ? asWord(wantedWords[0] as string) : undefined;
  if (byWord !== undefined) return byWord;
  for (const synonym of SYNONYMS[wanted.toLowerCase()] ?? []) {
    const column = asWord(synonym);
    if (column !== undefined) return column;
  }
  return undefined;
}
