/**
 * What a live version's status reason gains when its route's pin is released: short, as the
 * dashboard shows 60 characters of a reason (unpinned, retraining promotes versions that meet the bar again).
 */
const UNPINNED = '; unpinned';

/**
 * A live version's status reason once its route is unpinned: the pin held it live against
 * retraining, and "rolled back to version 1" alone still read as held after `models unpin`.
 * Unpinned twice (pinned again in between) it says so once.
 *
 * @example unpinnedReason('rolled back to version 1') // 'rolled back to version 1; unpinned'
 */
export function unpinnedReason(reason: string | null): string {
  const base = reason === null ? 'live' : reason.endsWith(UNPINNED) ? reason.slice(0, -UNPINNED.length) : reason;
  return `${base}${UNPINNED}`;
}
