import type { Finding } from '../entity-types.js';
import { eachWindow, hasContextBefore, isDelimited, isWordChar } from './context.js';
import { NATIONAL_ID_RULES, type NationalIdRule } from './national-id-rules.js';

/**
 * National identifiers (see `NATIONAL_ID_RULES`): each candidate is a whole token that passes its
 * checksum; a context word before it raises the score.
 *
 * @example detectNationalIds("Here's my SSN: 460-89-9847")[0]?.type // 'US_SSN'
 */
export function detectNationalIds(text: string, windows?: readonly number[]): Finding[] {
  const out: Finding[] = [];
  eachWindow(text, windows, 1, (sub, offset, longest) => {
    for (const rule of NATIONAL_ID_RULES) if (longest >= rule.minDigits) collect(text, sub, offset, rule, out);
  });
  return out;
}

function collect(text: string, sub: string, offset: number, rule: NationalIdRule, out: Finding[]): void {
  const re = rule.pattern; // global and shared: detection is synchronous, so lastIndex is ours
  re.lastIndex = 0;
  for (let m = re.exec(sub); m !== null; m = re.exec(sub)) {
    const start = offset + m.index;
    const end = start + m[0].length;
    if (!isDelimited(text, start, end) || !rule.valid(m[0])) {
      // Skip the rest of this alphanumeric run: a candidate starting inside it is not delimited.
      let next = start + 1;
      while (next < text.length && isWordChar(text.charCodeAt(next))) next += 1;
      re.lastIndex = next - offset;
      continue;
    }
    const score = hasContextBefore(text, start, rule.context) ? rule.withContext : rule.bare;
    out.push({ type: rule.type, start, end, score });
  }
}
