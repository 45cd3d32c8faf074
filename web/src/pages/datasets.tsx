import { useState } from 'react';
import { api, qs } from '../api.js';
import { useApi } from '../components/use-api.js';
import { EmptyRow, ErrorBox, Label, Loading, LongText, When } from '../components/ui.js';
import { valueText as text } from '../format.js';
import { href, navigate, type Route } from '../router.js';
import type { DatasetItem, DatasetSummary, DatasetVersion } from '../types.js';

/** Datasets and their versions; one dataset's items with human scores, and a way to queue the unscored ones. */
export function DatasetsPage({ name, route }: { name: string | undefined; route: Route }) {
  if (name) return <DatasetDetail name={name} route={route} />;
  return <DatasetList />;
}

function DatasetList() {
  const { data, error } = useApi<{ datasets: DatasetSummary[] }>('/api/datasets');
  return (
    <div>
      <div className="toolbar">
        <h1>Datasets</h1>
      </div>
      <ErrorBox error={error} />
      {data ? (
        <div className="scroll-x">
          <table className="table stack" data-testid="datasets">
            <thead>
              <tr>
                <th>name</th>
                <th className="num">versions</th>
                <th className="num">items (latest)</th>
                <th>latest source</th>
                <th>updated</th>
              </tr>
            </thead>
            <tbody>
              {data.datasets.map((d) => (
                <tr key={d.name}>
                  <td data-label="name">
                    <a href={href(`/datasets/${encodeURIComponent(d.name)}`)}>{d.name}</a>
                  </td>
                  <td data-label="versions" className="num">{d.versions}</td>
                  <td data-label="items (latest)" className="num">{d.latest?.itemCount ?? 0}</td>
                  <td data-label="latest source" className="small">{d.latest?.source ?? ''}</td>
                  <td data-label="updated">
                    <When ts={d.latest?.createdAt ?? d.createdAt} />
                  </td>
                </tr>
              ))}
              {data.datasets.length === 0 ? (
                <EmptyRow columns={5}>No datasets yet: add reviewed traces from the review page or a trace, or import one with switchyard datasets import.</EmptyRow>
              ) : null}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function DatasetDetail({ name, route }: { name: string; route: Route }) {
  const info = useApi<{ dataset: string; latest: DatasetVersion; versions: DatasetVersion[] }>(`/api/datasets/${encodeURIComponent(name)}`);
  const version = route.query.get('version') ?? undefined;
  const offset = Number(route.query.get('offset') ?? 0);
  const items = useApi<{ version: DatasetVersion; items: DatasetItem[] }>(`/api/datasets/${encodeURIComponent(name)}/items${qs({ version, offset, limit: 50 })}`);
  const [message, setMessage] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const queueUnscored = async () => {
    const unscored = (items.data?.items ?? []).filter((i) => i.humanScore === undefined);
    try {
      for (const item of unscored) {
        await api('/api/review/items', { method: 'POST', body: { source: 'dataset', reason: `dataset ${name} needs a human score`, dataset_id: name, dataset_item_id: item.id, input: item.input, output: item.output ?? item.expected ?? null } });
      }
      setMessage(`Queued ${unscored.length} items for human scores.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div>
      <div className="toolbar">
        <h1>Dataset {name}</h1>
        <a href={href('/datasets')}>← all datasets</a>
      </div>
      <ErrorBox error={info.error ?? error} />
      {/* A dataset that is not there: the error alone, not a second copy of it under an empty items table and "Loading dataset…". */}
      {info.error ? null : info.data ? (
        <table className="table small">
          <thead>
            <tr>
              <th>version</th>
              <th className="num">items</th>
              <th>hash</th>
              <th>source</th>
              <th>created</th>
            </tr>
          </thead>
          <tbody>
            {info.data.versions.map((v) => (
              <tr key={v.id} className={(version ? Number(version) : info.data?.latest.version) === v.version ? 'selected' : ''}>
                <td>
                  <button type="button" className="link" onClick={() => navigate(`/datasets/${encodeURIComponent(name)}`, { version: String(v.version) })}>
                    v{v.version}
                  </button>
                </td>
                <td className="num">{v.itemCount}</td>
                <td className="mono">{v.hash.slice(0, 12)}</td>
                <td>{v.source ?? ''}</td>
                <td>
                  <When ts={v.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Loading what="dataset" />
      )}
      {info.error ? null : (
        <>
          <div className="toolbar">
            <h2>Items {items.data ? `(v${items.data.version.version})` : ''}</h2>
            <button type="button" onClick={() => void queueUnscored()}>
              Queue items without a human score for review
            </button>
            {message ? <span className="ok-text">{message}</span> : null}
          </div>
          <ErrorBox error={items.error} />
          <table className="table" data-testid="dataset-items">
            <thead>
              <tr>
                <th>id</th>
                <th>input</th>
                <th>expected</th>
                <th>output</th>
                <th className="num">human score</th>
              </tr>
            </thead>
            <tbody>
              {(items.data?.items ?? []).map((item) => (
                <tr key={item.id}>
                  <td className="mono small">
                    <Label text={item.id} max={32} />
                  </td>
                  <td className="cell-text">
                    <LongText>{text(item.input)}</LongText>
                  </td>
                  <td className="cell-text">
                    <LongText>{text(item.expected)}</LongText>
                  </td>
                  <td className="cell-text">
                    <LongText>{text(item.output)}</LongText>
                  </td>
                  <td className="num">{item.humanScore ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={offset === 0} onClick={() => navigate(`/datasets/${encodeURIComponent(name)}`, { version, offset: String(Math.max(offset - 50, 0)) })}>
              ← Previous
            </button>
            <button type="button" disabled={(items.data?.items.length ?? 0) < 50} onClick={() => navigate(`/datasets/${encodeURIComponent(name)}`, { version, offset: String(offset + 50) })}>
              Next →
            </button>
          </div>
        </>
      )}
    </div>
  );
}
