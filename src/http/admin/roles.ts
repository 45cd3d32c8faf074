import { clip } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import type { Principal } from './access.js';

/**
 * What the reviewer role (`server.reviewer_key`, or a reviewer account's personal key) may call: the review queue, read and decided (scores, corrections,
 * undo, the hold on the item open and skips) and its stats. Nothing else: not keys, teams,
 * budgets, spend, credentials, routes, models, config-like review rules, datasets or exports, and
 * no trace or overview reads (they carry every key's cost). An allowlist, so an endpoint added
 * later is the admin's until someone decides a reviewer needs it.
 */
const REVIEWER_MAY: readonly { method: string; path: RegExp }[] = [
  { method: 'GET', path: /^\/api\/review\/queue$/ },
  { method: 'GET', path: /^\/api\/review\/stats$/ },
  { method: 'GET', path: /^\/api\/review\/items\/[^/]+$/ },
  { method: 'POST', path: /^\/api\/review\/items\/[^/]+\/(reviews|claim|skip)$/ },
  { method: 'DELETE', path: /^\/api\/review\/items\/[^/]+\/(reviews|claim)$/ },
];

/**
 * Throws the 403 a reviewer gets outside the review queue, naming the role, what it may do and
 * what the call needs; an admin (or open mode) passes.
 *
 * @example authorize({ kind: 'admin', role: 'reviewer', name: 'ana', via: 'session' }, 'GET', '/api/keys') // throws 403
 */
export function authorize(principal: Principal & { kind: 'admin' }, method: string, path: string): void {
  if (principal.role !== 'reviewer') return;
  const asked = method === 'HEAD' ? 'GET' : method;
  if (REVIEWER_MAY.some((rule) => rule.method === asked && rule.path.test(path))) return;
  const how = principal.personal
    ? `${principal.via === 'session' ? 'signed in with' : 'the presented key is'} their personal reviewer key`
    : principal.via === 'session'
      ? 'signed in with server.reviewer_key'
      : 'the presented key is server.reviewer_key';
  throw new SwitchyardError(
    'forbidden',
    // The path is named, not carried (a 7,000-character knowledge base name came back whole), as a 405 names it.
    `${method} ${clip(path, 120)} needs the admin role; ${JSON.stringify(principal.name)} has the reviewer role (${how}), which reads and decides the review queue only (/api/review/queue, /api/review/items/…, /api/review/stats); sign in with server.admin_key for the rest`,
  );
}
