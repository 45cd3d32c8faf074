import { useState } from 'react';
import { api } from '../api.js';
import { href } from '../router.js';
import type { DatasetSummary } from '../types.js';
import { ErrorBox } from './ui.js';
import { useApi } from './use-api.js';

/** The server takes at most this many traces per action (`POST /api/topics/:id/dataset`). */
const MAX_TRACES = 200;
const NEW = '';
/** What the server accepts as a dataset name; checked here too, so the button says why before asking. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

interface Added {
  dataset: string;
  version: number;
  added: number;
  skipped: number;
  items: number;
  label: string;
}

/**
 * Sends one topic's traces to a dataset: an existing one (a new version) or a new name, how many,
 * then an explicit confirmation saying what will happen; the answer says what was added.
 * Failed, refused and low-scored traces go first, as for the review queue.
 *
 * @example <TopicToDataset route="support" range="7d" topic={{ topic: 3, label: 'card · arrived' }} onClose={() => setChoosing(null)} />
 */
export function TopicToDataset({ route, range, topic, onClose }: { route: string; range: string; topic: { topic: number; label: string; requests: number }; onClose: () => void }) {
  const datasets = useApi<{ datasets: DatasetSummary[] }>('/api/datasets');
  const names = (datasets.data?.datasets ?? []).map((d) => d.name);
  const [choice, setChoice] = useState<string | undefined>();
  const [typed, setTyped] = useState('');
  const [limit, setLimit] = useState(Math.min(50, topic.requests));
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<(Added & { fresh: number }) | undefined>();
  const [error, setError] = useState<string | undefined>();
  // An existing dataset is offered first once the list has loaded; "new dataset…" otherwise.
  const selected = choice ?? names[0] ?? NEW;
  const dataset = selected === NEW ? typed.trim() : selected;
  const problem = !dataset ? 'name the new dataset' : !NAME.test(dataset) ? 'a dataset name is letters, digits, ".", "_" or "-"' : !Number.isInteger(limit) || limit < 1 || limit > MAX_TRACES ? `how many: 1 to ${MAX_TRACES}` : undefined;
  const send = async () => {
    // The dataset's size before, to say how many of the traces were new to it.
    const before = datasets.data?.datasets.find((d) => d.name === dataset)?.latest?.itemCount ?? 0;
    setAsking(false);
    setBusy(true);
    setError(undefined);
    try {
      const path = `/api/topics/${topic.topic}/dataset?route=${encodeURIComponent(route)}&range=${encodeURIComponent(range)}`;
      const added = await api<Added>(path, { method: 'POST', body: { dataset, limit } });
      setResult({ ...added, fresh: added.items - before });
      datasets.reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card" data-testid="topic-dataset">
      <h3>
        Send traces of “{topic.label}” to a dataset <span className="muted small">failed, refused and low-scored ones first</span>
      </h3>
      <div className="row">
        <select aria-label="dataset" value={selected} onChange={(e) => (setChoice(e.target.value), setAsking(false))}>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
          <option value={NEW}>new dataset…</option>
        </select>
        {selected === NEW ? <input aria-label="new dataset name" placeholder="new dataset name" value={typed} onChange={(e) => (setTyped(e.target.value), setAsking(false))} /> : null}
        <label className="small">
          traces{' '}
          <input aria-label="how many traces" type="number" min={1} max={MAX_TRACES} value={limit} onChange={(e) => (setLimit(Number(e.target.value)), setAsking(false))} style={{ width: '5em' }} />
        </label>
        {asking ? (
          <span className="confirm" role="alertdialog" aria-label="confirm adding to dataset">
            <span>
              Add up to {limit} traces of “{topic.label}” to {names.includes(dataset) ? `${dataset} as a new version` : `a new dataset ${dataset}`}?
            </span>{' '}
            <button type="button" onClick={() => void send()}>
              Add
            </button>{' '}
            <button type="button" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" disabled={problem !== undefined || busy} title={problem} onClick={() => (setResult(undefined), setAsking(true))}>
            {busy ? 'Adding…' : 'Add to dataset…'}
          </button>
        )}
        <button type="button" className="small" onClick={onClose}>
          Close
        </button>
      </div>
      {problem && !asking ? <div className="muted small">{problem}</div> : null}
      {result ? (
        <div className="ok-text" data-testid="topic-dataset-result">
          Sent {result.added} traces of “{result.label}” to <a href={href(`/datasets/${encodeURIComponent(result.dataset)}`)}>{result.dataset}</a>:{' '}
          {result.fresh > 0 ? `version ${result.version}, ${result.items} items (${result.fresh} new)` : `already there, unchanged at version ${result.version}`}
          {result.skipped ? `; ${result.skipped} skipped (no user message)` : ''}.
        </div>
      ) : null}
      <ErrorBox error={error ?? datasets.error} />
    </div>
  );
}
