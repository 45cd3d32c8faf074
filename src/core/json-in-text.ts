// The characters all spans may scan together: this many times the text, plus a fixed allowance
// for short texts. A reply's JSON is found on its first span; prose brackets cost their own length.
const SCAN_FACTOR = 8;
const SCAN_ALLOWANCE = 65_536;

/**
 * The JSON objects and arrays written inside free text (prose around them, code fences), outermost
 * first: every balanced `{…}` or `[…]` span that parses; a span that does not parse is searched
 * inside. Each span tried costs a scan to its end (or to the text's end, when it never closes),
 * so the characters scanned in all are held to a multiple of the text's length: linear time on
 * hostile text (`{"a":` repeated, brackets nested 100,000 deep around prose), where trying every
 * span took 66 s on 200 KB. `limits.spans` bounds the spans tried, `limits.values` how many are returned.
 *
 * @example jsonValuesIn('Sure: {"a": 1} and [2]', { values: 5, spans: 10 }) // [{ a: 1 }, [2]]
 */
export function jsonValuesIn(text: string, limits: { values: number; spans: number }): unknown[] {
  const out: unknown[] = [];
  let spans = 0;
  let budget = SCAN_FACTOR * text.length + SCAN_ALLOWANCE;
  for (let i = 0; i < text.length && out.length < limits.values && spans < limits.spans && budget > 0; i++) {
    const open = text[i];
    if (open !== '{' && open !== '[') continue;
    spans++;
    const stop = Math.min(text.length, i + budget);
    const end = balancedEnd(text, i, stop);
    budget -= (end === -1 ? stop : end + 1) - i;
    if (end === -1) continue;
    try {
      out.push(JSON.parse(text.slice(i, end + 1)));
      i = end;
    } catch {
      // Not JSON after all (prose with brackets): keep scanning inside it.
    }
  }
  return out;
}

/** The index closing the bracket at `start`, skipping brackets inside strings; -1 if none before `stop`. */
function balancedEnd(text: string, start: number, stop: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < stop; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
