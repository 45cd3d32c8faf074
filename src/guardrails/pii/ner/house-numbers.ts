import type { Finding } from '../entity-types.js';
import { growBackwards } from './findings-before.js';

// One or two numbers of up to six digits, each followed by one space, right before an address
// that starts with a number, after the start of a line, a mark or a lower-case word.
const LEADING_NUMBERS = /(?:^|[\n(,:;>"]\s*|(?<![\p{L}\p{M}'’-])\p{Ll}[\p{Ll}\p{M}'’-]*\s)((?:\d{1,6} ){1,2})$/u;

// Street words that lead a street's name in lower case in French, Italian, Spanish and Portuguese
// ("12 rue des Coudriers", "4 via Roma"): the tagger may start such a street at the word.
const LOWER_STREET_WORD = /^(?:rue|avenue|boulevard|bd|allée|chemin|impasse|place|quai|via|viale|piazza|corso|calle|avenida|avda|rua|travessa|carrer|strada)\.?\s/u;

/**
 * A building number before a street address that starts with its own house number is part of the
 * address: "8800 1737 Cheriton Dr", "856 1783 49th Avenue" (presidio-research's generator writes
 * "{building_number} {street_address}", and the records' streets often start with a number), where
 * the tagger starts at the second number or at the ordinal street. So is a house number before a
 * street the tagger started at its lower-case street word ("for 12 rue des Coudriers"). Not after a capitalised word or
 * another number ("Order 5512 12 Main St" keeps "12 Main St"; "#5512" is glued).
 *
 * @example leadingHouseNumbers('We met at 8800 1737 Cheriton Dr', found) // the address from "8800"
 */
export function leadingHouseNumbers(text: string, found: Finding[]): Finding[] {
  if (!found.some((f) => f.type === 'STREET_ADDRESS')) return found;
  return growBackwards(
    found,
    (f) => {
      if (f.type !== 'STREET_ADDRESS' || !(/^\d/.test(text.slice(f.start, f.start + 1)) || LOWER_STREET_WORD.test(text.slice(f.start, f.start + 12)))) return -1;
      const m = LEADING_NUMBERS.exec(text.slice(Math.max(0, f.start - 24), f.start));
      return m ? f.start - m[1]!.length : -1;
    },
    (inside) => inside.length === 0,
  );
}
