import { methodNotAllowed, SwitchyardError } from '../../core/errors.js';
import { describeValue } from '../../core/format-issues.js';
import { hasInvisibleChar, showInvisible } from '../../core/invisible-text.js';
import { hasBidiControl, terminalText } from '../../core/terminal-text.js';
import type { AdminAccess, Principal } from './access.js';
import { onlyFields, readJson, sendJson } from './http-kit.js';
import { NO_QUERY, readQuery } from '../query-params.js';
import type { RouteContext, Router } from './router.js';

/**
 * /api/session — GET: the access mode, who is signed in and their CSRF token; POST
 * `{ name, password }`: sign in (the password is the admin key; in open mode any, it only names
 * the reviewer); DELETE: sign out. These answer before authentication, the rest of /api after.
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
    if (!name) throw new SwitchyardError('invalid_request', `name is required: reviews are signed with it (got ${describeValue(body.name)})`, { param: 'name' });
    if (name.length > 64 || /\p{Cc}/u.test(name)) throw new SwitchyardError('invalid_request', `name must be at most 64 characters, none of them control characters, got ${describeValue(name)}`, { param: 'name' });
    // Audit lines print it through JSON.stringify, which leaves an RLO as it is: the line read reversed.
    if (hasBidiControl(name)) throw new SwitchyardError('invalid_request', `name must hold no bidirectional controls (they show it reordered), got ${terminalText(describeValue(name))}`, { param: 'name' });
    // Nor one that draws nothing: "ana\u200b" signed reviews that every page showed as ana's.
    if (hasInvisibleChar(name)) throw new SwitchyardError('invalid_request', `name must hold no invisible characters (zero-width space, word joiner, BOM, soft hyphen: they make it read as another name), got ${showInvisible(terminalText(describeValue(name)))}`, { param: 'name' });
    const password = typeof body.password === 'string' ? body.password : '';
    const { cookie, csrf, role } = await access.login(req, name, password);
    sendJson(res, 200, { mode: access.mode, name, csrf, role, banner }, { 'set-cookie': cookie });
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
