import { quoteClipped } from '../core/clip.js';
import { TerminalTable } from '../core/terminal-table.js';
import { SwitchyardError } from '../core/errors.js';
import { parseNewKey, parseTeam } from '../limits/key-input.js';
import type { KeyStore } from '../limits/key-store.js';
import { type RateLimit, storedKeyId } from '../limits/keys.js';
import { KeyManager, type KeyView, moveNote, teamsNamedByKeys } from '../limits/manage-keys.js';
import { cliTime } from '../core/cli-time.js';
import { unknownModelWarnings } from '../limits/unknown-models.js';
import { teamWithoutLimitsNote } from '../limits/team-without-limits.js';
import { CLI } from '../core/cli-command.js';
import { BUDGET_TOO_SMALL_HINT, BUDGET_USD, BUDGET_USD_RANGE } from '../config/budget-schema.js';
import { usd } from '../core/usd.js';
import { decimalNumber } from '../core/number-flag.js';
import type { KeySpendStore } from '../limits/key-spend.js';
import { keyUsageReader, seedFromTraces } from '../limits/key-spend-usage.js';
import { MemoryLimitStore } from '../limits/memory-limit-store.js';
import type { Stores } from '../store/stores.js';

interface StoreFlags {
  config?: string;
  json?: boolean;
}

interface CreateFlags extends StoreFlags {
  team?: string;
  models?: string;
  budgetUsd?: string;
  budgetPeriod?: string;
  rpm?: string;
  tpm?: string;
}

const THIRTY_DAYS_S = 30 * 24 * 3600;
/** A requests or tokens per minute past any a gateway meets, and short of where a number stops being an exact integer. */
const MAX_RATE = 1_000_000_000_000;

/**
 * A number flag, checked here against the bounds the API holds it to, so a wrong one is named by
 * its flag ("--rpm must be a whole number from 1 to 1,000,000,000,000, got \"1.5\"") rather than by the API's field.
 * Decimal digits only, as every number flag ({@link decimalNumber}).
 *
 * @example keyNumberFlag('--rpm', '600', 'count') // 600
 */
function keyNumberFlag(flag: string, raw: string | undefined, kind: 'amount' | 'count' | 'seconds'): number | undefined {
  if (raw === undefined) return undefined;
  const value = decimalNumber(raw);
  const wanted = { amount: `a number ${BUDGET_USD_RANGE}`, count: `a whole number from 1 to ${MAX_RATE.toLocaleString('en-US')}`, seconds: `a number of seconds from 0 to ${THIRTY_DAYS_S} (30 days)` }[kind];
  const [min, max]: [number, number] = { amount: [BUDGET_USD.min, BUDGET_USD.max] as [number, number], count: [1, MAX_RATE] as [number, number], seconds: [0, THIRTY_DAYS_S] as [number, number] }[kind];
  const fits = value !== undefined && value >= min && value <= max && (kind !== 'count' || Number.isInteger(value));
  // A budget of 0 means "spend nothing" to whoever typed it: said how that is done.
  const hint = kind === 'amount' && value !== undefined && value < min ? ` (${BUDGET_TOO_SMALL_HINT}: ${CLI} keys revoke NAME)` : '';
  if (!fits) throw new SwitchyardError('invalid_request', `${flag} must be ${wanted}, got ${quoteClipped(raw)}${hint}`, { param: flag });
  return value;
}

const PERIODS = ['total', 'monthly', 'daily'];

/** The config file's key and team names, which runtime keys and teams may not reuse. */
async function managerFor(store: KeyStore, flags: StoreFlags): Promise<KeyManager> {
  if (!flags.config) return new KeyManager(store);
  const { loadConfigFile } = await import('../config/load-config.js');
  const config = await loadConfigFile(flags.config);
  return new KeyManager(store, new Set(config.keys.map((key) => key.name)), Date.now, new Set(config.teams.map((team) => team.name)));
}

/** The budget the flags give; a period alone would be dropped unseen, so it is refused. */
function budgetOf(flags: { budgetUsd?: string; budgetPeriod?: string }) {
  if (flags.budgetUsd === undefined) {
    if (flags.budgetPeriod !== undefined) throw new SwitchyardError('invalid_request', `--budget-period ${flags.budgetPeriod} needs --budget-usd (the amount for that period)`);
    return undefined;
  }
  if (flags.budgetPeriod !== undefined && !PERIODS.includes(flags.budgetPeriod)) {
    throw new SwitchyardError('invalid_request', `--budget-period must be one of ${PERIODS.join(', ')}, got ${quoteClipped(flags.budgetPeriod)}`, { param: '--budget-period' });
  }
  return { usd: keyNumberFlag('--budget-usd', flags.budgetUsd, 'amount'), period: flags.budgetPeriod ?? 'total' };
}

const rateLimitOf = (flags: { rpm?: string; tpm?: string }) =>
  flags.rpm || flags.tpm ? { requests_per_minute: keyNumberFlag('--rpm', flags.rpm, 'count'), tokens_per_minute: keyNumberFlag('--tpm', flags.tpm, 'count') } : undefined;

const rateText = (limit: RateLimit | null | undefined) =>
  [limit?.requestsPerMinute ? `${limit.requestsPerMinute} rpm` : '', limit?.tokensPerMinute ? `${limit.tokensPerMinute} tpm` : ''].filter(Boolean).join(', ');

const limitText = (key: KeyView) =>
  [key.budget ? `$${key.budget.usd} ${key.budget.period}` : '', key.rateLimit?.requestsPerMinute ? `${key.rateLimit.requestsPerMinute} rpm` : '', key.rateLimit?.tokensPerMinute ? `${key.rateLimit.tokensPerMinute} tpm` : '']
    .filter(Boolean)
    .join(', ') || '-';

function printSecret(verb: string, secret: string, key: KeyView, flags: StoreFlags, extra = ''): void {
  if (flags.json) {
    console.log(JSON.stringify({ ...key, key: secret }));
    return;
  }
  console.log(`${verb} key "${key.name}"${extra}. Its secret, shown this once:\n\n  ${secret}\n\nEvery replica accepts it within limits.keys_poll_ms (default 0.5 s).`);
}

export async function createKey(name: string, flags: CreateFlags, store: KeyStore): Promise<void> {
  const input = parseNewKey({
    name,
    team: flags.team,
    models: flags.models?.split(',').map((m) => m.trim()).filter(Boolean),
    budget: budgetOf(flags),
    rate_limit: rateLimitOf(flags),
  });
  const manager = await managerFor(store, flags);
  const { secret, key } = await manager.create(input);
  printSecret('Created', secret, key, flags);
  for (const note of await unservedModels(name, key.models ?? [], flags.config)) console.error(note);
  const teamNote = key.team ? await teamWithoutLimits(name, key.team, manager, flags.config) : undefined;
  if (teamNote) console.error(teamNote);
}

/**
 * A note when the key's team has no limits yet (neither created at runtime nor, with `--config`,
 * in the file): allowed, since a team may be given limits after its keys, but a typo in `--team`
 * would otherwise pass unseen, the key counting against no team budget.
 */
async function teamWithoutLimits(name: string, team: string, manager: KeyManager, configFile: string | undefined): Promise<string | undefined> {
  const runtime = (await manager.list()).teams.map((t) => t.name);
  const inFile = configFile ? (await import('../config/load-config.js')).loadConfigFile(configFile).teams.map((t) => t.name) : [];
  const where = configFile ? `at runtime or is in ${configFile}` : 'at runtime';
  const note = teamWithoutLimitsNote(name, team, [...runtime, ...inFile], where, `${CLI} teams create ${team} --budget-usd N`);
  return note && `note: ${note}`;
}

/**
 * A note per model the key may use that the gateway does not serve: the config's models and
 * routes with `--config`, else those `switchyard serve` has without one. Only a note: the store
 * may serve replicas of another config, and a key may be made before its model is.
 */
async function unservedModels(name: string, models: readonly string[], configFile: string | undefined): Promise<string[]> {
  if (models.length === 0) return [];
  if (configFile) {
    const { loadConfigFile } = await import('../config/load-config.js');
    const config = loadConfigFile(configFile);
    return unknownModelWarnings(name, models, [...Object.keys(config.models), ...Object.keys(config.routes)], configFile).map((warning) => `note: ${warning}`);
  }
  const { BUILT_IN_MODELS: builtIn } = await import('../config/embedded-default.js');
  return models
    .filter((model) => !builtIn.includes(model))
    .map((model) => `note: key "${name}" may use "${model}", which is not a model ${CLI} serve has without a config (${builtIn.join(', ')}); pass --config FILE to check against the config of the gateway that uses this store`);
}

export async function rotateKey(name: string, flags: StoreFlags & { grace: string }, store: KeyStore): Promise<void> {
  const grace = keyNumberFlag('--grace', flags.grace, 'seconds') ?? 3600;
  const { secret, key } = await (await managerFor(store, flags)).rotate(name, grace * 1000);
  printSecret('Rotated', secret, key, flags, `; the previous secret works until ${new Date(key.previousValidUntil ?? 0).toISOString()}`);
}

/**
 * `keys update NAME --team T` (or `--no-team`): the key's calls count against T from now on; what
 * it spent so far stays T's predecessor's. Without either flag there is nothing to change, said so.
 */
export async function updateKey(name: string, flags: StoreFlags & { team?: string | boolean }, store: KeyStore): Promise<void> {
  // commander sets `team` to true when neither --team nor --no-team is given (the --no- default).
  if (flags.team === true || flags.team === undefined) {
    throw new SwitchyardError('invalid_request', `keys update needs --team TEAM (or --no-team to take key "${name}" out of its team); a key's team is the one thing it changes`, { param: '--team' });
  }
  const team = flags.team === false ? null : flags.team;
  const manager = await managerFor(store, flags);
  const inFile = flags.config ? await configTeamNames(flags.config) : [];
  const { key, from } = await manager.move(name, team, inFile);
  if (flags.json) return console.log(JSON.stringify({ ...key, previousTeam: from, note: moveNote(key.name, from, key.team) }));
  console.log(`${moveNote(key.name, from, key.team)}.`.replace(/^key/, 'Key'));
}

/** The teams a config file names: its own and those its keys are in. */
async function configTeamNames(file: string): Promise<string[]> {
  const config = (await import('../config/load-config.js')).loadConfigFile(file);
  return [...config.teams.map((t) => t.name), ...config.keys.flatMap((k) => (k.team ? [k.team] : []))];
}

export async function revokeKey(name: string, flags: StoreFlags, store: KeyStore): Promise<void> {
  const manager = await managerFor(store, flags);
  const asked = Date.now();
  const key = await manager.revoke(name);
  if (flags.json) return console.log(JSON.stringify(key));
  // The store keeps the first revocation's time: a second run read "Revoked … at" that old time as if it were now.
  if (key.revokedAt !== null && key.revokedAt < asked) {
    return console.log(`Key "${key.name}" (${key.prefix}…) was already revoked at ${new Date(key.revokedAt).toISOString()}; nothing changed.`);
  }
  console.log(`Revoked key "${key.name}" (${key.prefix}…) at ${new Date(key.revokedAt ?? 0).toISOString()}; every replica refuses it within limits.keys_poll_ms.`);
  // The banner said "any key is accepted until one is created": revoking the last one does not reopen it.
  if (!(await manager.list()).keys.some((k) => k.status === 'active')) {
    console.log(`No active runtime key is left: a gateway with no keys in its config file now refuses every request (it does not reopen); create one with ${CLI} keys create NAME.`);
  }
}

export async function listKeys(flags: StoreFlags, stores: Pick<Stores, 'keys' | 'spend'>): Promise<void> {
  const { keys } = await new KeyManager(stores.keys).list();
  const spends = await spendOfKeys(keys, stores.spend, Date.now());
  const withSpend = keys.map((key, i) => ({ ...key, usage: spends[i] ?? null }));
  if (flags.json) {
    console.log(JSON.stringify({ keys: withSpend }));
    return;
  }
  if (keys.length === 0) {
    console.log(`No runtime keys. Create one: ${CLI} keys create NAME`);
    return;
  }
  const table = new TerminalTable({ head: ['name', 'prefix', 'team', 'models', 'limits', 'spent', 'created', 'status'], dropToFit: ['created', 'prefix'], shrinks: ['name', 'team', 'models'] });
  for (const key of withSpend) {
    table.push([key.name, `${key.prefix}…`, key.team ?? '-', key.models?.join(', ') ?? 'all', limitText(key), spentText(key.usage), cliTime(key.createdAt, 'minutes'), statusText(key, Date.now())]);
  }
  console.log(table.toString());
}

/** What the CLI can say of a key's or team's spend: the rate windows live in each gateway's memory, so they are left out. */
interface SpendShown {
  spendUsd: number;
  periodStart: number;
  spendPeriod: 'total' | 'monthly' | 'daily';
}

/**
 * Each key's spend as `GET /api/keys` reads it (`keyUsageReader`), over a limit store seeded from
 * the stored traces as a gateway's is when it starts: budgeted keys over their budget's period,
 * the others this calendar month (UTC). Calls in flight and traces not yet written are not in it.
 */
async function spendOfKeys(keys: readonly KeyView[], spend: KeySpendStore, at: number): Promise<(SpendShown | null)[]> {
  const usageOf = keyUsageReader({ limits: new MemoryLimitStore(seedFromTraces(spend)), spend }, at);
  return Promise.all(
    keys.map(async (key) => {
      const usage = await usageOf({ id: storedKeyId(key.name, key.createdAt), createdAt: key.createdAt, name: key.name, hash: '', team: key.team, models: null, budget: key.budget, rateLimit: key.rateLimit, source: 'store' });
      return usage && { spendUsd: usage.spendUsd, periodStart: usage.periodStart, spendPeriod: usage.spendPeriod };
    }),
  );
}

const PERIOD_WORDS = { total: 'in total', monthly: 'this month', daily: 'today' } as const;

/**
 * A key's spend in its period ("$0.001200 today"; without a budget, "… this month"); "-" when
 * unknown. The budget itself is in the limits column beside it.
 *
 * @example spentText({ spendUsd: 1.5, periodStart: 0, spendPeriod: 'monthly' }) // '$1.5000 this month'
 */
export function spentText(usage: SpendShown | null): string {
  return usage ? `${usd(usage.spendUsd)} ${PERIOD_WORDS[usage.spendPeriod]}` : '-';
}

/** A key's status, with the end of a rotation's grace while the previous secret still works. */
export function statusText(key: Pick<KeyView, 'status' | 'previousValidUntil'>, now: number): string {
  if (key.status !== 'active' || key.previousValidUntil === null || key.previousValidUntil <= now) return key.status;
  return `active; previous secret until ${cliTime(key.previousValidUntil)} UTC`;
}

export async function putTeam(name: string, flags: StoreFlags & { budgetUsd?: string; budgetPeriod?: string; rpm?: string; tpm?: string }, store: KeyStore): Promise<void> {
  const { budget, rateLimit } = parseTeam({ budget: budgetOf(flags) ?? null, rate_limit: rateLimitOf(flags) });
  const manager = await managerFor(store, flags);
  // `teams create` of a name that exists replaces its limits: said, so a second run with other flags drops nothing unseen.
  const before = (await manager.list()).teams.find((t) => t.name === name);
  const team = await manager.putTeam(name, budget, rateLimit);
  const limits = teamLimitsText(team);
  console.log(`Team "${team.name}"${limits ? ` with ${limits}` : ' (no budget or rate limit)'} saved.`);
  const earlier = before ? teamLimitsText(before) : undefined;
  if (earlier !== undefined && earlier !== limits) console.log(`It existed, with ${earlier || 'no budget or rate limit'}: replaced (teams create sets every limit; one the flags leave out is removed).`);
}

function teamLimitsText(team: { budget: { usd: number; period: string } | null; rateLimit?: RateLimit | null }): string {
  return [team.budget ? `a $${team.budget.usd} ${team.budget.period} budget` : '', rateText(team.rateLimit)].filter(Boolean).join(' and ');
}

export async function listTeams(flags: StoreFlags, stores: Pick<Stores, 'keys' | 'spend'>): Promise<void> {
  const { teams: stored, keys } = await new KeyManager(stores.keys).list();
  // As GET /api/teams: a team's spend is counted against its budget's period; a team without one has none shown.
  const limits = new MemoryLimitStore(seedFromTraces(stores.spend));
  const at = Date.now();
  const teams = await Promise.all(
    stored.map(async (team) => {
      const usage = team.budget ? await limits.budgetUsage({ id: `team:${team.name}`, kind: 'team', name: team.name, budget: team.budget }, at) : null;
      return { ...team, usage: usage && team.budget ? { spendUsd: usage.spendUsd, periodStart: usage.periodStart, spendPeriod: team.budget.period } : null };
    }),
  );
  // Teams the keys name that have no limits of their own (or are defined in a config file).
  const named = teamsNamedByKeys(
    keys.filter((key) => key.status === 'active'),
    teams.map((team) => team.name),
  );
  if (flags.json) {
    console.log(JSON.stringify({ teams, namedByKeys: Object.fromEntries(named) }));
    return;
  }
  if (teams.length === 0) console.log(`No runtime teams. Create one: ${CLI} teams create NAME --budget-usd 100 --budget-period monthly`);
  else {
    // The name stays whole; the limits and the time wrap at their words only to fit a terminal.
    // Spent beside the budget in one column ("$1.2000 / $20 monthly"): a column more cut the name at 80 columns.
    const table = new TerminalTable({ head: ['name', 'spent / budget', 'rate limit', 'created'], wrapsOnTerminal: ['spent / budget', 'rate limit', 'created'] });
    for (const team of teams) {
      const budget = team.budget && team.usage ? `${usd(team.usage.spendUsd)} / $${team.budget.usd} ${team.budget.period}` : '-';
      table.push([team.name, budget, rateText(team.rateLimit) || '-', cliTime(team.createdAt, 'minutes')]);
    }
    console.log(table.toString());
  }
  if (named.size > 0) {
    const list = [...named].map(([name, n]) => `${name} (${n} key${n === 1 ? '' : 's'})`);
    console.log(`Named by keys, with no runtime limits of their own: ${list.join(', ')}.`);
  }
}

export async function deleteTeam(name: string, flags: StoreFlags & { force?: boolean }, store: KeyStore): Promise<void> {
  const { keys } = await (await managerFor(store, flags)).deleteTeam(name, { force: flags.force ?? false });
  if (keys.length === 0) return console.log(`Deleted team "${name}".`);
  const listed = keys.slice(0, 20).join(', ') + (keys.length > 20 ? `, … ${keys.length - 20} more` : '');
  console.log(`Deleted team "${name}". Its active keys (${listed}) still name it and count against no team limit until: ${CLI} teams create ${name} --budget-usd N`);
}
