import type { Log } from '../../core/log.js';
import type { BlindView } from '../../review/blind-reviews.js';
import { param, type QuerySpec } from '../query-params.js';

/** `?reveal=true`: an admin reads the verdicts blind review holds back (adjudicating, auditing). */
export const REVEAL_QUERY = { reveal: param.bool() } satisfies QuerySpec;

/**
 * The reviews a reader gets back from a review read: blind by default; with `reveal`, every one,
 * and an audit line naming who looked at what (only when it uncovered something), so reading the
 * others' verdicts early is an explicit act that shows, never the page's default.
 *
 * @example readableReviews({ name: 'ana', via: 'session' }, query.reveal === true, 'review item ri_1', (r) => blindView(item, list, principal.name, r), audit)
 */
export function readableReviews(principal: { name: string; via: string }, reveal: boolean, what: string, view: (reveal: boolean) => BlindView, audit?: Log): BlindView {
  const blind = view(false);
  if (!reveal || blind.hidden === 0) return blind;
  audit?.(`${JSON.stringify(principal.name)} (${principal.via}) revealed ${blind.hidden} blind review verdict${blind.hidden === 1 ? '' : 's'} of ${what}`, { admin: principal.name, revealed: blind.hidden });
  return view(true);
}
