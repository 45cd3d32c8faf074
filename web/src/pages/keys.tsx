import { type FormEvent, useState } from 'react';
import { api } from '../api.js';
import { useApi } from '../components/use-api.js';
import { ErrorBox, Label, Loading } from '../components/ui.js';
import { SpendExport } from '../components/spend-export.js';
import { SecretBox } from '../components/secret-box.js';
import { labelNameProblem } from '../../../src/core/label-name.js';
import { count, pct, time, usd, usdOfBudget } from '../format.js';
import type { KeyRow, LimitHealth, TeamRow } from '../types.js';

/** What "spent" covers: the budget's period (calendar periods in UTC). */
const PERIOD_WORDS: Record<string, string> = { total: 'in total', monthly: 'this month (UTC)', daily: 'today (UTC)' };

/** `used` is undefined where nothing counts it (a team without a rate limit has no window): "no limit", not a false 0. */
function Meter({ used, limit, label }: { used: number | undefined; limit: number | null | undefined; label: string }) {
  if (!limit) return <span className="muted">{used === undefined ? 'no limit' : `${count(used)} · no limit`}</span>;
  if (used === undefined) return <span className="muted">{label}</span>;
  const share = Math.min(used / limit, 1);
  return (
    <div className="meter" title={`${label}: ${pct(used / limit)}`}>
      <div className={`meter-fill ${share > 0.9 ? 'hot' : share > 0.7 ? 'warm' : ''}`} style={{ width: `${share * 100}%` }} />
      <span className="meter-text">{label}</span>
    </div>
  );
}

/** What the page shows for a figure kept in the limit store while that store does not answer: not $0. */
const UNKNOWN = 'unknown: the limit store is unreachable';

/** A limit whose current use cannot be read: the limit itself, and why its use is not shown. */
function UnknownUse({ limit }: { limit: string }) {
  return (
    <span className="muted" data-testid="use-unknown">
      {limit} · {UNKNOWN}
    </span>
  );
}

/** A rate limit's use in the last minute against it; unknown, not 0, while the limit store does not answer. */
function RateUse({ storeDown, used, limit }: { storeDown: boolean; used: number | undefined; limit: number | null | undefined }) {
  if (storeDown && limit) return <UnknownUse limit={`${count(limit)} a minute`} />;
  return <Meter used={used} limit={limit} label={`${count(used ?? 0)} of ${count(limit ?? null)}`} />;
}

// A budget is for all time unless a period is picked, as in the config file and `switchyard keys create`.
const EMPTY = { name: '', team: '', models: '', budget: '', period: 'total', rpm: '', tpm: '' };
const EMPTY_TEAM = { name: '', budget: '', period: 'total', rpm: '', tpm: '' };

/** The limit fields both forms have, as strings while typed. */
interface LimitDraft {
  budget: string;
  period: string;
  rpm: string;
  tpm: string;
}

/** Each limit field's accessible name in one form. */
type LimitLabels = Record<keyof LimitDraft, string>;

const TEAM_LIMIT_LABELS: LimitLabels = { budget: 'team budget', period: 'team budget period', rpm: 'team rpm', tpm: 'team tpm' };
const KEY_LIMIT_LABELS: LimitLabels = { budget: 'key budget', period: 'budget period', rpm: 'key rpm', tpm: 'key tpm' };

/** A budget (amount and period) and a rate limit (requests and tokens per minute): the fields the team and key forms share. */
function LimitInputs<T extends LimitDraft>({ draft, onChange, labels }: { draft: T; onChange: (draft: T) => void; labels: LimitLabels }) {
  return (
    <>
      <label>
        budget $
        <input aria-label={labels.budget} size={6} value={draft.budget} onChange={(e) => onChange({ ...draft, budget: e.target.value })} />
      </label>
      <label>
        per
        <select aria-label={labels.period} value={draft.period} onChange={(e) => onChange({ ...draft, period: e.target.value })}>
          <option value="total">ever</option>
          <option value="monthly">month</option>
          <option value="daily">day</option>
        </select>
      </label>
      <label>
        requests / min
        <input aria-label={labels.rpm} size={6} value={draft.rpm} onChange={(e) => onChange({ ...draft, rpm: e.target.value })} />
      </label>
      <label>
        tokens / min
        <input aria-label={labels.tpm} size={8} value={draft.tpm} onChange={(e) => onChange({ ...draft, tpm: e.target.value })} />
      </label>
    </>
  );
}

/**
 * A number typed in a form field, undefined when it is empty; anything else is refused naming the
 * field and what was typed: `Number("10$")` is NaN, which JSON sends as null, and the API's answer
 * read "budget.usd: expected number, got null" to someone who typed 10$.
 *
 * @example formNumber('budget $', '0.5', 'a number of dollars, such as 20 or 0.5') // 0.5
 */
function formNumber(field: string, raw: string, expected: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const value = Number(raw.trim());
  if (!Number.isFinite(value)) throw new Error(`${field} must be ${expected}; got ${JSON.stringify(raw)}`);
  return value;
}

const WHOLE = 'a whole number, such as 600';

/** A budget as the API takes it, from the form's amount and period; undefined when no amount is typed. */
function budgetBody(amount: string, period: string, field: string): { usd: number; period: string } | undefined {
  const usd = formNumber(field, amount, 'a number of dollars, such as 20 or 0.5');
  return usd === undefined ? undefined : { usd, period };
}

/** A rate limit as the API takes it (`rate_limit`), from the form's two fields; undefined when both are empty. */
function rateLimitBody(rpm: string, tpm: string, owner: 'key' | 'team'): { requests_per_minute?: number; tokens_per_minute?: number } | undefined {
  if (!rpm.trim() && !tpm.trim()) return undefined;
  return { requests_per_minute: formNumber(`${owner} requests / min`, rpm, WHOLE), tokens_per_minute: formNumber(`${owner} tokens / min`, tpm, WHOLE) };
}

/** The team form filled with a team's current settings: saving replaces the whole team, so it starts from what is there. */
function teamDraftOf(team: TeamRow): typeof EMPTY_TEAM {
  return {
    name: team.name,
    budget: team.budget ? String(team.budget.usd) : '',
    period: team.budget?.period ?? 'total',
    rpm: team.rateLimit?.requestsPerMinute ? String(team.rateLimit.requestsPerMinute) : '',
    tpm: team.rateLimit?.tokensPerMinute ? String(team.rateLimit.tokensPerMinute) : '',
  };
}

/**
 * Each virtual key's spend against its budget (and what calls in flight hold) and its use of its
 * rate limits in the last minute; keys created here are kept hashed in the store, so every
 * replica honours them, and can be rotated or revoked.
 */
export function KeysPage() {
  const { data, error, reload } = useApi<{ open: boolean; keys: KeyRow[]; limits?: LimitHealth }>('/api/keys');
  const teams = useApi<{ teams: TeamRow[] }>('/api/teams');
  const [draft, setDraft] = useState(EMPTY);
  const [teamDraft, setTeamDraft] = useState(EMPTY_TEAM);
  const [failure, setFailure] = useState<string | undefined>();
  const [secret, setSecret] = useState<{ name: string; secret: string; note: string; warnings?: readonly string[] } | undefined>();
  const act = async (work: () => Promise<void>) => {
    setFailure(undefined);
    try {
      await work();
      reload();
      teams.reload();
    } catch (e) {
      setFailure((e as Error).message);
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const created = await api<{ name: string; key: string; warnings?: string[] }>('/api/keys', {
        method: 'POST',
        body: {
          name: draft.name,
          team: draft.team || undefined,
          models: draft.models ? draft.models.split(',').map((m) => m.trim()).filter(Boolean) : undefined,
          budget: budgetBody(draft.budget, draft.period, 'key budget $'),
          rate_limit: rateLimitBody(draft.rpm, draft.tpm, 'key'),
        },
      });
      setSecret({ name: created.name, secret: created.key, note: 'Every replica accepts it within a second.', warnings: created.warnings });
      setDraft(EMPTY);
    });
  };
  const rotate = (name: string) =>
    void act(async () => {
      const rotated = await api<{ name: string; key: string }>(`/api/keys/${encodeURIComponent(name)}/rotate`, { method: 'POST', body: { grace_seconds: 3600 } });
      setSecret({ name: rotated.name, secret: rotated.key, note: 'The previous key keeps working for an hour.' });
    });
  const [moved, setMoved] = useState<string | undefined>();
  // A key changes team from now on; what it spent stays the old team's (the server's note says so).
  const move = (name: string, from: string | null) => {
    const answer = window.prompt(`Move key "${name}" to which team? Its spend so far stays booked to ${from ? `"${from}"` : 'no team'}; its calls from now on count against the new team's budget. Leave empty for no team.`, from ?? '');
    if (answer === null) return;
    setMoved(undefined);
    void act(async () => {
      const result = await api<{ note: string }>(`/api/keys/${encodeURIComponent(name)}`, { method: 'PATCH', body: { team: answer.trim() || null } });
      setMoved(result.note);
    });
  };
  const revoke = (name: string) => {
    if (!window.confirm(`Revoke key "${name}"? Every replica refuses it within a second.`)) return;
    void act(async () => {
      await api(`/api/keys/${encodeURIComponent(name)}`, { method: 'DELETE' });
      // A secret still on screen for this key is now worthless: don't leave it looking usable.
      setSecret((shown) => (shown?.name === name ? undefined : shown));
    });
  };
  const saveTeam = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      // The name goes into the URL: checked here by the API's own rule, so a 10,000-character one
      // is named as a name, not as "the request path is 10011 characters long".
      const problem = labelNameProblem('team name', teamDraft.name);
      if (problem) throw new Error(problem);
      const body = { budget: budgetBody(teamDraft.budget, teamDraft.period, 'team budget $'), rate_limit: rateLimitBody(teamDraft.rpm, teamDraft.tpm, 'team') };
      await api(`/api/teams/${encodeURIComponent(teamDraft.name)}`, { method: 'PUT', body });
      setTeamDraft(EMPTY_TEAM);
    });
  };
  const limits = data?.limits;
  // Spend, holds and rate windows live in the limit store: while it is down they are unknown, and
  // a meter at $0 would read as a fresh budget.
  const storeDown = limits !== undefined && !limits.reachable;
  return (
    <div>
      <div className="toolbar">
        <h1>Keys and budgets</h1>
      </div>
      <ErrorBox error={failure ?? error} />
      {!data && !error ? <Loading what="keys" /> : null}
      {data?.open ? <div className="banner">No virtual keys yet: the gateway accepts any caller. Create one below (or add keys under "keys:" in the config) to meter and limit callers.</div> : null}
      {limits && !limits.reachable ? (
        <div className="banner" data-testid="limits-down">
          The limit store ({limits.store}) is unreachable: calls of keys with limits are {limits.on_error === 'open' ? 'served without limits (fail open)' : 'refused with 503 until it is back (fail closed)'}.
        </div>
      ) : null}
      {moved ? (
        <div className="banner" data-testid="key-moved">
          {moved}
        </div>
      ) : null}
      {secret ? <SecretBox {...secret} onDone={() => setSecret(undefined)} /> : null}
      <p className="muted">
        Spend over time per key: <a href="#/overview?range=30d&by=key">overview split by key</a>. Limits and budgets are kept in {limits?.store ?? 'memory'}
        {limits?.store === 'redis' ? ', shared by every replica' : ''}.
      </p>
      <SpendExport />
      {/* Long key and team names (or a narrow window) make the table wider than the column: it
          scrolls in its box, as the other pages' tables do, not the whole page. */}
      {data && data.keys.length ? (
        <div className="scroll-x">
          <table className="table stack" data-testid="keys">
            <thead>
              <tr>
                <th>key</th>
                <th>team</th>
                <th>models</th>
                <th>budget</th>
                <th>requests / min</th>
                <th>tokens / min</th>
                <th>source</th>
                <th>
                  <span className="visually-hidden">actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.keys.map((k) => {
                const spent = k.usage?.spendUsd ?? 0;
                const held = k.usage?.reservedUsd ?? 0;
                const revoked = k.status === 'revoked';
                return (
                  <tr key={k.name} data-testid={`key-${k.name}`} className={revoked ? 'muted' : undefined}>
                    <td data-label="key">
                      <Label text={k.name} max={24} />
                      {k.prefix ? <div className="mono small muted">{k.prefix}…</div> : null}
                      {!revoked && k.previousValidUntil && k.previousValidUntil > Date.now() ? (
                        <div className="small muted" data-testid="previous-secret">
                          previous secret until {time(k.previousValidUntil)}
                        </div>
                      ) : null}
                    </td>
                    <td data-label="team">{k.team ? <Label text={k.team} max={24} /> : '–'}</td>
                    <td data-label="models" className="small">{k.models?.join(', ') ?? 'all'}</td>
                    <td data-label="budget">
                      {k.budget && (storeDown || !k.usage) ? (
                        <UnknownUse limit={`budget ${usd(k.budget.usd)} ${k.budget.period}`} />
                      ) : k.budget ? (
                        <Meter used={spent + held} limit={k.budget.usd} label={`${usdOfBudget(spent, k.budget.usd)}${held > 0 ? ` + ${usdOfBudget(held, k.budget.usd)} held` : ''} of ${usd(k.budget.usd)} ${PERIOD_WORDS[k.budget.period] ?? k.budget.period}`} />
                      ) : (
                        <span className="muted">{usd(spent)} spent this month (UTC) · no budget</span>
                      )}
                    </td>
                    <td data-label="requests / min">
                      <RateUse storeDown={storeDown} used={k.usage?.requestsLastMinute ?? 0} limit={k.rateLimit?.requestsPerMinute} />
                    </td>
                    <td data-label="tokens / min">
                      <RateUse storeDown={storeDown} used={k.usage?.tokensLastMinute ?? 0} limit={k.rateLimit?.tokensPerMinute} />
                    </td>
                    <td data-label="source" className="small">{revoked ? 'revoked' : k.source === 'store' ? 'runtime' : 'config file'}</td>
                    <td className="nowrap">
                      {k.source === 'store' && !revoked ? (
                        <>
                          <button type="button" onClick={() => rotate(k.name)}>
                            Rotate
                          </button>{' '}
                          <button type="button" onClick={() => move(k.name, k.team)}>
                            Move
                          </button>{' '}
                          <button type="button" onClick={() => revoke(k.name)}>
                            Revoke
                          </button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2>Teams</h2>
      {teams.data?.teams.length ? (
        <div className="scroll-x">
          <table className="table stack" data-testid="teams">
            <thead>
              <tr>
                <th>team</th>
                <th>keys</th>
                <th>budget (all its keys together)</th>
                <th>requests / min</th>
                <th>tokens / min</th>
                <th>source</th>
                <th>
                  <span className="visually-hidden">actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {teams.data.teams.map((t) => (
                <tr key={t.name} data-testid={`team-${t.name}`}>
                  <td data-label="team">
                    <Label text={t.name} />
                  </td>
                  <td data-label="keys">{t.keys}</td>
                  <td data-label="budget">
                    {t.budget && (storeDown || !t.usage) ? (
                      <UnknownUse limit={`budget ${usd(t.budget.usd)} ${t.budget.period}`} />
                    ) : t.budget ? (
                      <Meter
                        used={(t.usage?.spendUsd ?? 0) + (t.usage?.reservedUsd ?? 0)}
                        limit={t.budget.usd}
                        label={`${usdOfBudget(t.usage?.spendUsd ?? 0, t.budget.usd)}${t.usage?.reservedUsd ? ` + ${usdOfBudget(t.usage.reservedUsd, t.budget.usd)} held` : ''} of ${usd(t.budget.usd)} ${t.budget.period}`}
                      />
                    ) : (
                      <span className="muted">no budget</span>
                    )}
                  </td>
                  <td data-label="requests / min">
                    <RateUse storeDown={storeDown} used={t.rateUsage?.requestsLastMinute} limit={t.rateLimit?.requestsPerMinute} />
                  </td>
                  <td data-label="tokens / min">
                    <RateUse storeDown={storeDown} used={t.rateUsage?.tokensLastMinute} limit={t.rateLimit?.tokensPerMinute} />
                  </td>
                  <td data-label="source" className="small">{t.source === 'store' ? 'runtime' : t.source === 'keys' ? 'named by keys' : 'config file'}</td>
                  <td>
                    {t.source !== 'config' ? (
                      <button type="button" onClick={() => setTeamDraft(teamDraftOf(t))}>
                        {t.source === 'keys' ? 'Set limits' : 'Edit'}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No teams. A team's budget and rate limit cap all its keys together.</p>
      )}
      {/* Named like the key form below: unlabelled, the row of inputs under the table read as a filter. */}
      <h2>Create a team, or change one's limits</h2>
      <form className="filters" onSubmit={saveTeam}>
        <label>
          team
          <input aria-label="team name" required value={teamDraft.name} onChange={(e) => setTeamDraft({ ...teamDraft, name: e.target.value })} />
        </label>
        <LimitInputs draft={teamDraft} onChange={setTeamDraft} labels={TEAM_LIMIT_LABELS} />
        <button type="submit">Save team</button>
      </form>
      <h2>Create a key</h2>
      <form className="filters" onSubmit={create}>
        <label>
          name
          <input aria-label="key name" required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label>
          team
          <input aria-label="key team" value={draft.team} onChange={(e) => setDraft({ ...draft, team: e.target.value })} />
        </label>
        <label>
          {/* A key may be limited to routes too: they are names clients call, as models are. */}
          models / routes
          <input aria-label="key models" placeholder="all, or names with commas" value={draft.models} onChange={(e) => setDraft({ ...draft, models: e.target.value })} />
        </label>
        <LimitInputs draft={draft} onChange={setDraft} labels={KEY_LIMIT_LABELS} />
        <button type="submit" className="primary">
          Create key
        </button>
      </form>
    </div>
  );
}
