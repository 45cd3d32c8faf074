import { ms, num, pct } from '../format.js';
import type { GroundednessDecision, KnowledgeDecision } from '../types.js';

/**
 * What a knowledge route retrieved for this call (base, version, each chunk with its document,
 * heading path, score and offsets) and whether the answer was grounded in it. Text is rendered
 * as text only.
 */
export function GroundingPanel({ decisions }: { decisions: Record<string, unknown> | null }) {
  const knowledge = decisions?.knowledge as KnowledgeDecision | undefined;
  if (!knowledge) return null;
  const grounded = decisions?.groundedness as GroundednessDecision | undefined;
  return (
    <div data-testid="grounding">
      <h2>Knowledge</h2>
      <div className="card">
        <div>
          <b>{knowledge.base}</b>
          {knowledge.version !== undefined ? ` v${knowledge.version}` : ''} · {knowledge.mode ?? '–'} · k {knowledge.k ?? '–'} · retrieval {ms(knowledge.retrievalMs)}
        </div>
        {knowledge.reason ? <div className="error">{knowledge.reason}</div> : null}
        {grounded ? (
          <div className={grounded.pass ? 'ok-text' : 'error'} data-testid="groundedness">
            groundedness {grounded.pass ? 'passed' : grounded.action === 'block' ? 'failed: answer blocked' : 'failed: flagged for review'} · {pct(grounded.score)} of sentences supported ({grounded.by})
            {grounded.unsupported?.length ? (
              <ul className="list small">
                {grounded.unsupported.map((u, i) => (
                  <li key={i}>
                    {/* A trace without bodies names the sentence instead of quoting it. */}
                    {u.text !== undefined ? `“${u.text}”` : `sentence ${u.sentence ?? '?'} (characters ${u.start ?? '?'}–${u.end ?? '?'})`} — {u.reason}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      {knowledge.chunks?.length ? (
        <table className="table">
          <thead>
            <tr>
              <th>#</th>
              <th>source</th>
              <th className="num">score</th>
              <th>offsets</th>
            </tr>
          </thead>
          <tbody>
            {knowledge.chunks.map((c) => (
              <tr key={c.chunkId}>
                <td>[{c.index}]</td>
                {/* A document path has no break opportunity of its own ("/" is none): uncut, one pushed the
                    table past the side panel and the page at 1280 px. */}
                <td className="chunk-source">
                  <div className="mono small">{c.docId}</div>
                  <div className="muted small">{[c.title, ...(c.headingPath ?? [])].filter((h, i, all) => h && all.indexOf(h) === i).join(' › ')}</div>
                  {c.text ? <div className="msg-text small">{c.text}</div> : null}
                </td>
                <td className="num">{num(c.score, 3)}</td>
                <td className="small">
                  {c.start}–{c.end}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
