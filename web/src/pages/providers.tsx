import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { CacheHits } from '../components/cache-hits.js';
import { useApi } from '../components/use-api.js';
import { ErrorBox, Label, Loading, Stat } from '../components/ui.js';
import { bytes, count, duration, ms } from '../format.js';
import type { CacheStats, TargetStatus } from '../types.js';

interface ProvidersReport {
  targets: TargetStatus[];
  cache: CacheStats | { error: string };
  /** Names opted into the cache; empty when it is off (servers before it was sent: undefined). */
  cachedNames?: string[];
}

/**
 * Which calls the cache answers: it is opt-in, and a page of zeros with an "Empty cache" button
 * read as a cache that was on and never hit, with no word on how to turn it on.
 */
function CacheScope({ names }: { names: string[] | undefined }) {
  if (names === undefined) return null;
  if (names.length === 0) {
    return (
      <p className="muted" data-testid="cache-scope">
        Off: no model or route opts in. List them under <code>cache.routes</code> in the config (<code>"*"</code> for every one), e.g.{' '}
        <code>{'cache: { routes: { small: {} } }'}</code>; only <code>temperature: 0</code> requests are cached unless a route says <code>any_temperature: true</code>.
      </p>
    );
  }
  return (
    <p className="muted" data-testid="cache-scope">
      Caches {names.includes('*') ? 'every model and route' : names.map((n, i) => (<span key={n}>{i > 0 ? ', ' : null}<Label text={n} /></span>))} (<code>temperature: 0</code> requests unless a route says <code>any_temperature: true</code>).
    </p>
  );
}

const STATE_LABEL: Record<TargetStatus['state'], string> = { closed: 'closed', open: 'open', half_open: 'half open' };

/** Targets listed before "Show all": a config of hundreds made a page of hundreds of rows. */
const TARGETS_SHOWN = 20;
const STATE_RANK: Record<TargetStatus['state'], number> = { open: 0, half_open: 1, closed: 2 };

/**
 * Trouble first: open circuits, then half-open, then the most recent failures; otherwise the
 * server's order.
 */
function troubleFirst(targets: readonly TargetStatus[]): TargetStatus[] {
  return [...targets].sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || b.windowFailures - a.windowFailures || b.consecutiveFailures - a.consecutiveFailures);
}

/** Each provider target's circuit breaker, latency, load and rate-limit headroom, and the response cache; refreshed every 5 s. */
export function ProvidersPage() {
  const { data, error, reload } = useApi<ProvidersReport>('/api/providers');
  const [clearing, setClearing] = useState<string | undefined>();
  const [all, setAll] = useState(false);
  // Counts the 5 s refreshes, so the cache's hit rate reloads with the rest.
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      reload();
      setTick((n) => n + 1);
    }, 5_000);
    return () => clearInterval(timer);
  }, [reload]);
  const clear = () =>
    api('/api/cache', { method: 'DELETE' }).then(
      () => (setClearing(undefined), reload()),
      (e: Error) => setClearing(e.message),
    );
  const now = Date.now();
  const targets = data ? troubleFirst(data.targets) : [];
  const shown = all ? targets : targets.slice(0, TARGETS_SHOWN);
  return (
    <div>
      <div className="toolbar">
        <h1>Providers and cache</h1>
      </div>
      <ErrorBox error={error ?? clearing} />
      {!data && !error ? <Loading what="providers" /> : null}
      {data ? (
        <>
          <p className="muted">Circuit breakers open after repeated failures and skip the target until a probe succeeds. Latency and rate-limit headroom steer balanced models. Each replica keeps its own breakers, latencies and counts: this table is the replica that served this page.</p>
          {data.targets.length === 0 ? (
            <p className="muted">No provider target has been called yet: each model's provider appears here, with its circuit breaker and latency, after its first request.</p>
          ) : (
            <div className="scroll-x">
              <table className="table stack" data-testid="targets">
                <thead>
                  <tr>
                    <th>target</th>
                    <th>circuit</th>
                    <th className="num">failures in a row</th>
                    {/* "in window" alone said nothing of how long the window is (breaker.window_ms, one for every target). */}
                    <th className="num">failures in last {duration(data.targets[0]?.windowMs ?? 30_000)}</th>
                    <th className="num">latency</th>
                    <th className="num">in flight</th>
                    <th className="num">rate limit left</th>
                    <th className="num">times opened</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((t) => (
                    <tr key={t.target} data-testid={`target-${t.target}`}>
                      <td data-label="target">
                        <Label text={t.target} />
                      </td>
                      <td data-label="circuit">
                        <span className={`pill ${t.state === 'closed' ? 'ok' : 'bad'}`}>{STATE_LABEL[t.state]}</span>
                        {t.state === 'open' && t.retryAt !== null ? <span className="muted small"> probe in {Math.max(0, Math.ceil((t.retryAt - now) / 1000))} s</span> : null}
                      </td>
                      <td data-label="failures in a row" className="num">{t.consecutiveFailures}</td>
                      <td data-label={`failures in last ${duration(t.windowMs)}`} className="num">
                        {t.windowFailures} of {t.windowAttempts}
                      </td>
                      <td data-label="latency" className="num">{ms(t.latencyMs)}</td>
                      <td data-label="in flight" className="num">{t.inFlight}</td>
                      <td data-label="rate limit left" className="num">{t.headroom === null ? '–' : `${Math.round(t.headroom * 100)}%`}</td>
                      <td data-label="times opened" className="num">{t.opened}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {targets.length > TARGETS_SHOWN ? (
                <button type="button" className="link" onClick={() => setAll(!all)}>
                  {all ? `Show the first ${TARGETS_SHOWN}` : `Show all ${targets.length} targets (${targets.length - TARGETS_SHOWN} more, open circuits and failures listed first)`}
                </button>
              ) : null}
            </div>
          )}
          <h2>Response cache</h2>
          <CacheScope names={data.cachedNames} />
          {'error' in data.cache ? (
            <ErrorBox error={data.cache.error} />
          ) : (
            <div className="stats" data-testid="cache">
              <Stat label="store" value={data.cache.store} />
              <Stat label="entries" value={count(data.cache.entries)} hint={data.cache.maxEntries === null ? undefined : `of ${count(data.cache.maxEntries)}`} />
              <Stat label="size" value={bytes(data.cache.bytes)} hint={data.cache.maxBytes === null ? undefined : `of ${(data.cache.maxBytes / 1_048_576).toFixed(0)} MB`} />
              <Stat label="evicted" value={count(data.cache.evictions)} />
            </div>
          )}
          {data.cachedNames === undefined || data.cachedNames.length > 0 ? <CacheHits tick={tick} /> : null}
          {/* The action under the figures, not a fifth card among them. */}
          <div className="row muted">
            {'error' in data.cache ? null : (
              <button type="button" onClick={() => void clear()}>
                Empty cache
              </button>
            )}
            <span>
              Each call the cache answered: <a href="#/traces?provider=cache">traces answered from the cache</a>.
            </span>
          </div>
        </>
      ) : null}
    </div>
  );
}
