import { clip, quoteClipped } from '../../core/clip.js';
/** What a routing policy decided: where the request goes and a short why. */
export interface RouteDecision {
  /** A configured model name or another route's name. */
  target: string;
  /** Short, printable ASCII: it goes on the trace and into the `x-switchyard-route` header. */
  reason: string;
}

/** Long enough for "rule 3: metadata.tier in [gold, platinum]; prompt_tokens > 4000"; short enough for a header. */
export const MAX_REASON_LENGTH = 200;

/**
 * Makes text safe and small enough for a response header: printable ASCII only (anything else
 * becomes `?`, so a metadata value or pattern can never inject a header line), runs of whitespace
 * collapsed, and at most `MAX_REASON_LENGTH` characters.
 *
 * @example headerSafe('rule 1: text matches /réfund/\n') // 'rule 1: text matches /r?fund/'
 */
export function headerSafe(text: string, max = MAX_REASON_LENGTH): string {
  const clipped = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const safe = clipped
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return safe.length <= max ? safe : clip(safe, max - 3, '...');
}

/** A value quoted for a reason, cut short: reasons name values, they do not carry them. */
export function quote(value: unknown, max = 40): string {
  // ASCII dots: reasons go into a header, where anything else would become '?'.
  return quoteClipped(value, max - 3, '...');
}
