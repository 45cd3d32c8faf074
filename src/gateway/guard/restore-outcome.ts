import type { ClientFormat } from '../../core/formats.js';
import type { PiiVault } from '../../guardrails/redaction/index.js';
import type { Outcome } from '../outcome.js';
import { mayHoldPlaceholder, restoreDeep } from './restore-json.js';
import { SseRestorer } from './restore-sse.js';

/**
 * The answer with the original values back in place of the placeholders, in the client's
 * format: a whole answer is parsed and restored string by string; a stream is restored event by
 * event as it flows (nothing is buffered beyond a possible placeholder's first characters).
 * `reasoning: false` leaves the model's reasoning as the provider wrote (and signed) it.
 * Errors pass through: they never contain model text.
 *
 * @example return restoreOutcome(await next(), vault, call.input.format);
 */
export function restoreOutcome(outcome: Outcome, vault: PiiVault, format: ClientFormat, reasoning = true): Outcome {
  if (outcome.kind === 'error') return outcome;
  if (outcome.kind === 'json') {
    // No "<" (nor its JSON escape): no placeholder to restore, so no parse and re-serialisation.
    if (!mayHoldPlaceholder(outcome.body)) return outcome;
    let parsed: unknown;
    try {
      parsed = JSON.parse(outcome.body);
    } catch {
      return outcome;
    }
    return { ...outcome, body: JSON.stringify(restoreDeep(parsed, vault, '', reasoning)) };
  }
  const restorer = new SseRestorer(format, vault, reasoning);
  const source = outcome.events;
  async function* restored(): AsyncGenerator<string> {
    for await (const piece of source) {
      const out = restorer.push(piece);
      if (out !== '') yield out;
    }
    const rest = restorer.end();
    if (rest !== '') yield rest;
  }
  return { ...outcome, events: restored() };
}
