import { finding, type Finding } from '../entity-types.js';
import { growBackwards } from './findings-before.js';

// "the corner of 74 Sikelianou Street and ten Pas Pass": the tagger often stops at "and", which
// leaves the second street out (under half of the address, so not a match at IoU 0.9).
const CORNER = /\bcorner of\b/i;
// After a place span: " and", then up to four capitalised words of the second street, after a
// house number or a name particle ("ten Pas Pass"), with particles between them too. One way to
// match each word, bounded, so linear on any input.
const PARTICLE = '(?:van|von|ten|ter|de|da|del|di|du|la|le|den|der|het) ';
const SECOND_STREET = new RegExp(`^ and ((?:\\d{1,5} )?(?:${PARTICLE})?\\p{Lu}[\\p{L}\\p{M}'’-]{0,30}(?: (?:${PARTICLE})?\\p{Lu}[\\p{L}\\p{M}'’-]{0,30}){0,3})`, 'u');
const ONLY_CORNER = /^the corner of$/i;

/**
 * Street corners as one address: a place span that holds or follows "corner of" and ends before
 * "and" takes the second street after it (dropping what was found inside it), and "the corner
 * of" alone (a template left unfilled: "The corner of {street_name}") is no place.
 *
 * @example streetCorners('Meet at the corner of Bygget 64 and Komel Club', found)
 */
export function streetCorners(text: string, found: Finding[]): Finding[] {
  if (!CORNER.test(text)) return found;
  let out = found.filter((f) => !(isPlace(f) && ONLY_CORNER.test(text.slice(f.start, f.end))));
  for (const f of out.slice()) {
    if (!isPlace(f) || !CORNER.test(text.slice(Math.max(0, f.start - 14), f.end))) continue;
    const m = SECOND_STREET.exec(text.slice(f.end, f.end + 160));
    if (!m) continue;
    const end = f.end + m[0].length;
    out = out.filter((g) => g === f || !(g.start < end && g.end > f.end)).map((g) => (g === f ? finding('STREET_ADDRESS', g.start, end, g.score) : g));
  }
  return out;
}

function isPlace(f: Finding): boolean {
  return f.type === 'LOCATION' || f.type === 'STREET_ADDRESS';
}

// "Katrina and Rúa do Paseo 46": one capitalised word and "and" right before a street address,
// after the start of a line, a mark or a lower-case word (not "Anna Smith and 12 Baker Street").
const NAMED_CORNER = /(?:^|[\n,:;.!?>"'(]\s*|(?<![\p{L}\p{M}'’-])\p{Ll}[\p{Ll}\p{M}'’-]*\s+)(\p{Lu}[\p{L}\p{M}'’-]{1,30}) and $/u;

/**
 * A street corner written as a street name and "and" before the other street ("Katrina and Rúa do
 * Paseo 46", "Nolan and P.O. Box 63"), as presidio-research's address generator lays out one
 * address in forty: the single word before "and" is part of the address, not a person or place of
 * its own, when it is the only capitalised word there. The word must be untagged or tagged alone.
 *
 * @example namedCorners('Send it to Boris and 928 Diamond Street', found) // one STREET_ADDRESS from "Boris"
 */
export function namedCorners(text: string, found: Finding[]): Finding[] {
  if (!text.includes(' and ')) return found;
  const wordOf = new Map<Finding, number>();
  return growBackwards(
    found,
    (f) => {
      if (f.type !== 'STREET_ADDRESS') return -1;
      const m = NAMED_CORNER.exec(text.slice(Math.max(0, f.start - 48), f.start));
      if (!m) return -1;
      wordOf.set(f, m[1]!.length);
      return f.start - 5 - m[1]!.length;
    },
    (inside, start, f) => inside.every((g) => g.start === start && g.end === start + wordOf.get(f)! && g.type !== 'STREET_ADDRESS'),
  );
}
