/** An API answer that was not 2xx, with the server's message (never a blank screen). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

let csrf: string | null = null;

/** The CSRF token of the signed-in session (or of open mode), sent on every change. */
export function setCsrf(token: string | null): void {
  csrf = token;
}

/**
 * Calls the admin API with the session cookie and CSRF header; throws ApiError with the
 * server's message on any failure, including a network error.
 *
 * @example const page = await api<TracePage>('/api/traces?limit=50');
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.method && init.method !== 'GET' && csrf) headers['x-switchyard-csrf'] = csrf;
  let response: Response;
  try {
    response = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), credentials: 'same-origin' });
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
    throw new ApiError(message, response.status);
  }
  return body as T;
}

/** Query string from an object, leaving out empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}
