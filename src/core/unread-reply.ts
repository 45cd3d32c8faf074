/**
 * A model's reply the gateway could not read (a judge's with no score, a reranker's with no
 * scores), described without a word of it: such replies restate the conversation they judged, and
 * the description goes to logs, reports, trace decisions and headers that outlive the trace's own
 * bodies or were never meant to hold them. The call's trace, where there is one, holds the reply
 * under the store's body settings (redacted, or not kept), so the description names it instead.
 *
 * @example unreadReply('I think it is fine', 'no JSON object', 'tr_9') // '(18 characters: no JSON object; the reply is on trace tr_9)'
 * @example unreadReply('', 'no JSON object') // '(an empty reply)'
 */
export function unreadReply(text: string, shape: string, traceId?: string | null): string {
  const where = traceId ? `; the reply is on trace ${traceId}` : '';
  if (text.trim() === '') return `(an empty reply${where})`;
  return `(${text.length} ${text.length === 1 ? 'character' : 'characters'}: ${shape}${where})`;
}
