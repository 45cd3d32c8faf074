import type { Command } from 'commander';
import { DB_HELP, ON_EXISTING, READ_ONLY, inStores } from './store-flags.js';

/**
 * `switchyard reviewers …`: reviewer accounts, each with a personal key kept hashed in the store
 * every replica reads; a reviewer signs in to the dashboard with theirs and reviews as the account.
 */
export function registerReviewers(program: Command): void {
  const load = () => import('../reviewers-cli.js');
  const reviewers = program.command('reviewers').description('reviewer accounts: a personal dashboard key each, revoked one at a time (server.reviewer_key is the shared alternative)');
  reviewers
    .command('add <name>')
    .description('add a reviewer and print their personal key (shown once)')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (name: string, flags) => inStores(flags, async (stores) => (await load()).addReviewer(name, flags, stores.reviewers)));
  reviewers
    .command('list')
    .description('reviewer accounts (key prefix, created, status); never keys')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (flags) => inStores(flags, async (stores) => (await load()).listReviewers(flags, stores.reviewers), READ_ONLY));
  reviewers
    .command('rotate <name>')
    .description('give a reviewer a new personal key (shown once); the old key and the sessions it opened end, on every replica')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (name: string, flags) => inStores(flags, async (stores) => (await load()).rotateReviewer(name, flags, stores.reviewers), ON_EXISTING));
  reviewers
    .command('revoke <name>')
    .description('refuse a reviewer\'s key and end their dashboard sessions, on every replica')
    .option('--json', 'print JSON')
    .option('-c, --config <file>', 'gateway config whose store to use')
    .option('--db <file|url>', DB_HELP)
    .action(async (name: string, flags) => inStores(flags, async (stores) => (await load()).revokeReviewer(name, flags, stores.reviewers), ON_EXISTING));
}
