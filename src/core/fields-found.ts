/**
 * A record's field names, for a message that says which fields a line or row has (when the one
 * wanted is missing). The names are the file's: a line can hold hundreds of 100-character keys,
 * and each refused line listed them all (21 kB a line), escape sequences and all.
 */
import { clip } from './clip.js';
import { terminalText } from './terminal-text.js';

const SHOWN = 20;
const NAME_CHARS = 40;

/**
 * @example fieldsFound(['inptu', 'label']) // 'inptu, label'
 * @example fieldsFound([]) // 'none'
 */
export function fieldsFound(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, SHOWN).map((name) => terminalText(clip(name, NAME_CHARS)));
  return `${shown.join(', ')}${names.length > SHOWN ? `, … and ${names.length - SHOWN} more` : ''}`;
}
