import { useEffect, useRef, useState } from 'react';
import { api, SESSION_ENDED, setCsrf } from './api.js';
import { ErrorBoundary, ErrorBox, Label, Loading, shortLabel } from './components/ui.js';
import { DatasetsPage } from './pages/datasets.js';
import { KeysPage } from './pages/keys.js';
import { LoginPage } from './pages/login.js';
import { MonitoringPage } from './pages/monitoring.js';
import { OverviewPage } from './pages/overview.js';
import { ProvidersPage } from './pages/providers.js';
import { KnowledgePage } from './pages/knowledge.js';
import { LoadtestsPage } from './pages/loadtests.js';
import { ReviewPage } from './pages/review.js';
import { RoutesPage } from './pages/routes.js';
import { CompareRunsPage } from './pages/compare-runs.js';
import { RunPage, RunsPage } from './pages/runs.js';
import { TraceDetailPage } from './pages/trace-detail.js';
import { TracesPage } from './pages/traces.js';
import { href, type Route, useRoute } from './router.js';
import type { SessionInfo } from './types.js';
import { ownEntry } from './format.js';

const NAV = [
  ['overview', 'Overview'],
  ['traces', 'Traces'],
  ['routes', 'Routes'],
  ['monitoring', 'Monitoring'],
  ['review', 'Review'],
  ['datasets', 'Datasets'],
  ['evals', 'Eval runs'],
  ['keys', 'Keys & budgets'],
  ['providers', 'Providers'],
  ['knowledge', 'Knowledge'],
  ['loadtests', 'Load tests'],
] as const;

function Page({ route, session }: { route: Route; session: SessionInfo }) {
  const [page, id, sub] = route.parts;
  switch (page ?? 'overview') {
    case 'overview':
      return <OverviewPage route={route} />;
    case 'traces':
      return id ? <TraceDetailPage id={id} /> : <TracesPage route={route} />;
    case 'review':
      return <ReviewPage route={route} reviewer={session.name ?? 'local'} named={session.name !== null} adminTabs={session.role !== 'reviewer'} />;
    case 'datasets':
      return <DatasetsPage name={id} route={route} />;
    case 'evals':
      if (id === 'compare') return <CompareRunsPage route={route} />;
      return id ? <RunPage id={id} tab={sub} /> : <RunsPage />;
    case 'keys':
      return <KeysPage />;
    case 'routes':
      return <RoutesPage route={route} />;
    case 'monitoring':
      return <MonitoringPage route={route} />;
    case 'providers':
      return <ProvidersPage />;
    case 'knowledge':
      return <KnowledgePage name={id} />;
    case 'loadtests':
      return <LoadtestsPage />;
    default:
      return <ErrorBox error={`There is no page "${page}".`} />;
  }
}

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<SessionInfo | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = () =>
    api<SessionInfo>('/api/session').then(
      (s) => {
        setCsrf(s.csrf);
        setSession(s);
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    void load();
  }, []);
  // Who was signed in when a call came back 401: if the session has ended, the sign-in form says so,
  // with the name filled in, and returns to this page. Before, each page showed its calls' 401
  // ("sign in to the dashboard, …") under a footer still naming the person, and no form.
  const [ended, setEnded] = useState<string | null>(null);
  const name = useRef<string | null>(null);
  name.current = session?.name ?? null;
  useEffect(() => {
    const check = () =>
      void api<SessionInfo>('/api/session').then(
        (s) => {
          // A revoked reviewer account's page is told so even on an open gateway, whose pages need no sign-in.
          if (s.ended === undefined && (s.mode === 'open' || s.name !== null)) return;
          setEnded(name.current ?? '');
          setCsrf(s.csrf);
          // Several calls can come back 401 at once: the later checks, sent without the CSRF token
          // the first one cleared, learn no reason, and must not wipe the one the first was told.
          setSession((before) => (s.ended === undefined && before?.ended !== undefined ? { ...s, ended: before.ended } : s));
        },
        () => undefined,
      );
    window.addEventListener(SESSION_ENDED, check);
    return () => window.removeEventListener(SESSION_ENDED, check);
  }, []);
  if (error) return <ErrorBox error={error} />;
  if (!session) return <Loading what="session" />;
  const signedIn = session.name !== null || (session.mode === 'open' && session.ended === undefined);
  // Signing in returns to the page that asked for it (a shared link to a review item, say).
  // `#/login?back=/review` (the review page's "give yours") returns there too.
  const asked = route.query.get('back');
  // A reviewer's home is the queue (the one page the role opens), known once the sign-in answers.
  const backFor = (role: SessionInfo['role']) => {
    const home = role === 'reviewer' ? '#/review' : '#/overview';
    return route.parts[0] === 'login' ? (asked?.startsWith('/') && !asked.startsWith('//') ? `#${asked}` : home) : window.location.hash || home;
  };
  if (!signedIn || route.parts[0] === 'login') {
    return (
      <>
        <Title page="login" />
        <LoginPage session={session} ended={ended} onDone={(s) => (setCsrf(s.csrf), setSession(s), setEnded(null), (window.location.hash = backFor(s.role)))} />
      </>
    );
  }
  // The reviewer role reads and decides the review queue only: the other pages are not offered,
  // and one opened by its address says why instead of a page of 403s.
  const reviewerOnly = session.role === 'reviewer';
  const current = route.parts[0] ?? (reviewerOnly ? 'review' : 'overview');
  const nav = reviewerOnly ? NAV.filter(([path]) => path === 'review') : NAV;
  return (
    <>
      <Title page={current} item={route.parts[1]} />
      <div className="shell">
        {/* The first Tab stop, shown only when focused: past the eleven menu links to the page. A button, not
            a "#main" link, since the hash is the page's address here. */}
        <button type="button" className="skip-link" onClick={() => document.getElementById('page')?.focus()}>
          Skip to the page
        </button>
        <nav className="nav" aria-label="pages">
          <div className="brand">Switchyard</div>
          {nav.map(([path, label]) => (
            <a key={path} href={href(`/${path}`)} className={current === path ? 'active' : ''} aria-current={current === path ? 'page' : undefined}>
              {label}
            </a>
          ))}
          <div className="who">
            {/* A signed name is up to 64 characters of anything: cut, so it stays in the 190 px menu (it ran over the page). */}
            <Label text={session.name ?? 'local'} max={20} />
            {' · '}
            <a href={href('/login')}>{session.mode === 'open' ? 'set name' : 'switch'}</a>
            {session.mode === 'protected' ? (
              <>
                {' · '}
                <button type="button" className="link" onClick={() => void api('/api/session', { method: 'DELETE' }).finally(() => (setCsrf(null), load()))}>
                  sign out
                </button>
                {reviewerOnly ? (
                  <span className="muted" data-testid="role">
                    {' · reviewer'}
                  </span>
                ) : (
                  <>
                    {' · '}
                    <button type="button" className="link" onClick={() => void api('/api/sessions', { method: 'DELETE' }).finally(() => (setCsrf(null), load()))}>
                      sign out everywhere
                    </button>
                  </>
                )}
              </>
            ) : null}
          </div>
        </nav>
        <main className="main" id="page" tabIndex={-1}>
          {session.banner ? (
            <div className="banner" role="status">
              {session.banner}
            </div>
          ) : null}
          <ErrorBoundary key={route.parts.join('/')}>
            {reviewerOnly && current !== 'review' ? (
              <div className="banner" data-testid="reviewer-only">
                Signed in with the reviewer key: you read and decide the <a href={href('/review')}>review queue</a>. This page needs the admin role (sign in with the admin key).
              </div>
            ) : (
              <Page route={reviewerOnly ? { ...route, parts: ['review', ...route.parts.slice(1)] } : route} session={session} />
            )}
          </ErrorBoundary>
        </main>
      </div>
    </>
  );
}

/** What one item of a list page is called in the tab's title. */
const ITEM: Record<string, string> = { traces: 'Trace', evals: 'Eval run', datasets: 'Dataset' };

/** The tab says which page it holds ("Traces · Switchyard"): ten tabs all read "Switchyard". */
function Title({ page, item }: { page: string; item?: string }) {
  // The sign-in page is in no menu; without its own title the tab kept the last page's name.
  // One trace, run or dataset names itself: five open traces read "Traces" five times.
  const one = item && item !== 'compare' ? ownEntry(ITEM, page) : undefined;
  const label = page === 'login' ? 'Sign in' : one && item ? `${one} ${shortLabel(item, 40)}` : NAV.find(([path]) => path === page)?.[1];
  useEffect(() => {
    document.title = label ? `${label} · Switchyard` : 'Switchyard';
  }, [label]);
  return null;
}
