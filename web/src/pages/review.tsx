import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, qs } from '../api.js';
import { Conversation } from '../components/conversation.js';
import { useApi } from '../components/use-api.js';
import { ErrorBox, JsonBlock, Label, Loading, LongText } from '../components/ui.js';
import { groundedItem, num, pct, time } from '../format.js';
import { href, navigate, type Route } from '../router.js';
import type { EvalCaseContext, ItemDetail, QueueEntry, Review, ReviewItem, ReviewSource, SavedReview } from '../types.js';
import { ReviewRules } from './review-rules.js';
import { ReviewerAccounts } from './reviewer-accounts.js';

const SOURCES: (ReviewSource | '')[] = ['', 'flag', 'feedback', 'eval', 'dataset', 'manual', 'sample'];
/** Items the page asks for at once. */
const QUEUE_LIMIT = 200;

/** The review queue: pick an item, score it with the keyboard, move on. Rules and agreement on a second tab. */
export function ReviewPage({ route, reviewer, named, adminTabs = true }: { route: Route; reviewer: string; /** False on an open gateway before the reviewer gave a name. */ named: boolean; /** False for the reviewer role: rules and exports need the admin role. */ adminTabs?: boolean }) {
  const tab = adminTabs ? (route.query.get('tab') ?? 'queue') : 'queue';
  return (
    <div>
      <div className="toolbar">
        <h1>Review</h1>
        {adminTabs ? (
          <div className="segmented">
            <button type="button" className={tab === 'queue' ? 'on' : ''} onClick={() => navigate('/review')}>
              Queue
            </button>
            <button type="button" className={tab === 'rules' ? 'on' : ''} onClick={() => navigate('/review', { tab: 'rules' })}>
              Rules, agreement, export
            </button>
            <button type="button" className={tab === 'reviewers' ? 'on' : ''} onClick={() => navigate('/review', { tab: 'reviewers' })}>
              Reviewers
            </button>
          </div>
        ) : null}
        <span className="muted">
          reviewing as <Label text={reviewer} />
        </span>
      </div>
      {named ? null : (
        // Holds and reviews go by name: two people both "local" would be given the same items and sign as one.
        <div className="banner" data-testid="unnamed-reviewer">
          Everyone who has not given a name reviews as "local": <a href={href('/login', { back: '/review' })}>give yours</a> so your reviews are signed with it and no one else is given the items you have open.
        </div>
      )}
      {tab === 'rules' ? <ReviewRules /> : tab === 'reviewers' ? <ReviewerAccounts /> : <Queue route={route} reviewer={reviewer} />}
    </div>
  );
}

/** The last review saved on this page, until the next one or an undo: what the undo bar offers. */
interface LastSaved {
  itemId: string;
  title: string;
  review: SavedReview;
}

function Queue({ route, reviewer }: { route: Route; reviewer: string }) {
  const source = route.query.get('source') ?? '';
  const queue = useApi<{ items: QueueEntry[] }>(`/api/review/queue${qs({ source, limit: QUEUE_LIMIT })}`);
  const [index, setIndex] = useState(0);
  // An item chosen by id (one just brought back by an undo) until the reviewer moves on.
  const [pinned, setPinned] = useState<{ id: string; review: Review } | null>(null);
  const [lastSaved, setLastSaved] = useState<LastSaved | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  const panel = useRef<HTMLElement>(null);
  // On a phone the item is under the list, and after a save the page sits at the old item's form:
  // the next item is brought into view once it has loaded (while it loads the page is too short to scroll).
  const scrollWanted = useRef(false);
  const items = queue.data?.items ?? [];
  const current = (pinned && items.find((i) => i.id === pinned.id)) || items[Math.min(index, Math.max(items.length - 1, 0))];
  const saved = useCallback(
    (done: LastSaved) => {
      setPinned(null);
      setNotice(undefined);
      setLastSaved(done);
      scrollWanted.current = true;
      queue.reload();
    },
    [queue.reload],
  );
  // Another reviewer has the item open: say so and move on (the reloaded queue leaves it out).
  const taken = useCallback(
    (message: string) => {
      setPinned(null);
      setNotice(message);
      queue.reload();
    },
    [queue.reload],
  );
  const undo = useCallback(async () => {
    if (!lastSaved) return;
    try {
      await api(`/api/review/items/${encodeURIComponent(lastSaved.itemId)}/reviews`, { method: 'DELETE' });
      setPinned({ id: lastSaved.itemId, review: lastSaved.review });
      setLastSaved(null);
      scrollWanted.current = true;
      setNotice(undefined);
      queue.reload();
    } catch (e) {
      setNotice((e as Error).message);
    }
  }, [lastSaved, queue.reload]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
      if (typing || event.key !== 'u' || !lastSaved || document.querySelector('[data-testid="confirm-review"]')) return;
      event.preventDefault();
      void undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, lastSaved]);
  const choose = (i: number) => {
    setPinned(null);
    setIndex(i);
    scrollWanted.current = true;
  };
  const shown = useCallback(() => {
    if (!scrollWanted.current) return;
    scrollWanted.current = false;
    if (window.matchMedia('(max-width: 700px)').matches) panel.current?.scrollIntoView({ block: 'start' });
  }, []);
  const move = useCallback((d: number) => {
    setPinned(null);
    setIndex((i) => Math.min(Math.max(i + d, 0), Math.max(items.length - 1, 0)));
  }, [items.length]);
  return (
    <div className="review">
      <aside className="queue">
        <div className="segmented small">
          {SOURCES.map((s) => (
            <button key={s || 'all'} type="button" className={s === source ? 'on' : ''} onClick={() => (setIndex(0), navigate('/review', { source: s || undefined }))}>
              {s || 'all'}
            </button>
          ))}
        </div>
        <ErrorBox error={queue.error} />
        {queue.loading && !queue.data ? <Loading /> : null}
        {queue.data && items.length > 0 ? (
          <div className="small muted" data-testid="queue-count">
            {items.length >= QUEUE_LIMIT ? `${QUEUE_LIMIT}+` : items.length} waiting for you
          </div>
        ) : null}
        <ol className="queue-list" data-testid="queue">
          {items.map((item, i) => (
            <li key={item.id} className={item.id === current?.id ? 'on' : ''}>
              <button type="button" onClick={() => choose(i)}>
                <span className={`pill src-${item.source}`}>{item.source}</span> <span className="small muted">
                  {/* Names from the config and suites, cut to a line: a 110-letter route ran out of the item's box. */}
                  {item.evalCase ? (
                    <>
                      <Label text={item.evalCase.runName} max={24} /> · <Label text={item.evalCase.variant} max={24} />
                    </>
                  ) : (
                    <Label text={item.model ?? 'dataset'} max={32} />
                  )}{' '}
                  · {time(item.ts ?? item.createdAt)}
                </span>
                <div className="preview">{item.preview || item.reason}</div>
                {/* One item per trace: the other reasons it was queued for are counted here, listed on the item. */}
                {item.reasonCount > 1 ? <span className="small muted reason-count">{item.reasonCount} reasons</span> : null}
              </button>
            </li>
          ))}
        </ol>
        {queue.data && items.length === 0 ? <EmptyQueue source={source} /> : null}
      </aside>
      <section className="item" ref={panel}>
        {lastSaved ? (
          <div className="undo-bar" role="status" data-testid="undo-bar">
            <span className="undo-text">
              {/* The question cut to a line; what a local model learnt wraps, so a phone shows it whole. */}
              <span className="undo-title" title={lastSaved.title}>
                Saved <q>{lastSaved.title}</q>
              </span>
              {lastSaved.review.taught ? (
                <span className="undo-taught" data-testid="taught">
                  <Label text={lastSaved.review.taught.route} max={32} />
                  {"'s local model learns "}
                  <q>{lastSaved.review.taught.label}</q> at its next training
                </span>
              ) : null}
            </span>{' '}
            <button type="button" onClick={() => void undo()}>
              Undo (u)
            </button>
          </div>
        ) : null}
        {notice ? (
          <div className="muted small" role="status" data-testid="queue-notice">
            {notice}
          </div>
        ) : null}
        {current ? <ItemPanel key={current.id} itemId={current.id} reviewer={reviewer} initial={pinned?.id === current.id ? pinned.review : undefined} onSaved={saved} onTaken={taken} onMove={move} onShown={shown} /> : null}
      </section>
    </div>
  );
}

/**
 * What an empty queue says: a newcomer's first look finds it empty, and "sampling rules and flags
 * add items" named neither where rules are made nor the buttons that queue a trace or an eval case.
 */
function EmptyQueue({ source }: { source: string }) {
  if (source) {
    return (
      <div className="muted" data-testid="queue-empty">
        No {source} items waiting. <a href={href('/review')}>Show every source</a>.
      </div>
    );
  }
  return (
    <div className="muted" data-testid="queue-empty">
      <p>Nothing waits for review. Items arrive when:</p>
      <ul>
        <li>
          a <a href={href('/review', { tab: 'rules' })}>sampling rule</a> picks a share of a model's or key's traffic;
        </li>
        <li>
          you press <em>Send to review queue</em> on a <a href={href('/traces')}>trace</a>;
        </li>
        <li>
          you press <em>Review low-scoring cases</em> on an <a href={href('/evals')}>eval run</a>;
        </li>
        <li>a guardrail or groundedness check flags a call, a local model is unsure, or a user sends feedback.</li>
      </ul>
    </div>
  );
}

/** What a reviewer typed on an item and has not saved, kept in the browser so a reload or tomorrow finds it. */
interface Draft {
  score: number | null;
  pass: boolean | null;
  corrected: string;
  comment: string;
}

/**
 * Per reviewer as well as item: keyed by the item alone, a second reviewer signed in on the same
 * browser opened the item with the first one's unsaved verdict filled in, which the blind second
 * review hides from them once saved.
 */
const draftKey = (reviewer: string, itemId: string) => `switchyard.review.draft.${encodeURIComponent(reviewer)}.${itemId}`;

function readDraft(reviewer: string, itemId: string): Draft | undefined {
  try {
    const text = localStorage.getItem(draftKey(reviewer, itemId));
    return text ? (JSON.parse(text) as Draft) : undefined;
  } catch {
    return undefined;
  }
}

function writeDraft(reviewer: string, itemId: string, draft: Draft | undefined): void {
  try {
    const empty = !draft || (draft.score === null && draft.pass === null && !draft.corrected && !draft.comment);
    if (empty) localStorage.removeItem(draftKey(reviewer, itemId));
    else localStorage.setItem(draftKey(reviewer, itemId), JSON.stringify(draft));
  } catch {
    // Storage off (private mode): the draft lives as long as the page.
  }
}

/** How often an open item's hold is renewed (it lapses after five minutes: a closed tab holds nothing long). */
const RENEW_MS = 120_000;

function ItemPanel({ itemId, reviewer, initial, onSaved, onTaken, onMove, onShown }: { itemId: string; reviewer: string; initial?: Review; onSaved: (saved: LastSaved) => void; onTaken: (message: string) => void; onMove: (delta: number) => void; onShown: () => void }) {
  const { data, error } = useApi<ItemDetail>(`/api/review/items/${encodeURIComponent(itemId)}`);
  const loaded = data !== undefined;
  useEffect(() => {
    if (loaded) onShown();
  }, [loaded, onShown]);
  // An undone review comes back as it was; else what was typed here before (a reload, yesterday).
  const [start] = useState<Draft | undefined>(() => (initial ? { score: initial.score, pass: initial.pass, corrected: initial.corrected ?? '', comment: initial.comment ?? '' } : readDraft(reviewer, itemId)));
  const [score, setScore] = useState<number | null>(start?.score ?? null);
  const [pass, setPass] = useState<boolean | null>(start?.pass ?? null);
  const [corrected, setCorrected] = useState(start?.corrected ?? '');
  const [comment, setComment] = useState(start?.comment ?? '');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | undefined>();
  // Saving asks first: the verdict is shown back and a second Enter (or click) stores it.
  const [confirming, setConfirming] = useState(false);
  const correctedRef = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  // Back from the question, the keyboard is where it was before it: on "Save and next", not lost to the page.
  const saveRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (wasConfirming.current && !confirming) saveRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  useEffect(() => writeDraft(reviewer, itemId, { score, pass, corrected, comment }), [reviewer, itemId, score, pass, corrected, comment]);

  // A skip is remembered for this reviewer (their queue puts the item last, the next day too) and lets go of the hold.
  const skip = useCallback(() => {
    void api(`/api/review/items/${encodeURIComponent(itemId)}/skip`, { method: 'POST' }).catch(() => undefined);
    onMove(1);
  }, [itemId, onMove]);

  // Held while open, so a second reviewer is given another item; let go on leaving it.
  useEffect(() => {
    let open = true;
    const claim = () =>
      api(`/api/review/items/${encodeURIComponent(itemId)}/claim`, { method: 'POST' }).catch((e: unknown) => {
        if (open && e instanceof ApiError && e.status === 409) onTaken(e.message);
      });
    const release = () => void api(`/api/review/items/${encodeURIComponent(itemId)}/claim`, { method: 'DELETE', keepalive: true }).catch(() => undefined);
    void claim();
    const timer = setInterval(claim, RENEW_MS);
    // A closed tab lets go at once rather than when the hold lapses.
    window.addEventListener('pagehide', release);
    return () => {
      open = false;
      clearInterval(timer);
      window.removeEventListener('pagehide', release);
      release();
    };
  }, [itemId, onTaken]);

  const save = useCallback(async () => {
    if (saving) return;
    setConfirming(false);
    setSaving(true);
    setSaveError(undefined);
    try {
      const review = await api<SavedReview>(`/api/review/items/${encodeURIComponent(itemId)}/reviews`, { method: 'POST', body: { score, pass, corrected: corrected.trim() || null, comment: comment.trim() || null } });
      writeDraft(reviewer, itemId, undefined);
      onSaved({ itemId, title: data?.title ?? itemId, review });
    } catch (e) {
      setSaveError((e as Error).message);
    } finally {
      setSaving(false);
    }
  }, [reviewer, itemId, score, pass, corrected, comment, onSaved, saving, data?.title]);
  // Nothing given: say what a review needs rather than ask to save what the server refuses (the
  // confirmation offered "a review with no score, verdict or correction", then failed).
  const empty = score === null && pass === null && !corrected.trim() && !comment.trim();
  const submit = useCallback(() => {
    if (empty) return setSaveError('Nothing to save yet: give a score (1–5), pass or fail (p/f), a correction (c) or a comment (m); j skips the item.');
    setSaveError(undefined);
    setConfirming(true);
  }, [empty]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement;
      // Enter or Space on a focused button, link or list is that control's own: a keyboard user who
      // tabbed to "4" or "Back (Esc)" and pressed Enter was given the Enter shortcut instead (asked
      // to save, or saved, the review).
      const control = event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement || event.target instanceof HTMLSelectElement;
      if (control && (event.key === 'Enter' || event.key === ' ')) return;
      if (confirming) {
        if (event.key === 'Enter') void save();
        else if (event.key === 'Escape') setConfirming(false);
        else return;
        event.preventDefault();
        return;
      }
      if (typing) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur();
        else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
        return;
      }
      if (/^[1-5]$/.test(event.key)) setScore(Number(event.key));
      else if (event.key === 'p') setPass(true);
      else if (event.key === 'f') setPass(false);
      else if (event.key === 'c') (event.preventDefault(), correctedRef.current?.focus());
      else if (event.key === 'm') (event.preventDefault(), commentRef.current?.focus());
      else if (event.key === 'Enter') submit();
      else if (event.key === 'j') skip();
      else if (event.key === 'k') onMove(-1);
      else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        // ↑/↓ read a long answer (its box scrolls, and Tab to it crossed every queue entry); they
        // moved to the next item, so reading with them lost the item. At the box's end the page scrolls.
        const box = document.querySelector<HTMLElement>('[data-testid="review-item"] [data-testid="long-answer"]');
        const step = event.key === 'ArrowDown' ? 40 : -40;
        const room = box ? (step > 0 ? box.scrollHeight - box.clientHeight - box.scrollTop : box.scrollTop) : 0;
        if (!box || room < 1) return;
        box.scrollBy({ top: step });
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [submit, save, confirming, onMove, skip]);

  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading what="item" />;
  const { item, trace, feedback } = data;
  return (
    <div className="review-item" data-testid="review-item">
      <h2 className="item-title" title={data.title}>
        {data.title}
      </h2>
      <div className="reason">
        <span className={`pill src-${item.source}`}>{item.source}</span> {item.reason}
        {trace ? (
          <>
            {' · '}
            <a href={href(`/traces/${encodeURIComponent(trace.id)}`)}>trace</a> · {trace.requestedModel}
          </>
        ) : null}
      </div>
      {item.reasonCount > 1 ? <Reasons item={item} /> : null}
      {trace ? <Conversation request={trace.request} response={trace.response} /> : <ItemContent input={item.input} output={item.output} />}
      {item.evalCase ? <EvalCase context={item.evalCase} /> : null}
      {feedback.length > 0 ? (
        <div className="card" data-testid="item-feedback">
          <h3>What users said</h3>
          {feedback.map((f) => (
            <div key={f.id} className="small">
              {f.keyName ?? 'a user'}: {f.thumbs ? `thumbs ${f.thumbs}` : f.score !== null ? `score ${f.score}` : 'feedback'}
              {f.comment ? ' ·' : ''}
              {/* A comment is as long as the user made it: bounded as the correction is (9,000 characters took 400 px). */}
              {f.comment ? (
                <div className="cell-text">
                  <LongText>"{f.comment}"</LongText>
                </div>
              ) : null}
              {f.corrected ? (
                <div className="cell-text">
                  <LongText>Their correction: {f.corrected}</LongText>
                </div>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
      <div className="review-form card">
        <div className="row" role="group" aria-label="score">
          <span>Score</span>
          {[1, 2, 3, 4, 5].map((n) => (
            <button key={n} type="button" className={score === n ? 'on score' : 'score'} aria-pressed={score === n} onClick={() => setScore(n)}>
              {n}
            </button>
          ))}
          <span className="sep" />
          <button type="button" className={pass === true ? 'on pass' : 'pass'} aria-pressed={pass === true} onClick={() => setPass(true)}>
            Pass (p)
          </button>
          <button type="button" className={pass === false ? 'on fail' : 'fail'} aria-pressed={pass === false} onClick={() => setPass(false)}>
            Fail (f)
          </button>
        </div>
        {data.labels ? (
          <label>
            Corrected label (c)
            {/* A call to a route with a local model: the correction is one of its labels, which the model then learns. */}
            <input ref={correctedRef} aria-label="corrected answer" list={`labels-${itemId}`} value={corrected} onChange={(e) => setCorrected(e.target.value)} placeholder={`Empty if right, else one of ${data.labels.length} labels`} />
            <datalist id={`labels-${itemId}`}>
              {data.labels.map((l) => (
                <option key={l} value={l} />
              ))}
            </datalist>
          </label>
        ) : (
          <label>
            Corrected answer (c)
            <textarea ref={correctedRef} aria-label="corrected answer" rows={3} value={corrected} onChange={(e) => setCorrected(e.target.value)} placeholder="Leave empty when the answer is right" />
          </label>
        )}
        <label>
          Comment (m)
          <textarea ref={commentRef} aria-label="comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
        </label>
        <div className="row">
          {confirming ? (
            <span className="confirm" role="alertdialog" aria-label="confirm review" data-testid="confirm-review">
              <span>Save {verdictOf(score, pass, corrected, comment)}?</span>{' '}
              {/* Focused when asked, so Enter answers it from wherever the keyboard was, and a screen reader reads the question. */}
              <button type="button" className="primary" disabled={saving} onClick={() => void save()} autoFocus>
                Yes, save (Enter)
              </button>{' '}
              <button type="button" onClick={() => setConfirming(false)}>
                Back (Esc)
              </button>
            </span>
          ) : (
            <button ref={saveRef} type="button" className="primary" disabled={saving} onClick={submit}>
              Save and next (Enter)
            </button>
          )}
          <button type="button" onClick={skip}>
            Skip (j)
          </button>
          <span className="muted small">Keys: 1–5 score · p/f pass/fail · c correct · m comment · Enter save, Enter again to confirm · u undo the last save · j/k next/previous · ↑/↓ read a long answer · Esc leave a text box or cancel</span>
        </div>
        <ErrorBox error={saveError} />
      </div>
      {data.hiddenReviews ? (
        // Blind until one's own is saved: a second reviewer shown the first's 2/5 and "fail" scored
        // next to it, and the agreement measured then (α, within one point) measured that. The
        // server holds them back (the API is as blind as the page), saying how many.
        <div className="muted small" data-testid="reviews-hidden">
          {data.hiddenReviews} of {item.reviewsWanted} wanted reviews given; the others' verdicts are not shown before yours is saved, so each is made alone.
        </div>
      ) : data.reviews.length ? (
        <div className="card">
          <b>Other reviews ({data.reviews.length} of {item.reviewsWanted} wanted)</b>
          {data.agreement.items ? (
            <span className="muted">
              {' '}
              · within one point {pct(data.agreement.scoreWithinOne, 0)} · pass agreement {pct(data.agreement.passMatch, 0)} · α {num(data.agreement.scoreAlpha)}
            </span>
          ) : null}
          <ul className="list">
            {data.reviews.map((r) => (
              <li key={r.id}>
                <Label text={r.reviewer} />: {r.score ?? '–'}/5 {r.pass === null ? '' : r.pass ? 'pass' : 'fail'} {r.comment ? `— ${r.comment}` : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** A dataset item under review: a generated item beside the passage it came from, else the raw fields. */
function ItemContent({ input, output }: { input: unknown; output: unknown }) {
  const grounded = groundedItem(input);
  if (!grounded) return <JsonBlock value={{ input, output }} />;
  return (
    <div className="grounded-item" data-testid="grounded-item">
      <div className="card">
        <h3>Question</h3>
        <p>{grounded.question}</p>
        <h3>Answer</h3>
        <p>{typeof output === 'string' ? output : JSON.stringify(output)}</p>
      </div>
      <div className="card">
        <h3>Source{grounded.sourceDocument ? `: ${grounded.sourceDocument}` : ''}</h3>
        <p className="passage">{grounded.sourcePassage}</p>
      </div>
    </div>
  );
}

/** What saving will record, in words, for the confirmation. */
function verdictOf(score: number | null, pass: boolean | null, corrected: string, comment: string): string {
  const parts = [score === null ? null : `score ${score}/5`, pass === null ? null : pass ? 'pass' : 'fail', corrected.trim() ? 'a corrected answer' : null, comment.trim() ? 'a comment' : null].filter(Boolean);
  return parts.join(' · ');
}

/** An eval case under review: what the answer should have been and how each scorer judged it. */
function EvalCase({ context }: { context: EvalCaseContext }) {
  return (
    <div className="card" data-testid="eval-case">
      <h3>Expected</h3>
      <div className="cell-text" data-testid="expected">
        <LongText>{context.expected === null || context.expected === undefined ? <span className="muted">no expected output in the dataset</span> : typeof context.expected === 'string' ? context.expected : JSON.stringify(context.expected)}</LongText>
      </div>
      <h3>
        Scores in run{' '}
        <a href={href(`/evals/${encodeURIComponent(context.runId)}`)}>
          <Label text={context.runName} max={40} />
        </a>{' '}
        · variant <Label text={context.variant} max={32} /> · quality {pct(context.quality, 0)}
      </h3>
      <table className="table" data-testid="eval-scores">
        <tbody>
          {context.scores.map((s) => (
            <tr key={s.scorer}>
              <td>{s.scorer}</td>
              <td className="num">{pct(s.score, 0)}</td>
              <td>
                <span className={`pill ${s.pass ? 'ok' : 'bad'}`}>{s.pass ? 'pass' : 'fail'}</span>
              </td>
              <td className="cell-text">
                <LongText>{s.reason}</LongText>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every reason the trace was queued for, oldest first (the store returns at most ten; the rest are counted). */
function Reasons({ item }: { item: ReviewItem }) {
  const more = item.reasonCount - item.reasons.length;
  return (
    <ul className="reasons" data-testid="item-reasons" aria-label="Queued because">
      {item.reasons.map((r) => (
        <li key={`${r.kind}\u0000${r.detail}`}>
          <span className={`pill src-${r.kind}`}>{r.kind}</span> {r.detail}
        </li>
      ))}
      {more > 0 ? <li className="muted">and {more} more</li> : null}
    </ul>
  );
}
