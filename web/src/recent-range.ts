import { useEffect } from 'react';
import { navigate, replaceQuery } from './router.js';
import type { Overview } from './types.js';

/**
 * Without a chosen range a page asks for `/api/overview?range=auto` (the last hour when every request
 * of the day is from it, a fresh install or a demo; else the day) and writes the range the answer
 * took into the address, so a reload or a shared link shows the same. With `refetch`, the page's
 * other reads need that range too: it navigates, and they load again.
 *
 * @example useRecentRange('/overview', overview.data, route.query.has('range'), { by });
 */
export function useRecentRange(path: string, data: Pick<Overview, 'range'> | undefined, explicit: boolean, query: Record<string, string | undefined>, { refetch = false } = {}): void {
  const key = JSON.stringify(query);
  const range = data?.range;
  useEffect(() => {
    if (explicit || !range) return;
    if (refetch) {
      if (range !== '24h') navigate(path, { ...query, range });
    } else replaceQuery(path, { ...query, range });
  }, [path, explicit, range, key, refetch]);
}
