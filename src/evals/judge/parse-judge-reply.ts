import { SwitchyardError } from '../../core/errors.js';
import { unreadReply } from '../../core/unread-reply.js';

/** The object inside a reply that may be fenced or wrapped in prose. */
function jsonObjectIn(text: string): Record<string, unknown> | undefined {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end <= start) return undefined;
  try {
    const value: unknown = JSON.parse(text.slice(start, end + 1));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a judge's reply held instead of a score, in words that quote none of it: the judge read
 * the conversation, and this message reaches logs (online evaluation's), reports and traces.
 */
function scoreShape(json: Record<string, unknown> | undefined): string {
  if (!json) return 'no JSON object and no "Score: <number>"';
  const raw = json.score ?? json.rating;
  return raw === undefined ? 'a JSON object with no "score"' : `a JSON object whose "score" is ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : `a ${typeof raw}`} that is no number`;
}

/**
 * A judge's score and reason. Accepts the requested JSON, JSON in a fence or in prose, and as a
 * last resort "Score: 4". A score off the scale is an error, never clamped: clamping would hide
 * a judge that misunderstood its scale. A reply with no score is an error that says what came
 * (its length and shape, and the judge call's trace, which holds the reply), never the reply.
 *
 * @example parseJudgeReply('{"reason":"Polite and correct","score":5}', [1, 5]) // { score: 5, reason: 'Polite and correct' }
 * @example parseJudgeReply('Looks fine', [1, 5], 'tr_1') // throws: the judge's reply has no score: expected … (10 characters: no JSON object and no "Score: <number>"; the reply is on trace tr_1)
 */
export function parseJudgeReply(text: string, scale: readonly [number, number], traceId?: string | null): { score: number; reason: string } {
  const json = jsonObjectIn(text);
  let score: number | undefined;
  let reason = '';
  if (json) {
    const raw = json.score ?? json.rating;
    score = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : undefined;
    reason = typeof json.reason === 'string' ? json.reason : typeof json.explanation === 'string' ? json.explanation : '';
  }
  if (score === undefined || Number.isNaN(score)) {
    const match = /score\W{0,5}(-?\d+(?:\.\d+)?)/i.exec(text);
    if (match) score = Number(match[1]);
    reason ||= text.trim().slice(0, 300);
  }
  if (score === undefined || Number.isNaN(score)) {
    throw new SwitchyardError('upstream_error', `the judge's reply has no score: expected {"reason": "…", "score": <number>} or "Score: <number>" ${unreadReply(text, scoreShape(json), traceId)}`, { detail: { traceId: traceId ?? null, replyChars: text.length } });
  }
  if (score < scale[0] || score > scale[1]) throw new SwitchyardError('upstream_error', `the judge's score ${score} is off the scale ${scale[0]}–${scale[1]}`);
  return { score, reason };
}

/**
 * A pairwise judge's verdict: "A", "B" or "tie". A reply naming none is an error that says what
 * came without quoting it, as for a score.
 *
 * @example parseWinner('{"reason":"B cites the policy","winner":"B"}') // { winner: 'B', reason: 'B cites the policy' }
 */
export function parseWinner(text: string, traceId?: string | null): { winner: 'A' | 'B' | 'tie'; reason: string } {
  const json = jsonObjectIn(text);
  const raw = typeof json?.winner === 'string' ? json.winner.trim().toUpperCase() : (/winner\W{0,5}(A|B|tie)\b/i.exec(text)?.[1] ?? '').toUpperCase();
  const reason = typeof json?.reason === 'string' ? json.reason : text.trim().slice(0, 300);
  if (raw === 'A' || raw === 'B') return { winner: raw, reason };
  if (raw === 'TIE') return { winner: 'tie', reason };
  const shape = json ? (json.winner === undefined ? 'a JSON object with no "winner"' : 'a JSON object whose "winner" is not "A", "B" or "tie"') : 'no JSON object and no "Winner: A|B|tie"';
  throw new SwitchyardError('upstream_error', `the pairwise judge named no winner: expected {"reason": "…", "winner": "A" | "B" | "tie"} ${unreadReply(text, shape, traceId)}`, { detail: { traceId: traceId ?? null, replyChars: text.length } });
}
