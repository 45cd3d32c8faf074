import { type ReactNode, useState } from 'react';

export interface SortState<K extends string> {
  key: K;
  dir: 'asc' | 'desc';
}

/**
 * A table's sort, chosen by clicking its column headers: a new column sorts biggest first (names
 * A to Z), the same column again flips it. Rows whose value is missing go last either way.
 *
 * @example const sort = useSort<'requests' | 'cost'>(); const rows = sort.apply(data, (r, k) => (k === 'cost' ? r.costUsd : r.requests));
 */
export function useSort<K extends string>() {
  const [state, setState] = useState<SortState<K> | undefined>();
  return {
    state,
    toggle(key: K, text: boolean) {
      setState((s) => (s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: text ? 'asc' : 'desc' }));
    },
    /** The rows in the chosen order; as given until a column is chosen. */
    apply<R>(rows: readonly R[], value: (row: R, key: K) => number | string | null): R[] {
      if (!state) return [...rows];
      const sign = state.dir === 'asc' ? 1 : -1;
      return [...rows].sort((a, b) => {
        const x = value(a, state.key);
        const y = value(b, state.key);
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        return sign * (typeof x === 'string' || typeof y === 'string' ? String(x).localeCompare(String(y)) : x - y);
      });
    },
  };
}

/** What a sortable header reads and calls: useSort's state in the page, or a sort kept in the address (the trace list's, which the server applies). */
export type SortControl<K extends string> = Pick<ReturnType<typeof useSort<K>>, 'state' | 'toggle'>;

/** A column header that sorts its table: a button (keyboard too), its state in `aria-sort` and an arrow drawn from it (CSS, so the header's text stays its name). */
export function SortTh<K extends string>({ label, column, sort, text = false, num = false, title }: { label: ReactNode; column: K; sort: SortControl<K>; text?: boolean; num?: boolean; title?: string }) {
  const on = sort.state?.key === column ? sort.state.dir : undefined;
  return (
    <th className={num ? 'num' : undefined} title={title} aria-sort={on === 'asc' ? 'ascending' : on === 'desc' ? 'descending' : 'none'}>
      <button type="button" className="sort" onClick={() => sort.toggle(column, text)}>
        {label}
      </button>
    </th>
  );
}
