import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';

/**
 * The 409 for a sampling rule whose name another rule has: the review page and the queue's items
 * name a rule by it, and two alike could not be told apart. Raised by the admin API's check and,
 * when two replicas pass that check at once, by the store's unique index on the name.
 *
 * @example throw ruleNameTaken('all support', 'rule_a')
 */
export function ruleNameTaken(name: string, otherId: string): SwitchyardError {
  return new SwitchyardError('invalid_request', `a sampling rule named ${quoteClipped(name)} already exists (${otherId}); choose another name, or edit that rule (PUT /api/review/rules/${otherId})`, { status: 409, param: 'name' });
}
