/**
 * Work on a text that several checks of one request repeat, done once per text while a
 * `sharingScans` scope runs. A request's user turn is normalised by the injection detector, by
 * the input banned-words check and once per topic by the topics check (each NFKC, decoding and
 * folding passes over the whole turn), and hashed by the PII and the injection scan caches.
 * Inside a scope each of these is computed once per distinct text; the texts and results are
 * dropped when the scope's (synchronous) work returns, so nothing is kept between requests.
 */
let memos: Map<(text: string) => unknown, Map<string, unknown>> | undefined;

/**
 * Runs `work` with `shared` answering repeated computations from memory. A scope inside a scope
 * is the outer one.
 *
 * @example sharingScans(() => checks.map((check) => check(userTurn)))
 */
export function sharingScans<T>(work: () => T): T {
  if (memos !== undefined) return work();
  memos = new Map();
  try {
    return work();
  } finally {
    memos = undefined;
  }
}

/**
 * `compute(text)`, computed once per text inside a `sharingScans` scope (every time outside one).
 * `compute` must be a pure function of the text, and its callers must not change what it returns:
 * the other checks of the request get the same value.
 *
 * @example const normalized = shared(normalizeText, text);
 */
export function shared<V>(compute: (text: string) => V, text: string): V {
  if (memos === undefined) return compute(text);
  let memo = memos.get(compute) as Map<string, V> | undefined;
  if (memo === undefined) {
    memo = new Map();
    memos.set(compute, memo);
  }
  if (memo.has(text)) return memo.get(text) as V;
  const value = compute(text);
  memo.set(text, value);
  return value;
}
