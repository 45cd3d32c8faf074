import type { Finding } from '../entity-types.js';

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
    out = out.filter((g) => g === f || !(g.start < end && g.end > f.end)).map((g) => (g === f ? { ...g, type: 'STREET_ADDRESS' as const, end } : g));
  }
  return out;
}

function isPlace(f: Finding): boolean {
  return f.type === 'LOCATION' || f.type === 'STREET_ADDRESS';
}
