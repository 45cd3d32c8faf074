import { SwitchyardError } from '../../core/errors.js';
import type { AdminAccess } from './access.js';
import { readJson, sendJson } from './http-kit.js';
import type { RouteContext } from './router.js';

/**
 * /api/session — GET: the access mode, who is signed in and their CSRF token; POST
 * `{ name, password }`: sign in (the password is the admin key; in open mode any, it only names
 * the reviewer); DELETE: sign out. These answer before authentication, the rest of /api after.
 */
export async function handleSession({ req, res }: RouteContext, access: AdminAccess, banner: string | null): Promise<void> {
  if (req.method === 'GET') {
    sendJson(res, 200, { ...access.describe(req), banner });
    return;
  }
  if (req.method === 'POST') {
    const body = await readJson(req);
    const name = typeof body.name === 'string' ? body.name.trim().slice(0, 64) : '';
    if (!name) throw new SwitchyardError('invalid_request', 'name is required: reviews are signed with it', { param: 'name' });
    const password = typeof body.password === 'string' ? body.password : '';
    const { cookie, csrf } = access.login(req, name, password);
    sendJson(res, 200, { mode: access.mode, name, csrf, banner }, { 'set-cookie': cookie });
    return;
  }
  if (req.method === 'DELETE') {
    sendJson(res, 200, { mode: access.mode, name: null }, { 'set-cookie': access.logoutCookie() });
    return;
  }
  throw new SwitchyardError('invalid_request', `/api/session takes GET, POST or DELETE, not ${req.method}`, { status: 405 });
}
