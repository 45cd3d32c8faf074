import { type FormEvent, useState } from 'react';
import { api, download } from '../api.js';
import { useApi } from '../components/use-api.js';
import { ConfirmButton, EmptyRow, ErrorBox, Label, Stat, shortLabel } from '../components/ui.js';
import { count, num, pct } from '../format.js';
import type { ReviewStats, SamplingRule } from '../types.js';

/** Sampling rules (e.g. 2% of route X), the queue's numbers, reviewer agreement and the export. */
export function ReviewRules() {
  const rules = useApi<{ rules: SamplingRule[] }>('/api/review/rules');
  const stats = useApi<ReviewStats>('/api/review/stats');
  const [draft, setDraft] = useState({ name: '', percent: '2', model: '', key: '', reviews: '1' });
  const [error, setError] = useState<string | undefined>();
  const [dataset, setDataset] = useState('');
  const [message, setMessage] = useState<string | undefined>();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api('/api/review/rules', {
        method: 'POST',
        body: { name: draft.name, percent: Number(draft.percent), reviews_wanted: Number(draft.reviews), match: { model: draft.model || undefined, keyName: draft.key || undefined } },
      });
      rules.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const remove = async (id: string) => {
    try {
      await api(`/api/review/rules/${encodeURIComponent(id)}`, { method: 'DELETE' });
      rules.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const toDataset = async () => {
    setError(undefined);
    try {
      const done = await api<{ items: { traceId: string | null }[] }>('/api/review/queue?status=done&limit=500');
      const ids = [...new Set(done.items.flatMap((i) => (i.traceId ? [i.traceId] : [])))];
      const r = await api<{ dataset: string; version: number; added: number }>('/api/review/to-dataset', { method: 'POST', body: { dataset, trace_ids: ids } });
      setMessage(`Added ${r.added} reviewed traces to ${r.dataset} (version ${r.version}).`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const s = stats.data;
  const sum = (o: Record<string, number> | undefined) => Object.values(o ?? {}).reduce((a, b) => a + b, 0);
  return (
    <div>
      <ErrorBox error={error ?? rules.error ?? stats.error} />
      {s ? (
        <div className="stats">
          <Stat label="Open items" value={count(sum(s.open))} hint={Object.entries(s.open).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(' · ')} />
          <Stat label="Reviewed items" value={count(sum(s.done))} />
          <Stat
            label="Agreement (items with 2+ reviews)"
            value={s.agreement.items ? pct(s.agreement.scoreWithinOne, 0) : '–'}
            // A row of dashes said nothing; say what would fill it.
            hint={
              s.agreement.items
                ? `${s.agreement.items} items · scores α ${num(s.agreement.scoreAlpha)} · pass α ${num(s.agreement.passAlpha)} · pass match ${pct(s.agreement.passMatch, 0)}`
                : 'none yet: set a rule\'s reviewers per item to 2 or more'
            }
          />
          <Stat label="User feedback" value={`${s.feedback.up} up / ${s.feedback.down} down`} hint={`${s.feedback.scored} scored`} />
        </div>
      ) : null}
      <h2>Sampling rules</h2>
      <table className="table">
        <thead>
          <tr>
            <th>name</th>
            <th>share</th>
            <th>matches</th>
            <th>reviews per item</th>
            <th>
              <span className="visually-hidden">actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(rules.data?.rules ?? []).map((r) => (
            <tr key={r.id}>
              <td>
                <Label text={r.name} />
              </td>
              <td>{pct(r.rate, r.rate < 0.01 ? 2 : 0)}</td>
              <td className="mono small">
                <MatchText match={r.match} />
              </td>
              <td>{r.reviewsWanted}</td>
              <td>
                <ConfirmButton label="Delete" question={`Delete rule "${r.name}"? Items it queued stay in the queue.`} yes="Delete rule" onConfirm={() => void remove(r.id)} />
              </td>
            </tr>
          ))}
          {rules.data?.rules.length === 0 ? (
            <EmptyRow columns={5}>No sampling rules: only flags, user feedback, eval cases and low-confidence samples reach the queue. Add one below to review a share of a model's or a key's traffic.</EmptyRow>
          ) : null}
        </tbody>
      </table>
      <form className="filters" onSubmit={create}>
        <label>
          name
          <input aria-label="rule name" required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label>
          percent
          <input aria-label="percent" size={5} value={draft.percent} onChange={(e) => setDraft({ ...draft, percent: e.target.value })} />
        </label>
        <label>
          model / route
          <input aria-label="rule model" value={draft.model} onChange={(e) => setDraft({ ...draft, model: e.target.value })} />
        </label>
        <label>
          key
          <input aria-label="rule key" value={draft.key} onChange={(e) => setDraft({ ...draft, key: e.target.value })} />
        </label>
        <label>
          reviewers per item
          <input aria-label="reviews wanted" size={3} value={draft.reviews} onChange={(e) => setDraft({ ...draft, reviews: e.target.value })} />
        </label>
        <button type="submit" className="primary">
          Add rule
        </button>
      </form>
      {s?.reviewers.length ? (
        <>
          <h2>Reviewers</h2>
          <ul className="list">
            {s.reviewers.map((r) => (
              <li key={r.reviewer}>
                <Label text={r.reviewer} />: {r.reviews} reviews
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Into the loop</h2>
      <div className="card row">
        <input aria-label="dataset for reviewed traces" placeholder="dataset name" value={dataset} onChange={(e) => setDataset(e.target.value)} />
        <button type="button" disabled={!dataset} onClick={() => void toDataset()}>
          Add all reviewed traces to dataset
        </button>
        <button type="button" onClick={() => void download('/api/review/export?min_score=4', 'switchyard-fine-tune.jsonl').catch((e: Error) => setMessage(e.message))}>
          Export fine-tuning JSONL
        </button>
        {message ? <span className="ok-text">{message}</span> : null}
      </div>
    </div>
  );
}

/**
 * What a rule matches, as JSON wrapped in its cell and cut to 200 characters (whole on hover): a
 * rule may match a 256-character model or a 512-character metadata value with no break in it,
 * which as one line made the page 6,949 px wide.
 */
function MatchText({ match }: { match: SamplingRule['match'] }) {
  const text = JSON.stringify(match);
  return (
    <div className="cell-text" title={text}>
      {shortLabel(text, 200)}
    </div>
  );
}

