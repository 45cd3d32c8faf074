/**
 * A per-model table looked up by upstream model name: an exact key, else the longest key that is
 * a prefix of a snapshot's name (`gpt-4o-2024-08-06` uses `gpt-4o`, never `gpt-4`). Only a
 * snapshot suffix counts: a date, a 3–4 digit build (`gpt-3.5-turbo-0125`, `gemini-2.0-flash-001`)
 * or `latest`. Any other suffix names another model: a newer minor version (`claude-opus-4-8`
 * is not `claude-opus-4`, which costs three times as much) or a sibling (`o3-mini` is not `o3`,
 * `gemini-2.5-flash-lite` not `gemini-2.5-flash`), so it finds nothing rather than a price that
 * is wrong. Gemini's `models/` prefix is read past. An alias that moves to each new release
 * (`gemini-flash-latest`) names no model in the table and finds nothing. The price table and the
 * output-limit table read the same way, so a name finds both or neither.
 *
 * @example byModelName({ 'gpt-4o': 1, 'gpt-4o-mini': 2 })('gpt-4o-mini-2024-07-18') // 2
 * @example byModelName({ 'claude-opus-4': 1 })('claude-opus-4-8') // undefined
 * @example byModelName({ o3: 1 })('o3-mini') // undefined
 * @example byModelName({ 'gemini-2.5-flash': 1 })('models/gemini-2.5-flash-001') // 1
 */
export function byModelName<T>(table: Readonly<Record<string, T>>): (model: string) => T | undefined {
  const longestFirst = Object.keys(table).sort((a, b) => b.length - a.length);
  return (name) => {
    // Gemini's REST names carry a `models/` prefix (`models/gemini-2.5-flash`); the model is the same.
    const model = name.startsWith('models/') ? name.slice('models/'.length) : name;
    const exact = table[model];
    if (exact !== undefined) return exact;
    const key = longestFirst.find((k) => model.startsWith(`${k}-`) && SNAPSHOT.test(model.slice(k.length + 1)));
    return key === undefined ? undefined : table[key];
  };
}

/** A snapshot of the same model: `20250514`, `2024-08-06`, `0125`, `001`, `latest`. */
const SNAPSHOT = /^(?:\d{8}|\d{4}-\d{2}-\d{2}|\d{3,4}|latest)$/;
