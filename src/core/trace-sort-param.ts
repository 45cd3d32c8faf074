import { oneOf } from './guard-filter.js';
import { TRACE_SORT_KEYS, TRACE_SORT_ORDERS, type TraceSort } from './trace-sort.js';

/**
 * The trace list's sort from its two parameters (`sort=cost&order=asc` on the admin API,
 * `--sort cost --order asc` on the CLI): a key of {@link TRACE_SORT_KEYS} and `desc` (the
 * default) or `asc`; anything else is an error naming the parameter, the choices and the one most
 * likely meant. Undefined for newest first, the list's own order.
 *
 * @example traceSort('cost', undefined) // { key: 'cost', dir: 'desc' }
 * @example traceSort('price', undefined) // throws: sort must be one of time, latency, cost, tokens, got "price" (did you mean "time"?)
 * @example traceSort('cost', 'up', { sort: '--sort', order: '--order' }) // throws: --order must be one of desc, asc, got "up"
 */
export function traceSort(key: string | undefined, order: string | undefined, names = { sort: 'sort', order: 'order' }): TraceSort | undefined {
  const sort = { key: key ? oneOf(names.sort, key, TRACE_SORT_KEYS) : 'time', dir: order ? oneOf(names.order, order, TRACE_SORT_ORDERS) : 'desc' } as const;
  return sort.key === 'time' && sort.dir === 'desc' ? undefined : sort;
}
