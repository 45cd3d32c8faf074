import { type Finding, sortByStart } from '../entity-types.js';

// US military post: "USNS Møller\nFPO AA 85844", "PSC 7589, Box 0572\nAPO AE 20040",
// "Unit 0846 Box 9910\nDPO AP 61487". The last line is fixed: APO/FPO/DPO, AA/AE/AP, five digits.
const POST_LINE = /\b(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}\b/gi;
// The line before it (or the text before a comma on the same line): a ship, or a unit or PSC box.
const HEAD = /(?:\b(?:USS|USNS|USNV|USCGC)[ \t]+\p{L}[\p{L}\p{M}'’-]*|\b(?:PSC|Unit)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5})[ \t]*,?[ \t]*$/iu;

/**
 * US military addresses, which the tagger reads as a ship's name or a box number and a stray
 * code: a ship ("USNS Møller"), unit or PSC box line followed by an APO/FPO/DPO line becomes one
 * STREET_ADDRESS covering both lines; findings inside it give way. Linear: one scan for the fixed
 * post line, then a bounded look at the 80 characters before each.
 *
 * @example militaryAddresses('USNS Møller\nFPO AA 85844', []) // [STREET_ADDRESS 0–24]
 */
export function militaryAddresses(text: string, findings: Finding[]): Finding[] {
  let out = findings;
  POST_LINE.lastIndex = 0;
  for (let m = POST_LINE.exec(text); m; m = POST_LINE.exec(text)) {
    const from = Math.max(0, m.index - 80);
    let before = text.slice(from, m.index);
    // The post line starts its line (after spaces), or follows the head on its line after a comma.
    const lineBreak = before.search(/\r?\n[ \t]*$/);
    if (lineBreak >= 0) before = before.slice(0, lineBreak);
    else if (!/,[ \t]*$/.test(before)) continue;
    const head = HEAD.exec(before.slice(before.lastIndexOf('\n') + 1));
    if (!head) continue;
    const start = from + before.lastIndexOf('\n') + 1 + head.index;
    const end = m.index + m[0].length;
    const score = Math.max(0.9, ...out.filter((f) => f.start < end && f.end > start).map((f) => f.score));
    out = [...out.filter((f) => f.end <= start || f.start >= end), { type: 'STREET_ADDRESS', start, end, score }];
  }
  return out === findings ? findings : sortByStart(out);
}
