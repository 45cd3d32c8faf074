// The support-chat traces the PostgreSQL ingest benches write (bench/pg-ingest.mjs and
// bench/pg-ingest-writer-ab.mjs): one maker, so an A/B of the writer measures the traces the main
// bench does.

export const WORDS = 'plan billing refund invoice account password export data team seat upgrade downgrade cancel trial receipt tax address card'.split(' ');
export const SYSTEM = 'You are the support assistant of a software company. Answer briefly, cite the help centre, never promise refunds you cannot grant, and ask for the account e-mail when you need it. '.repeat(2);

/**
 * Trace number `i` at `ts`: a support conversation of ~1 kB of JSON, bodies kept as the JSON text
 * they arrived in, as the gateway hands them to the writer. `JsonText` is the build's own class
 * (each build in an A/B brings its own dist/).
 *
 * @example supportTrace(JsonText, 7, Date.UTC(2026, 0, 1))
 */
export function supportTrace(JsonText, i, ts) {
  const kept = (value) => new JsonText(JSON.stringify(value));
  const w = (k) => WORDS[(i * 7 + k * 13) % WORDS.length];
  return {
    id: `tr_${ts.toString(36)}${i.toString(36).padStart(8, '0')}`, ts, requestId: `req_${i}`, endpoint: 'chat', keyName: `app-${i % 20}`, team: `team-${i % 4}`,
    requestedModel: i % 3 ? 'gpt-4o-mini' : 'claude-haiku-4-5', provider: i % 3 ? 'openai' : 'anthropic', upstreamModel: 'gpt-4o-mini', status: i % 50 ? 200 : 502,
    errorCode: i % 50 ? null : 'upstream_error', errorMessage: i % 50 ? null : 'upstream answered 502', stream: i % 2 === 0,
    inputTokens: 400, outputTokens: 150, cachedTokens: 0, reasoningTokens: 0, usageEstimated: false, costUsd: 0.001, ttftMs: i % 2 ? null : 200, latencyMs: 800 + (i % 400),
    attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 200, latencyMs: 800 }], metadata: { feature: w(0), user: `u${i % 5000}` }, decisions: null,
    request: kept({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: `Question ${i}: how do I ${w(1)} my ${w(2)} and keep my ${w(3)} after the ${w(4)}?` }] }),
    response: kept({ id: `chatcmpl-${i}`, choices: [{ index: 0, message: { role: 'assistant', content: `Answer ${i}: open Settings, then ${w(5)}, and choose ${w(6)}. Your ${w(7)} stays as it is.` }, finish_reason: 'stop' }] }),
  };
}
