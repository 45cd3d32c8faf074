import { qs } from '../api.js';
import { count, fullTime, LATENCY_COUNTS, ms, pct, plural, usd } from '../format.js';
import { href } from '../router.js';
import type { Overview, ReplicaBreakdown } from '../types.js';
import { SortTh, useSort } from './sortable.js';
import { Label, When } from './ui.js';

type Row = ReplicaBreakdown['replicas'][number];
type Column = 'name' | 'requests' | 'errorRate' | 'p50' | 'p95' | 'cost' | 'lastSeen';

/** A replica with no call this long before the newest replica's last one is marked quiet: longer than a minute row's gap under steady traffic. */
const QUIET_AFTER_MS = 10 * 60_000;
/** A replica whose error rate is at least this many times the others' (and has a few errors) is marked. */
const ERRS_MORE = 2;
const ERRS_AT_LEAST = 3;

function value(row: Row, column: Column): number | string | null {
  switch (column) {
    case 'name':
      return row.name;
    case 'requests':
      return row.requests;
    case 'errorRate':
      return row.errorRate;
    case 'p50':
    case 'p95':
      return row.latency[column];
    case 'cost':
      return row.costUsd;
    case 'lastSeen':
      return row.lastSeen;
  }
}

/**
 * Whether a replica stopped serving while others went on (`quiet`), or fails more than the rest
 * of the range's named calls (`errs`): what an operator of several replicas looks for here.
 */
export function replicaSignals(row: Row, all: ReplicaBreakdown): { quiet: boolean; errs: boolean } {
  const newest = Math.max(...all.replicas.map((r) => r.lastSeen ?? 0));
  const quiet = row.lastSeen !== null && newest - row.lastSeen > QUIET_AFTER_MS;
  const requests = all.replicas.reduce((n, r) => n + r.requests, all.more.requests) - row.requests;
  const errors = all.replicas.reduce((n, r) => n + r.errors, all.more.errors) - row.errors;
  const othersRate = requests > 0 ? errors / requests : 0;
  const errs = requests > 0 && row.errors >= ERRS_AT_LEAST && row.errorRate >= ERRS_MORE * othersRate && row.errorRate > othersRate;
  return { quiet, errs };
}

/**
 * The overview's "By replica" table: each gateway process's calls over the range, busiest first
 * (the API lists at most 20; the rest are one line), each name linked to its calls and cut to a
 * width with the whole of it on hover. Shown once any call of the range names its replica.
 */
export function ReplicaTable({ overview }: { overview: Overview }) {
  const sort = useSort<Column>();
  const b = overview.byReplica;
  if (!b || b.replicas.length === 0) return null;
  const newest = Math.max(...b.replicas.map((r) => r.lastSeen ?? 0));
  return (
    <section data-testid="replica-table">
      <h2>By replica</h2>
      <p className="muted small">
        Each gateway process's calls in the range ($SWITCHYARD_REPLICA, else its host and pid). A replica that stopped serving while the others went on is marked <em>quiet</em>; one whose error rate is at least twice the others' is marked <em>errs more</em>. Last seen is its last call of any kind, to the minute (to the hour past 14 days).
      </p>
      <div className="scroll-x">
        <table className="table stack">
          <thead>
            <tr>
              <SortTh label="replica" column="name" sort={sort} text />
              <SortTh label="requests" column="requests" sort={sort} num />
              <SortTh label="error rate" column="errorRate" sort={sort} num />
              <SortTh label="p50" column="p50" sort={sort} num title={LATENCY_COUNTS} />
              <SortTh label="p95" column="p95" sort={sort} num title={LATENCY_COUNTS} />
              <SortTh label="cost" column="cost" sort={sort} num />
              <SortTh label="last seen" column="lastSeen" sort={sort} num />
            </tr>
          </thead>
          <tbody>
            {sort.apply(b.replicas, value).map((row) => {
              const signals = replicaSignals(row, b);
              return (
                <tr key={row.name} data-testid="replica-row">
                  <td data-label="replica">
                    <a className="mono" href={href(`/traces${qs({ replica: row.name })}`)}>
                      <Label text={row.name} max={32} />
                    </a>
                    {signals.quiet ? (
                      <>
                        {' '}
                        <span className="pill warn" data-testid="replica-quiet" title={`no call since ${fullTime(row.lastSeen)}, while another replica served until ${fullTime(newest)}`}>
                          quiet
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td data-label="requests" className="num">{count(row.requests)}</td>
                  <td data-label="error rate" className="num">
                    {pct(row.errorRate)}
                    {signals.errs ? (
                      <>
                        {' '}
                        <span className="pill bad" data-testid="replica-errs" title={`${plural(row.errors, 'error')} in ${plural(row.requests, 'call')}: at least twice the other replicas' rate`}>
                          errs more
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td data-label="p50" className="num">{ms(row.latency.p50)}</td>
                  <td data-label="p95" className="num">{ms(row.latency.p95)}</td>
                  <td data-label="cost" className="num">{usd(row.costUsd)}</td>
                  <td data-label="last seen" className="num">
                    <When ts={row.lastSeen} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {b.more.replicas > 0 ? (
        <p className="muted small" data-testid="replica-more">
          {count(b.more.replicas)} more {b.more.replicas === 1 ? 'replica' : 'replicas'}: {plural(b.more.requests, 'call')}, {plural(b.more.errors, 'error')}, {usd(b.more.costUsd)}. Filter the traces by replica to see one of them.
        </p>
      ) : null}
      {b.unnamed > 0 ? (
        <p className="muted small" data-testid="replica-unnamed">
          {plural(b.unnamed, 'call')} of the range name no replica: traced before replicas were recorded.
        </p>
      ) : null}
    </section>
  );
}
