import type { Harness } from './gateway-harness.js';

/** A gateway's answer to `callApi`: its status, its JSON object (`{}` for any other body) and headers. */
export interface ApiAnswer {
  status: number;
  json: Record<string, unknown>;
  headers: Headers;
}

/**
 * Calls the gateway's HTTP API as a script would: a JSON body (when given) with `headers`.
 *
 * @example const queued = await callApi(h, 'POST', `/api/traces/${id}/review`, bearer(ADMIN_KEY), { reason: 'check' });
 */
export async function callApi(h: Harness, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<ApiAnswer> {
  const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

/** The `authorization` header for a key, and a reviewer's name when one signs as a person. */
export const bearer = (key: string, reviewer?: string): Record<string, string> => ({ authorization: `Bearer ${key}`, ...(reviewer ? { 'x-switchyard-reviewer': reviewer } : {}) });

/** The message of an error answer, or undefined for a success. */
export const messageOf = (answer: ApiAnswer): string | undefined => (answer.json.error as { message: string } | undefined)?.message;
