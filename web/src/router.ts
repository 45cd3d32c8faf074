import { useEffect, useState } from 'react';

/** The page and its parameters from the hash: `#/traces/tr_123?model=x` → ['traces', 'tr_123'], { model: 'x' }. */
export interface Route {
  parts: string[];
  query: URLSearchParams;
}

function parse(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const at = raw.indexOf('?');
  const path = at === -1 ? raw : raw.slice(0, at);
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(at === -1 ? '' : raw.slice(at + 1)) };
}

/**
 * The page asked for. A page typed as a path (`/traces/tr_123?model=x`, as other tools link their
 * pages) reaches the dashboard too, since the server answers a browser's page paths with it: it is
 * read as that page and the address rewritten to its hash form, where it had opened the overview.
 */
function initialHash(): string {
  const { pathname, search, hash } = window.location;
  if (hash !== '' || pathname === '/' || pathname === '/index.html') return hash;
  const moved = `#${pathname}${search}`;
  window.history.replaceState(window.history.state, '', `/${moved}`);
  return moved;
}

/** Hash routing: no server fallback needed, and deep links survive reloads. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(initialHash()));
  useEffect(() => {
    const onChange = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function navigate(path: string, query?: Record<string, string | undefined>): void {
  window.location.hash = href(path, query);
}

/**
 * Writes the query into the address without a hashchange (so without a new history entry or a
 * re-render): for a choice the page has already shown, such as the range `range=auto` picked, so
 * a reload or a shared link opens the same view and nothing is fetched again.
 */
export function replaceQuery(path: string, query?: Record<string, string | undefined>): void {
  window.history.replaceState(window.history.state, '', href(path, query));
}

/** A link to a page, with its query (filters) when given: `href('/traces', { session: 'abc' })`. */
export function href(path: string, query?: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v) search.set(k, v);
  const text = search.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}
