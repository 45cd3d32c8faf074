import { useState } from 'react';
import { api } from '../api.js';
import { AppTracePanel } from '../components/app-trace.js';
import { Conversation } from '../components/conversation.js';
import { GroundingPanel } from '../components/grounding.js';
import { GuardrailsPanel } from '../components/guardrails.js';
import { RoutingPanel } from '../components/routing.js';
import { useApi } from '../components/use-api.js';
import { ErrorBox, JsonBlock, Label, Loading, Stat } from '../components/ui.js';
import { costLabel, count, fullTime, ms, usd } from '../format.js';
import { href } from '../router.js';
import type { DimensionsResponse, Feedback, Review, ReviewItem, TraceRecord } from '../types.js';
import { routedTo } from '../components/trace-names.js';
import { unknownModelRequested } from '../../../src/core/requested-model.js';
import { clip } from '../../../src/core/clip.js';
import { SimulatedPill } from '../components/simulated.js';
import { unpricedModel } from '../../../src/core/unpriced.js';
import { billingLabel } from '../../../src/core/billing-decision.js';

interface Annotations {
  items: ReviewItem[];
  reviews: Review[];
  /** Reviewers' verdicts on items still taking reviews, held back until the reader gave theirs. */
  hiddenReviews: number;
  feedback: Feedback[];
}

/** One trace: conversation, attempts, decisions, reviews and feedback; send it to review or a dataset. */
export function TraceDetailPage({ id }: { id: string }) {
  const { data: trace, error } = useApi<TraceRecord>(`/api/traces/${encodeURIComponent(id)}`);
  const notes = useApi<Annotations>(`/api/traces/${encodeURIComponent(id)}/annotations`);
  const openGateway = useApi<DimensionsResponse>('/api/dimensions').data?.openGateway === true;
  const [dataset, setDataset] = useState('');
  const [message, setMessage] = useState<string | undefined>();
  const [actionError, setActionError] = useState<string | undefined>();
  const act = async (work: () => Promise<string>) => {
    setActionError(undefined);
    try {
      setMessage(await work());
      notes.reload();
    } catch (e) {
      setActionError((e as Error).message);
    }
  };
  if (error) return <ErrorBox error={error} />;
  if (!trace) return <Loading what="trace" />;
  const asked = unknownModelRequested(trace);
  return (
    <div>
      <div className="toolbar">
        <h1>
          Trace <span className="mono small">{trace.id}</span>
        </h1>
        {/* The moment in full: a trace's page is the link people share, read on other days and in other zones. */}
        <time className="muted" dateTime={new Date(trace.ts).toISOString()} data-testid="trace-time">
          {fullTime(trace.ts)}
        </time>
        <a href={href('/traces')}>← all traces</a>
      </div>
      <div className="stats">
        {/* A route names the model it chose first: "support" over a provider's model read as a model called support. */}
        {/* A name nobody configured as the list shows it: the name, "not configured" under it (in one value,
            "(not configured)" broke where the name did: "(not conf / igured)"). */}
        <Stat names label={routedTo(trace) === undefined ? 'Model' : 'Route'} value={asked === undefined ? trace.requestedModel : clip(asked, 100)} hint={[routedTo(trace) ? `chose ${routedTo(trace)}` : undefined, asked === undefined ? undefined : 'not configured', trace.provider ?? 'no provider', trace.upstreamModel ?? undefined].filter(Boolean).join(' · ')} badge={trace.decisions?.simulated ? <SimulatedPill testId="trace-simulated" /> : undefined} />
        <Stat label="Status" value={String(trace.status)} hint={trace.errorCode ?? (trace.stream ? 'streamed' : trace.endpoint)} />
        <Stat label="Tokens in / out" value={`${count(trace.inputTokens)} / ${count(trace.outputTokens)}`} hint={`${count(trace.cachedTokens)} cached${trace.usageEstimated ? ' · estimated' : ''}`} />
        <Stat label="Cost" value={costLabel(trace)} hint={unpricedModel(trace) === undefined ? billingLabel(trace) : `no price for ${unpricedModel(trace)}: set price: on the model`} />
        <Stat label="TTFT / latency" value={`${ms(trace.ttftMs)} / ${ms(trace.latencyMs)}`} />
        <Stat names label="Key" value={trace.keyName ?? (openGateway ? 'open gateway' : '–')} hint={trace.keyName || !openGateway ? (trace.team ?? 'no team') : 'no keys are configured: any caller is accepted'} />
      </div>
      {trace.session ? (
        <div className="small" data-testid="trace-session">
          {/* Label isolates the client's id (bdi): a right-to-left override in it would reverse the link after it. */}
          Session <span className="mono"><Label text={trace.session} max={64} /></span> · <a href={href('/traces', { session: trace.session })}>all calls of this session</a>
        </div>
      ) : null}
      {trace.replica ? (
        <div className="small" data-testid="trace-replica">
          Served by replica <span className="mono"><Label text={trace.replica} max={100} /></span> · <a href={href('/traces', { replica: trace.replica })}>all calls of this replica</a>
        </div>
      ) : null}
      {trace.errorMessage ? <div className="error">{trace.errorMessage}</div> : null}
      <div className="grid2 wide-left">
        <section>
          <h2>Conversation</h2>
          <Conversation request={trace.request} response={trace.response} purged={trace.decisions?.purged} />
          <details>
            <summary>Raw request and response</summary>
            <JsonBlock value={{ request: trace.request, response: trace.response }} />
          </details>
        </section>
        <section>
          <h2>Actions</h2>
          <div className="card">
            <button type="button" onClick={() => void act(async () => ((await api<ReviewItem & { added: boolean }>(`/api/traces/${encodeURIComponent(trace.id)}/review`, { method: 'POST', body: {} })).added ? 'Queued for review.' : 'Already in the review queue.'))}>
              Send to review queue
            </button>
            <div className="row">
              <input aria-label="dataset name" placeholder="dataset name" value={dataset} onChange={(e) => setDataset(e.target.value)} />
              <button
                type="button"
                disabled={!dataset}
                onClick={() =>
                  void act(async () => {
                    const r = await api<{ dataset: string; version: number; added: number }>('/api/review/to-dataset', { method: 'POST', body: { dataset, trace_ids: [trace.id] } });
                    return `Added ${r.added} item to ${r.dataset} (version ${r.version}).`;
                  })
                }
              >
                Add to dataset
              </button>
            </div>
            {message ? <div className="ok-text">{message}</div> : null}
            <ErrorBox error={actionError} />
          </div>
          <h2>Attempts</h2>
          {trace.attempts.length === 0 ? (
            <div className="muted" data-testid="no-attempts">
              {noAttempts(trace)}
              {cachedFrom(trace) ? (
                <>
                  {' '}
                  The answer is{' '}
                  <a href={href(`/traces/${encodeURIComponent(cachedFrom(trace) as string)}`)} data-testid="cached-from">
                    the one traced on the call that made it
                  </a>
                  .
                </>
              ) : null}
            </div>
          ) : (
            <table className="table stack attempts" data-testid="attempts">
              <thead>
                <tr>
                  <th>#</th>
                  <th>provider</th>
                  <th>model</th>
                  <th>status</th>
                  <th className="num">latency</th>
                </tr>
              </thead>
              {/* An attempt's error on a row of its own under it, across the table: in a sixth column of the
                  narrow side panel it was one word a line, fourteen lines an attempt. */}
              {trace.attempts.map((a, i) => (
                <tbody key={i} className="attempt">
                  <tr>
                    <td data-label="attempt">{i + 1}</td>
                    {/* Names from the config, cut to one line each (whole on hover): uncut, a 64-character provider
                        and a 70-character upstream model widened the side panel past the page. */}
                    <td data-label="provider" className="name">
                      <Label text={a.provider} />
                    </td>
                    <td data-label="model" className="name">
                      <Label text={a.model} />
                    </td>
                    <td data-label="status">
                      <span className={a.status >= 400 || a.status === 0 ? 'pill bad' : 'pill ok'}>{a.status || 'no answer'}</span>
                      {/* The upstream's own code as it sent it: outside text, so cut like any other name. */}
                      {a.code !== undefined && a.code !== '' ? (
                        <span className="mono small attempt-code" data-testid="attempt-code">
                          {' '}
                          <Label text={String(a.code)} max={24} />
                        </span>
                      ) : null}
                    </td>
                    <td data-label="latency" className="num">{ms(a.latencyMs)}</td>
                  </tr>
                  {a.error ? (
                    <tr>
                      <td />
                      <td colSpan={4} className="small attempt-error" data-testid="attempt-error">
                        {a.error}
                      </td>
                    </tr>
                  ) : null}
                  {/* What a failed or cut attempt was booked at, and why: the provider bills it, and the
                      call's cost above counts it, though its tokens were counted here, not reported.
                      One whose billing cannot be known (a reset) says so rather than show a $0. */}
                  {a.billed ? (
                    <tr>
                      <td />
                      <td colSpan={4} className="small attempt-error" data-testid="attempt-billed" title={a.billed.reason}>
                        {a.billed.costUnknown ? (
                          'cost unknown'
                        ) : (
                          <>
                            billed {a.billed.estimated ? '~' : ''}
                            {usd(a.billed.costUsd)} ({count(a.billed.inputTokens)} in / {count(a.billed.outputTokens)} out{a.billed.estimated ? ', estimated' : ''})
                          </>
                        )}
                        : {a.billed.reason}
                      </td>
                    </tr>
                  ) : null}
                </tbody>
              ))}
            </table>
          )}
          <AppTracePanel trace={trace} />
          <RoutingPanel decisions={trace.decisions} />
          <GuardrailsPanel decisions={trace.decisions} />
          <GroundingPanel decisions={trace.decisions} />
          {/* Every decision as recorded, for what the panels above leave out (cache, limits, billing): folded, as the panels say it in words. */}
          {trace.decisions ? (
            <details data-testid="decisions-json">
              <summary>All decisions as recorded (JSON)</summary>
              <JsonBlock value={trace.decisions} />
            </details>
          ) : null}
          <h2>Metadata</h2>
          {trace.metadata ? <JsonBlock value={trace.metadata} /> : <div className="muted">None.</div>}
          <h2>Reviews and feedback</h2>
          {notes.data ? <Annotated notes={notes.data} /> : <ErrorBox error={notes.error} />}
        </section>
      </div>
    </div>
  );
}

/** The trace whose answer a cache hit sent (the hit's trace shows it, read from there). */
function cachedFrom(trace: TraceRecord): string | undefined {
  const cache = trace.decisions?.cache as { status?: unknown; trace?: unknown } | undefined;
  return cache?.status === 'hit' && typeof cache.trace === 'string' ? cache.trace : undefined;
}

/** Why a trace called no provider: an empty attempts table with only its headers explained nothing. */
function noAttempts(trace: TraceRecord): string {
  if (trace.provider === 'local') return 'None: the local task model answered; no provider was called.';
  if (trace.provider === 'cache') return 'None: answered from the response cache; no provider was called.';
  if (trace.status >= 400) return `None: the gateway answered ${trace.status} before calling a provider.`;
  return 'None: no provider was called.';
}

function Annotated({ notes }: { notes: Annotations }) {
  if (notes.items.length + notes.reviews.length + notes.feedback.length + notes.hiddenReviews === 0) return <div className="muted">Not reviewed yet.</div>;
  return (
    <ul className="list" data-testid="annotations">
      {notes.items.map((i) => (
        <li key={i.id}>
          In queue ({i.source}, {i.status}): {i.reason}
        </li>
      ))}
      {notes.reviews.map((r) => (
        <li key={r.id}>
          <b>
            <Label text={r.reviewer} />
          </b>
          : {r.score !== null ? `score ${r.score}/5` : ''} {r.pass !== null ? (r.pass ? 'pass' : 'fail') : ''}
          {r.comment ? ` — “${r.comment}”` : ''}
          {r.corrected ? <div className="msg-text small">corrected: {r.corrected}</div> : null}
        </li>
      ))}
      {notes.hiddenReviews ? (
        // As blind as the review page, which links here: a second reviewer read the first's verdict a click away.
        <li className="muted" data-testid="annotations-hidden">
          {notes.hiddenReviews === 1 ? '1 review' : `${notes.hiddenReviews} reviews`} of an item still open for review not shown: reviewers' verdicts show once you gave yours (blind review).
        </li>
      ) : null}
      {notes.feedback.map((f) => (
        <li key={f.id}>
          User feedback{f.keyName ? ` via ${f.keyName}` : ''}: {f.thumbs ? `thumbs ${f.thumbs}` : `score ${f.score}/5`}
          {f.comment ? ` — “${f.comment}”` : ''}
        </li>
      ))}
    </ul>
  );
}
