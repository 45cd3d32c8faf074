import { type FormEvent, useEffect, useRef, useState } from 'react';
import { qs } from '../api.js';
import { useApi } from '../components/use-api.js';
import { GuardPill } from '../components/guardrails.js';
import { RetentionNote } from '../components/retention-note.js';
import { breakableText, EmptyRow, ErrorBox, Label, Loading, nameText, shortLabel, When } from '../components/ui.js';
import { costCell, count, ms, ownEntry } from '../format.js';
import { href, navigate, type Route } from '../router.js';
import type { DimensionsResponse, TracePage, TraceSummary } from '../types.js';
import { KeyCell, ModelCell, ModelOptions } from '../components/trace-names.js';
import { clipAtWord } from '../../../src/core/clip.js';
import { TRACE_SORT_KEYS, type TraceSortKey } from '../../../src/core/trace-sort.js';
import { type SortControl, SortTh } from '../components/sortable.js';

const FIELDS = ['model', 'key', 'provider', 'team', 'status', 'guard', 'since', 'min_cost', 'min_latency_ms', 'q', 'meta', 'session', 'replica', 'sort', 'order', 'before'] as const;
const SINCE: Record<string, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000, '30d': 2_592_000_000 };

/** What the guard filter offers, as the overview's guardrail tiles name it. */
const GUARD: [string, string][] = [
  ['guarded', 'went through a policy'],
  ['redact', 'PII redacted'],
  ['block', 'blocked'],
  ['flag', 'flagged for review'],
  ['warn', 'warned'],
];

/** The filters a phone shows on asking ("More filters"); a wider screen shows them all. */
const MORE_FILTERS = ['key', 'provider', 'team', 'guard', 'since', 'min_cost', 'min_latency_ms', 'meta', 'session', 'replica'] as const;

/** The list's orders, as the phone's order select names them (key:dir, as `sort` and `order` in the address). */
const ORDERS: [string, string][] = [
  ['time:desc', 'newest first'],
  ['time:asc', 'oldest first'],
  ['latency:desc', 'slowest first'],
  ['latency:asc', 'fastest first'],
  ['cost:desc', 'costliest first'],
  ['cost:asc', 'cheapest first'],
  ['tokens:desc', 'most tokens first'],
  ['tokens:asc', 'fewest tokens first'],
];

/** The query the API takes from the page's filters: `meta` is "field=value", `since` a preset. */
function apiQuery(filters: Record<string, string>): string {
  const params: Record<string, string | number | undefined> = { limit: 50 };
  for (const [k, v] of Object.entries(filters)) {
    if (!v) continue;
    if (k === 'since') {
      const span = ownEntry(SINCE, v);
      params.since = span === undefined ? v : Date.now() - span;
    }
    else if (k === 'meta') {
      const at = v.indexOf('=');
      if (at > 0) params[`meta.${v.slice(0, at).trim()}`] = v.slice(at + 1).trim();
    } else params[k] = v;
  }
  return qs(params);
}

/** Filterable, cursor-paginated trace list. Filters live in the URL, so a filtered view can be shared. */
export function TracesPage({ route }: { route: Route }) {
  const filters = Object.fromEntries(FIELDS.map((f) => [f, route.query.get(f) ?? ''])) as Record<string, string>;
  const [draft, setDraft] = useState(filters);
  // A link that changes the filters (a session chip) leaves this page mounted: the form follows
  // the fields it changed, or Apply would drop the filter the list shows. The other fields keep
  // their unapplied edits: paging (`before`), a new order (the phone's order select, a header)
  // took the whole address and dropped what was typed but not applied.
  const applied = FIELDS.map((f) => (f === 'before' ? '' : filters[f])).join('\u0000');
  const shownFilters = useRef(filters);
  useEffect(() => {
    const before = shownFilters.current;
    shownFilters.current = filters;
    setDraft((d) => Object.fromEntries(FIELDS.map((f) => [f, f !== 'before' && filters[f] !== before[f] ? filters[f] : (d[f] ?? '')])) as Record<string, string>);
  }, [applied]);
  const [history, setHistory] = useState<string[]>([]);
  // On a phone the eleven filters took the whole first screen before any trace: the model, status,
  // search and order stay, the rest open on asking (already open when a link set one of them).
  const moreSet = MORE_FILTERS.filter((f) => filters[f]).length;
  const [more, setMore] = useState(moreSet > 0);
  const { data, error, loading } = useApi<TracePage>(`/api/traces${apiQuery(filters)}`);
  const dims = useApi<DimensionsResponse>('/api/dimensions').data;
  // A replica column only where it tells calls apart: a page served by one process (most
  // gateways, or a list filtered to one replica) would repeat one name on every row.
  const replicas = new Set((data?.traces ?? []).map((t) => t.replica).filter(Boolean));
  const showReplica = replicas.size > 1;
  const routes = new Set(dims?.routeNames ?? []);
  // On an open gateway no call has a key: a column saying so on every row is said once above the list instead.
  const keyless = dims?.openGateway === true && (data?.traces.every((t) => !t.keyName) ?? false);
  const order = (choice: string) => {
    const [key, dir] = choice.split(':');
    setHistory([]);
    navigate('/traces', { ...filters, sort: key === 'time' ? undefined : key, order: dir === 'asc' ? 'asc' : undefined, before: undefined });
  };
  // The order is the server's (a page of 50 sorted here would be a page out of order) and in the
  // address, so a link opens the same view; a new column sorts biggest first, again flips it.
  const sort: SortControl<TraceSortKey> = {
    state: { key: (TRACE_SORT_KEYS as readonly string[]).includes(filters.sort ?? '') ? (filters.sort as TraceSortKey) : 'time', dir: filters.order === 'asc' ? 'asc' : 'desc' },
    toggle: (key) => order(`${key}:${sort.state?.key === key && sort.state.dir === 'desc' ? 'asc' : 'desc'}`),
  };
  const timeOrder = sort.state?.key === 'time';
  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    setHistory([]);
    navigate('/traces', { ...draft, before: undefined });
  };
  const select = (name: 'model' | 'key' | 'provider' | 'team') => (
    <label className={name === 'model' ? undefined : 'more'}>
      {name}
      <select aria-label={name} value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}>
        <option value="">any</option>
        {/* A select is as wide as its longest option: a 100-character key name widened the form past the page. */}
        {name === 'model' ? (
          // Routes are names clients call too, but each picks among models per request: listed apart, so neither passes for the other.
          <ModelOptions names={dims?.model ?? []} routes={routes} />
        ) : (
          (dims?.[name] ?? []).map((v) => (
            <option key={v} value={v} title={v}>
              {shortLabel(v)}
            </option>
          ))
        )}
        {name === 'model' && dims?.unconfiguredModels?.length ? (
          <optgroup label="not configured (requested anyway)">
            {dims.unconfiguredModels.map((v) => (
              <option key={v} value={v} title={v}>
                {shortLabel(v)}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </label>
  );
  return (
    <div>
      <div className="toolbar">
        <h1>Traces</h1>
      </div>
      <RetentionNote />
      <form className={more ? 'filters more-open' : 'filters'} onSubmit={apply}>
        {select('model')}
        {select('key')}
        {select('provider')}
        {select('team')}
        <label>
          status
          <select aria-label="status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="error">error</option>
            <option value="429">429</option>
            <option value="502">502</option>
          </select>
        </label>
        <label className="more">
          guard
          <select aria-label="guard" value={draft.guard} onChange={(e) => setDraft({ ...draft, guard: e.target.value })}>
            <option value="">any</option>
            {GUARD.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="more">
          since
          <select aria-label="since" value={draft.since} onChange={(e) => setDraft({ ...draft, since: e.target.value })}>
            <option value="">any time</option>
            {Object.keys(SINCE).map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="more">
          min cost $
          <input aria-label="min cost" size={6} value={draft.min_cost} onChange={(e) => setDraft({ ...draft, min_cost: e.target.value })} />
        </label>
        <label className="more">
          min latency ms
          <input aria-label="min latency" size={6} value={draft.min_latency_ms} onChange={(e) => setDraft({ ...draft, min_latency_ms: e.target.value })} />
        </label>
        <label className="more">
          metadata
          <input aria-label="metadata" placeholder="feature=support" size={14} value={draft.meta} onChange={(e) => setDraft({ ...draft, meta: e.target.value })} />
        </label>
        <label className="more">
          session
          <input aria-label="session" placeholder="conversation id" size={14} value={draft.session} onChange={(e) => setDraft({ ...draft, session: e.target.value })} />
        </label>
        <label className="more">
          replica
          <input aria-label="replica" placeholder="gateway process" size={12} value={draft.replica} onChange={(e) => setDraft({ ...draft, replica: e.target.value })} />
        </label>
        <label className="grow">
          search
          <input aria-label="search" placeholder="text in request, response, error" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        {/* On a phone the list is cards without its headers, which sort it on a wider screen: the order is chosen here, at once. */}
        <label className="phone-only">
          order
          <select aria-label="order" value={`${sort.state?.key}:${sort.state?.dir}`} onChange={(e) => order(e.target.value)}>
            {ORDERS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          Apply
        </button>
        <button type="button" className="phone-only" aria-expanded={more} onClick={() => setMore(!more)}>
          {more ? 'Fewer filters' : `More filters${moreSet ? ` (${moreSet} set)` : ''}`}
        </button>
      </form>
      <ErrorBox error={error} />
      {loading && !data ? <Loading what="traces" /> : null}
      {data ? (
        <>
          {keyless ? (
            <div className="muted small" data-testid="open-gateway">
              Open gateway: no keys are configured, so the gateway accepts any caller and calls carry no key (the key column is left out). Create one under <a href={href('/keys')}>Keys &amp; budgets</a> to meter and limit callers.
            </div>
          ) : null}
          {data.scanned ? <div className="muted small">Searched the {count(data.scanned)} {timeOrder && sort.state?.dir === 'asc' ? 'oldest' : 'most recent'} traces matching the other filters; "{timeOrder && sort.state?.dir === 'asc' ? 'Newer' : 'Older'}" continues further.</div> : null}
          {data.sortedWithin ? (
            <div className="muted small" data-testid="sorted-within">
              Sorted the {count(data.sortedWithin)} most recent traces matching the filters; narrow the model, key, status or since to reach older ones.
            </div>
          ) : null}
          {/* Wide rows (errors, metadata chips) scroll inside the list instead of widening the page. */}
          <div className="scroll-x">
            <table className="table clickable trace-table stack" data-testid="trace-table">
              <thead>
                <tr>
                  <SortTh label="time" column="time" sort={sort} />
                  <th>model</th>
                  <th>provider</th>
                  {showReplica ? <th title="the gateway process that served the call ($SWITCHYARD_REPLICA, else its host and pid)">replica</th> : null}
                  {keyless ? null : <th>key</th>}
                  <th>status</th>
                  <SortTh label="tokens in/out" column="tokens" sort={sort} num title="sorts by tokens in and out together" />
                  <SortTh label="cost" column="cost" sort={sort} num />
                  <SortTh label="latency" column="latency" sort={sort} num />
                  <th>metadata</th>
                </tr>
              </thead>
              <tbody>
                {data.traces.map((t) => (
                  <tr key={t.id} onClick={() => navigate(`/traces/${encodeURIComponent(t.id)}`)}>
                    <td>
                      <a href={href(`/traces/${encodeURIComponent(t.id)}`)}>
                        <When ts={t.ts} />
                      </a>
                    </td>
                    <td data-label="model">
                      <ModelCell trace={t} />
                    </td>
                    {/* The name cut like the model and key (whole on hover): a 64-character provider name, uncut and
                        kept on one line with its pill, pushed the list 280 px past its box at 1,366 px. The pill goes
                        under the name when the column is short of room. */}
                    <td data-label="provider">
                      {t.provider ? (
                        <Label text={t.provider} />
                      ) : t.attempts.at(-1) ? (
                        <>
                          <Label text={t.attempts.at(-1)?.provider ?? ''} /> <span title="no target answered; the last one tried">(failed)</span>
                        </>
                      ) : (
                        '–'
                      )}
                      {t.decisions?.simulated ? (
                        <>
                          {' '}
                          <span className="pill" title="answered by the built-in simulator, not a real model">simulated</span>
                        </>
                      ) : null}
                    </td>
                    {showReplica ? (
                      <td data-label="replica">
                        {/* Cut to a width (the whole name on hover): names run to 100 characters. Its own link, not the row's, as the session chip. */}
                        {t.replica ? (
                          <a className="mono" data-testid="replica-cell" href={href('/traces', { replica: t.replica })} title={`replica ${nameText(t.replica)}: list its calls`} onClick={(e) => e.stopPropagation()}>
                            <Label text={t.replica} max={24} />
                          </a>
                        ) : (
                          <span title="traced before replicas were recorded">–</span>
                        )}
                      </td>
                    ) : null}
                    {keyless ? null : (
                      <td data-label="key">
                        <KeyCell name={t.keyName} open={dims?.openGateway === true} />
                      </td>
                    )}
                    <td data-label="status">
                      <span className={t.status >= 400 ? 'pill bad' : 'pill ok'}>{t.status}</span>
                      {t.stream ? <span className="pill">stream</span> : null}
                      <GuardPill decisions={t.decisions} />
                      {/* The error under its status, not in a column of its own: an empty error column on every good row pushed latency out of view at 1,400 px. */}
                      {t.errorCode ? (
                        <div className="small error-cell" data-testid="trace-error" title={`${t.errorCode}: ${(t.errorMessage ?? '').slice(0, 2000)}`}>
                          {`${t.errorCode}: ${clipAtWord(t.errorMessage ?? '', 100)}`}
                        </div>
                      ) : null}
                    </td>
                    <td data-label="tokens in/out" className="num">
                      {count(t.inputTokens)} / {count(t.outputTokens)}
                    </td>
                    <td data-label="cost" className="num" title={costCell(t).title}>
                      {costCell(t).text}
                    </td>
                    <td data-label="latency" className="num">
                      {ms(t.latencyMs)}
                      {/* A whole answer's first token is its last: time to first token says something only for streams. */}
                      {t.stream && t.ttftMs !== null && t.ttftMs !== undefined ? <div className="muted small">TTFT {ms(t.ttftMs)}</div> : null}
                    </td>
                    <td data-label="metadata" className="small">
                      {/* Two chips a line at most: uncapped, this column took all the room a wide window adds. */}
                      <div className="meta-chips">
                        {t.session ? (
                          // The conversation's other calls: a link of its own, not the row's (which opens the trace).
                          <a
                            className="chip mono clip"
                            data-testid="session-chip"
                            title={`session ${nameText(t.session)}: list its calls`}
                            href={href('/traces', { session: t.session })}
                            onClick={(e) => e.stopPropagation()}
                          >
                            session=<bdi>{breakableText(nameText(t.session))}</bdi>
                          </a>
                        ) : null}
                        {Object.entries(t.metadata ?? {}).slice(0, 6).map(([name, value]) => {
                          // Clipped to a width (the whole pair on hover): values are the client's and may be long.
                          const shown = typeof value === 'string' ? value : JSON.stringify(value);
                          const pair = nameText(`${name}=${shown}`);
                          // bdi around each part: a right-to-left override in a key or value stays in it.
                          return (
                            <span key={name} className="chip mono clip" data-testid="meta-chip" title={pair}>
                              <bdi>{breakableText(nameText(name))}</bdi>=<bdi>{breakableText(nameText(shown))}</bdi>
                            </span>
                          );
                        })}
                      </div>
                    </td>
                  </tr>
                ))}
                {data.traces.length === 0 ? (
                  <EmptyRow columns={(keyless ? 8 : 9) + (showReplica ? 1 : 0)}>
                    {/* A fresh gateway has no traces at all: say how to make one, as the overview does. */}
                    {Object.entries(filters).some(([name, value]) => value && name !== 'sort' && name !== 'order') ? 'No traces match these filters.' : "No traces yet. Point an OpenAI or Anthropic SDK at this server (/v1 for OpenAI's) and send a request."}
                  </EmptyRow>
                ) : null}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <button type="button" disabled={history.length === 0} onClick={() => {
                setHistory(history.slice(0, -1));
                navigate('/traces', { ...filters, before: history[history.length - 1] || undefined });
              }}>
              {/* Pages of a list sorted by a value are not newer or older. */}
              {timeOrder ? (sort.state?.dir === 'asc' ? '← Older' : '← Newer') : '← Previous'}
            </button>
            <button type="button" disabled={!data.next} onClick={() => (setHistory([...history, filters.before ?? '']), navigate('/traces', { ...filters, before: data.next ?? undefined }))}>
              {timeOrder ? (sort.state?.dir === 'asc' ? 'Newer →' : 'Older →') : 'Next →'}
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
