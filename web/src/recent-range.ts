import { useEffect } from 'react';
import { navigate } from './router.js';
import type { Overview } from './types.js';

/**
 * Without a chosen range a page follows the data: when every request is from the last hour (a
 * fresh install, a demo), it shows the last hour rather than one sliver at the right of a day.
 *
 * @example useRecentRange('/routes', overview.data, route.query.has('range'), {});
 */
export function useRecentRange(path: string, data: Overview | undefined, explicit: boolean, query: Record<string, string | undefined>): void {
  const key = JSON.stringify(query);
  useEffect(() => {
    if (explicit || !data || data.totals.requests === 0) return;
    const first = data.series.ts.find((_, i) => (data.series.requests[i] ?? 0) > 0);
    if (first !== undefined && first >= data.until - 3_600_000) navigate(path, { ...query, range: '1h' });
  }, [path, explicit, data, key]);
}
