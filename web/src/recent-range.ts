import { useEffect } from 'react';
import { replaceQuery } from './router.js';
import type { Overview } from './types.js';

/**
 * Without a chosen range a page asks for `range=auto` (`/api/overview`, `/api/routes`: the last hour
 * when every request of the day is from it, a fresh install or a demo; else the day) and writes the
 * range the answer took into the address, without fetching again, so a reload or a shared link
 * shows the same.
 *
 * @example useRecentRange('/overview', overview.data, route.query.has('range'), { by });
 */
export function useRecentRange(path: string, data: Pick<Overview, 'range'> | undefined, explicit: boolean, query: Record<string, string | undefined>): void {
  const key = JSON.stringify(query);
  const range = data?.range;
  useEffect(() => {
    if (explicit || !range) return;
    replaceQuery(path, { ...query, range });
  }, [path, explicit, range, key]);
}
