/** An API answer that was not 2xx, with the server's message (never a blank screen). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

// The page's half of the session: the cookie alone opens nothing. Kept in localStorage, which
// (unlike cookies) is per origin, port included, so another app on this host can't read it.
const STORED = 'switchyard.csrf';

function stored(): string | null {
  try {
    return localStorage.getItem(STORED);
  } catch {
    return null;
  }
}

let csrf: string | null = stored();

/** The window event `api` sends on a 401: the session may have ended (the app asks `/api/session`). */
export const SESSION_ENDED = 'switchyard:session-ended';

/** The CSRF token of the signed-in session (or of open mode), sent on every call. */
export function setCsrf(token: string | null): void {
  csrf = token;
  try {
    if (token) localStorage.setItem(STORED, token);
    else localStorage.removeItem(STORED);
  } catch {
    // Storage off (private mode): the token lives as long as the page.
  }
}

/**
 * Calls the admin API with the session cookie and CSRF header; throws ApiError with the
 * server's message on any failure, including a network error.
 *
 * @example const page = await api<TracePage>('/api/traces?limit=50');
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown; /** Outlives the page (a call made as the tab closes). */ keepalive?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (csrf) headers['x-switchyard-csrf'] = csrf;
  let response: Response;
  try {
    response = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), credentials: 'same-origin', keepalive: init.keepalive ?? false });
  } catch (error) {
    throw new ApiError(`cannot reach the Switchyard server: ${(error as Error).message}`, 0);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    if (!response.ok) throw new ApiError(`${response.status} ${response.statusText}: ${text.slice(0, 200)}`, response.status);
    return text as T;
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? `${response.status} ${response.statusText}`;
    // The session ended under the page (signed out everywhere, idle, the admin key changed): the app
    // checks and shows the sign-in form. Not for a sign-in's own 401 (a wrong key), which the form shows.
    if (response.status === 401 && path !== '/api/session') window.dispatchEvent(new Event(SESSION_ENDED));
    throw new ApiError(message, response.status);
  }
  return body as T;
}

/**
 * Saves an API answer as a file: a plain link can't send the CSRF header the session needs.
 *
 * @example await download('/api/review/export?min_score=4', 'fine-tune.jsonl');
 */
export async function download(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: csrf ? { 'x-switchyard-csrf': csrf } : {}, credentials: 'same-origin' });
  if (!response.ok) {
    // The server's own message ("from \"2026-02-30\" is no calendar day …"), not just the status.
    const said = await response.json().then((body: { error?: { message?: string } }) => body.error?.message, () => undefined);
    throw new ApiError(said ?? `${response.status} ${response.statusText}: could not export`, response.status);
  }
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Query string from an object, leaving out empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}
