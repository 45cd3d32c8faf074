/**
 * A per-model table looked up by upstream model name: an exact key, else the longest key that is
 * a prefix of a dated or suffixed name (`gpt-4o-2024-08-06` uses `gpt-4o`, never `gpt-4`). A
 * suffix that starts with a one- or two-digit part is a newer minor version, another model
 * (`claude-opus-4-8` is not `claude-opus-4`, which costs three times as much), so it finds
 * nothing. The price table and the output-limit table read the same way, so a name finds both
 * or neither.
 *
 * @example byModelName({ 'gpt-4o': 1, 'gpt-4o-mini': 2 })('gpt-4o-mini-2024-07-18') // 2
 * @example byModelName({ 'claude-opus-4': 1 })('claude-opus-4-8') // undefined
 */
export function byModelName<T>(table: Readonly<Record<string, T>>): (model: string) => T | undefined {
  const longestFirst = Object.keys(table).sort((a, b) => b.length - a.length);
  return (model) => {
    const exact = table[model];
    if (exact !== undefined) return exact;
    const key = longestFirst.find((k) => model.startsWith(`${k}-`) && !MINOR_VERSION.test(model.slice(k.length + 1)));
    return key === undefined ? undefined : table[key];
  };
}

/** A suffix naming a minor version (`8`, `8-20260528`), not a snapshot date (`20250514`, `2024-08-06`). */
const MINOR_VERSION = /^\d{1,2}(?:-|$)/;
