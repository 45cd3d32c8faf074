import { methodNotAllowed, SwitchyardError } from '../../core/errors.js';
import { describeValue } from '../../core/format-issues.js';
import { assertReviewerName } from '../../review/reviewer-name.js';
import { PERSONAL_KEY_PREFIX } from '../../review/manage-reviewers.js';
import type { AdminAccess, Principal } from './access.js';
import { onlyFields, readJson, sendJson } from './http-kit.js';
import { NO_QUERY, readQuery } from '../query-params.js';
import type { RouteContext, Router } from './router.js';

/**
 * /api/session — GET: the access mode, who is signed in and their CSRF token; POST
 * `{ name, password }`: sign in (the password is the admin key or `server.reviewer_key`, with the
 * name reviews are signed with; or a reviewer's personal key, which names its account, so `name`
 * may be left out; in open mode a personal key signs in as its account, any other password only names the reviewer); DELETE: sign out. These answer before authentication, the rest of /api after.
 */
export async function handleSession({ req, res, url }: Omit<RouteContext, 'query'>, access: AdminAccess, banner: string | null): Promise<void> {
  readQuery(url.searchParams, NO_QUERY);
  if (req.method === 'GET') {
    sendJson(res, 200, { ...(await access.describe(req)), banner, reviewerKey: access.hasReviewerKey });
    return;
  }
  if (req.method === 'POST') {
    const body = await readJson(req);
    onlyFields(body, ['name', 'password']);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    // The name signs reviews and audit lines: shown whole, on one line, as typed.
    if (body.name !== undefined && typeof body.name !== 'string') throw new SwitchyardError('invalid_request', `name: expected a string (reviews are signed with it), got ${describeValue(body.name)}`, { param: 'name' });
    const password = typeof body.password === 'string' ? body.password : '';
    // A personal reviewer key names its reviewer: the name may be left out (AdminAccess checks the key).
    if (!name && !password.startsWith(PERSONAL_KEY_PREFIX)) throw new SwitchyardError('invalid_request', `name is required: reviews are signed with it (got ${describeValue(body.name)})`, { param: 'name' });
    if (name) assertReviewerName(name, 'name');
    const signedIn = await access.login(req, name, password);
    sendJson(res, 200, { mode: access.mode, name: signedIn.name, csrf: signedIn.csrf, role: signedIn.role, ...(signedIn.personal ? { personal: true } : {}), banner }, { 'set-cookie': signedIn.cookie });
    return;
  }
  if (req.method === 'DELETE') {
    sendJson(res, 200, { mode: access.mode, name: null }, { 'set-cookie': await access.logout(req) });
    return;
  }
  throw methodNotAllowed('/api/session', req.method, ['GET', 'POST', 'DELETE']);
}

/**
 * GET /api/sessions: who is signed in where (names and times, never tokens); DELETE
 * /api/sessions: sign out everywhere, every replica included (the caller too).
 */
export function sessionRoutes(router: Router<Principal>, access: AdminAccess): void {
  router.get('/api/sessions', async ({ res }) => sendJson(res, 200, { sessions: await access.list() }));
  router.delete('/api/sessions', async ({ req, res }, principal) => {
    const name = principal.kind === 'admin' ? principal.name : 'unknown';
    const ended = await access.revokeAll(name);
    sendJson(res, 200, { ended }, { 'set-cookie': await access.logout(req) });
  });
}
