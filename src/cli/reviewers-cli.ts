import { quoteClipped } from '../core/clip.js';
import { cliTime } from '../core/cli-time.js';
import { CLI } from '../core/cli-command.js';
import { TerminalTable } from '../core/terminal-table.js';
import { ReviewerManager, type ReviewerView } from '../review/manage-reviewers.js';
import type { ReviewerStore } from '../review/reviewer-store.js';

interface Flags {
  json?: boolean;
}

/** Who the CLI records as having made a change: whoever can open the store. */
const BY = 'cli';

/** `reviewers add NAME`: creates the account and prints its personal key, once. */
export async function addReviewer(name: string, flags: Flags, store: ReviewerStore): Promise<void> {
  const { secret, reviewer } = await new ReviewerManager(store).add(name, BY);
  if (flags.json) return console.log(JSON.stringify({ ...reviewer, key: secret }));
  console.log(
    `Added reviewer ${quoteClipped(reviewer.name)}. Their personal key, shown this once:\n\n  ${secret}\n\nGive it to them: they sign in to the dashboard with it (no name to type); their reviews are signed ${quoteClipped(reviewer.name)}.`,
  );
}

/** `reviewers list`: every account, revoked ones included; never a key. */
export async function listReviewers(flags: Flags, store: ReviewerStore): Promise<void> {
  const reviewers = await new ReviewerManager(store).list();
  if (flags.json) return console.log(JSON.stringify({ reviewers }));
  if (reviewers.length === 0) return console.log(`No reviewer accounts. Add one: ${CLI} reviewers add NAME`);
  const table = new TerminalTable({ head: ['name', 'key', 'created', 'by', 'status'], dropToFit: ['by', 'key'], shrinks: ['name'] });
  for (const r of reviewers) table.push([r.name, `${r.prefix}…`, cliTime(r.createdAt, 'minutes'), r.createdBy, statusOf(r)]);
  console.log(table.toString());
}

const statusOf = (r: ReviewerView) => (r.revokedAt === null ? 'active' : `revoked ${cliTime(r.revokedAt, 'minutes')} by ${r.revokedBy ?? '?'}`);

/** `reviewers rotate NAME`: a new personal key, printed once; the old one and its sessions are over. */
export async function rotateReviewer(name: string, flags: Flags, store: ReviewerStore): Promise<void> {
  const { secret, reviewer } = await new ReviewerManager(store).rotate(name, BY);
  if (flags.json) return console.log(JSON.stringify({ ...reviewer, key: secret }));
  console.log(
    `Rotated reviewer ${quoteClipped(reviewer.name)}'s personal key. The new key, shown this once:\n\n  ${secret}\n\nGive it to them. The old key is refused from now on, and the dashboard sessions it opened end at their next call, on every replica.`,
  );
}

/** `reviewers revoke NAME`: refuses the key and ends the reviewer's sessions at their next call. */
export async function revokeReviewer(name: string, flags: Flags, store: ReviewerStore): Promise<void> {
  const asked = Date.now();
  const reviewer = await new ReviewerManager(store).revoke(name, BY);
  if (flags.json) return console.log(JSON.stringify(reviewer));
  // The store keeps the first revocation: a second run is told so, not shown that old time as now.
  if (reviewer.revokedAt !== null && reviewer.revokedAt < asked) {
    return console.log(`Reviewer ${quoteClipped(reviewer.name)} was already revoked at ${new Date(reviewer.revokedAt).toISOString()}; nothing changed.`);
  }
  console.log(`Revoked reviewer ${quoteClipped(reviewer.name)} (${reviewer.prefix}…): their key is refused and their open dashboard sessions end at their next call, on every replica. Their reviews stay, signed ${quoteClipped(reviewer.name)}.`);
}
