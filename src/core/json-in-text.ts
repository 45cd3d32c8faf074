/**
 * The JSON objects and arrays written inside free text (prose around them, code fences), outermost
 * first: every balanced `{…}` or `[…]` span that parses; a span that does not parse is searched
 * inside. Each span tried costs a scan to its end, so `limits.spans` bounds the work on hostile
 * text and `limits.values` how many are returned.
 *
 * @example jsonValuesIn('Sure: {"a": 1} and [2]', { values: 5, spans: 10 }) // [{ a: 1 }, [2]]
 */
export function jsonValuesIn(text: string, limits: { values: number; spans: number }): unknown[] {
  const out: unknown[] = [];
  let spans = 0;
  for (let i = 0; i < text.length && out.length < limits.values && spans < limits.spans; i++) {
    const open = text[i];
    if (open !== '{' && open !== '[') continue;
    spans++;
    const end = balancedEnd(text, i);
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

/** The index closing the bracket at `start`, skipping brackets inside strings; -1 if none. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
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
