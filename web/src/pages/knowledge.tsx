import { useState } from 'react';
import { api } from '../api.js';
import { useApi } from '../components/use-api.js';
import { ErrorBox, Label, Loading, Stat, When, shortLabel } from '../components/ui.js';
import { count, plural } from '../format.js';
import { href } from '../router.js';
import type { KnowledgeBaseDetail as BaseDetail, KnowledgeBaseRecord as BaseRecord, KnowledgeSearchAnswer as SearchAnswer } from '../types.js';

/** The knowledge bases routes ground in (`switchyard kb add` indexes them), or one base with a search to try. */
export function KnowledgePage({ name }: { name: string | undefined }) {
  return name === undefined ? <KnowledgeList /> : <KnowledgeBaseView name={name} />;
}

function KnowledgeList() {
  const { data, error } = useApi<{ bases: BaseRecord[] }>('/api/knowledge');
  return (
    <div>
      <div className="toolbar">
        <h1>Knowledge bases</h1>
      </div>
      <ErrorBox error={error} />
      {!data && !error ? <Loading what="knowledge bases" /> : null}
      {data && data.bases.length === 0 ? (
        <p className="muted" data-testid="knowledge-empty">
          No knowledge base yet: index documents with <code>switchyard kb add NAME docs/</code>, then name it in a route's <code>knowledge:</code> option.
        </p>
      ) : null}
      {data && data.bases.length > 0 ? (
        <div className="scroll-x">
          <table className="table stack" data-testid="knowledge-bases">
            <thead>
              <tr>
                <th>name</th>
                <th className="num">version</th>
                <th className="num">documents</th>
                <th className="num">chunks</th>
                <th>embedding model</th>
                <th>created</th>
              </tr>
            </thead>
            <tbody>
              {data.bases.map((b) => (
                <tr key={b.name}>
                  <td data-label="name">
                    <a href={href(`/knowledge/${encodeURIComponent(b.name)}`)}>
                      <Label text={b.name} />
                    </a>
                  </td>
                  <td data-label="version" className="num">{b.version}</td>
                  <td data-label="documents" className="num">{count(b.documents)}</td>
                  <td data-label="chunks" className="num">{count(b.chunks)}</td>
                  <td data-label="embedding model">{b.embeddingModel ? <Label text={b.embeddingModel} /> : <span className="muted">none (BM25 only)</span>}</td>
                  <td data-label="created"><When ts={b.createdAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function KnowledgeBaseView({ name }: { name: string }) {
  const { data, error } = useApi<BaseDetail>(`/api/knowledge/${encodeURIComponent(name)}`);
  return (
    <div>
      <div className="toolbar">
        <h1>
          Knowledge base <Label text={name} />
        </h1>
      </div>
      <p>
        <a href={href('/knowledge')}>← all knowledge bases</a>
      </p>
      <ErrorBox error={error} />
      {!data && !error ? <Loading what="the knowledge base" /> : null}
      {data ? (
        <>
          <div className="stats" data-testid="knowledge-stats">
            <Stat label="version" value={String(data.base.version)} />
            <Stat label="documents" value={count(data.base.documents)} />
            <Stat label="chunks" value={count(data.base.chunks)} hint={`at most ${count(data.base.chunking.maxChars)} characters`} />
            <Stat label="embedding model" value={data.base.embeddingModel ?? 'none'} hint={data.base.embeddingModel ? `${count(data.base.embeddedChunks)} of ${count(data.base.chunks)} chunks embedded` : 'BM25 only'} names />
          </div>
          <TrySearch name={name} />
          <h2>Documents</h2>
          <div className="scroll-x">
            <table className="table stack" data-testid="knowledge-documents">
              <thead>
                <tr>
                  <th>document</th>
                  <th>title</th>
                  <th className="num">chunks</th>
                  <th className="num">since</th>
                  <th className="num">characters</th>
                </tr>
              </thead>
              <tbody>
                {data.documents.map((d) => (
                  <tr key={d.docId}>
                    <td data-label="document"><Label text={d.docId} max={80} /></td>
                    <td data-label="title"><Label text={d.title} max={60} /></td>
                    <td data-label="chunks" className="num">{count(d.chunks)}</td>
                    <td data-label="since" className="num">v{d.versionFrom}</td>
                    <td data-label="characters" className="num">{count(d.chars)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.more > 0 ? <p className="muted">… {plural(data.more, 'more document', 'more documents')}: <code>switchyard kb show {name} --limit N</code> lists them.</p> : null}
          <h2>Versions</h2>
          <div className="scroll-x">
            <table className="table stack" data-testid="knowledge-versions">
              <thead>
                <tr>
                  <th className="num">version</th>
                  <th>published</th>
                  <th className="num">added</th>
                  <th className="num">changed</th>
                  <th className="num">removed</th>
                  <th className="num">documents</th>
                  <th className="num">chunks</th>
                </tr>
              </thead>
              <tbody>
                {[...data.versions].reverse().map((v) => (
                  <tr key={v.version}>
                    <td data-label="version" className="num">{v.version}</td>
                    <td data-label="published"><When ts={v.createdAt} /></td>
                    <td data-label="added" className="num">{count(v.added)}</td>
                    <td data-label="changed" className="num">{count(v.changed)}</td>
                    <td data-label="removed" className="num">{count(v.removed)}</td>
                    <td data-label="documents" className="num">{count(v.documents)}</td>
                    <td data-label="chunks" className="num">{count(v.chunks)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}

/** A BM25 query against the published version, as a route retrieves: what a question would bring into the prompt. */
function TrySearch({ name }: { name: string }) {
  const [query, setQuery] = useState('');
  const [answer, setAnswer] = useState<SearchAnswer | undefined>();
  const [error, setError] = useState<string | undefined>();
  const run = () => {
    if (!query.trim()) return;
    setError(undefined);
    api<SearchAnswer>(`/api/knowledge/${encodeURIComponent(name)}/search?${new URLSearchParams({ query, k: '5' }).toString()}`).then(setAnswer, (e: Error) => setError(e.message));
  };
  return (
    <section data-testid="knowledge-search">
      <h2>Try a question</h2>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          run();
        }}
      >
        <input type="search" aria-label="question" placeholder="How long do refunds take?" value={query} maxLength={2000} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      <ErrorBox error={error} />
      {answer ? (
        answer.results.length === 0 ? (
          <p className="muted">No chunk shares a word with the question (BM25).</p>
        ) : (
          // Headings and chunk text are a document's own: a 5,000-character heading with no space
          // in it pushed the page 43,000 px wide. Each name is cut (the whole in its title), and the
          // list breaks anywhere rather than overflow.
          <ol className="list" data-testid="knowledge-results">
            {answer.results.map((r) => (
              <li key={r.chunkId}>
                <div>
                  <strong><Label text={r.title} max={60} /></strong>{' '}
                  <span className="muted small">
                    {[r.chunkId, ...r.headingPath].map((name, i) => (
                      <span key={i}>
                        {i > 0 ? ' › ' : ''}
                        <Label text={name} max={i === 0 ? 80 : 60} />
                      </span>
                    ))}{' '}
                    · score {r.score.toFixed(2)}
                  </span>
                </div>
                <div className="muted small">{shortLabel(r.text, 400)}</div>
              </li>
            ))}
          </ol>
        )
      ) : null}
      {answer ? <p className="muted small">{plural(answer.results.length, 'chunk')} from version {answer.version} in {answer.ms} ms.</p> : null}
    </section>
  );
}
