import { SwitchyardError } from '../../core/errors.js';
import { describeValue } from '../../core/format-issues.js';
import type { ReviewerManager } from '../../review/manage-reviewers.js';
import type { Principal } from './access.js';
import { onlyFields, readJson, readOptionalJson, sendJson } from './http-kit.js';
import type { Router } from './router.js';

/** Who made a change, for the account's record: the admin's signed-in name. */
const by = (principal: Principal): string => (principal.kind === 'admin' ? principal.name : 'unknown');

/**
 * Reviewer accounts, the admin's (the reviewer role may not call these: admin/roles.ts):
 * GET /api/reviewers (every account, revoked ones included; never a key), POST /api/reviewers
 * `{ name }` (the personal key is in this answer and nowhere else, ever), POST
 * /api/reviewers/:name/rotate (a new personal key, in this answer only; the old key is refused and
 * the sessions it opened end at their next call, on every replica), DELETE /api/reviewers/:name
 * (revoke: the key is refused and the reviewer's open sessions end at their next call, on every
 * replica).
 *
 * @example reviewerRoutes(router, new ReviewerManager(stores.reviewers))
 */
export function reviewerRoutes(router: Router<Principal>, manager: ReviewerManager): void {
  router.get('/api/reviewers', async ({ res }) => sendJson(res, 200, { reviewers: await manager.list() }));

  router.post('/api/reviewers', async ({ req, res }, principal) => {
    const body = await readJson(req);
    onlyFields(body, ['name']);
    if (typeof body.name !== 'string') throw new SwitchyardError('invalid_request', `name: expected the reviewer's name, a string (their reviews are signed with it), got ${describeValue(body.name)}`, { param: 'name' });
    const { secret, reviewer } = await manager.add(body.name, by(principal));
    sendJson(res, 201, { ...reviewer, key: secret, note: 'give this key to the reviewer now: it is not shown again; they sign in to the dashboard with it' });
  });

  router.post('/api/reviewers/:name/rotate', async ({ req, res, params }, principal) => {
    // No options: a person's sign-in has no grace period (a lost key must stop working now).
    const body = await readOptionalJson(req);
    onlyFields(body, []);
    const { secret, reviewer } = await manager.rotate(params.name as string, by(principal));
    sendJson(res, 200, { ...reviewer, key: secret, note: 'give this key to the reviewer now: it is not shown again; the old key is refused and its sessions are over' });
  });

  router.delete('/api/reviewers/:name', async ({ res, params }, principal) => {
    sendJson(res, 200, await manager.revoke(params.name as string, by(principal)));
  });
}
