import { useApi } from '../components/use-api.js';
import { ErrorBox, Loading } from '../components/ui.js';
import { count, pct, usd } from '../format.js';
import type { KeyRow } from '../types.js';

/** What "spent" covers: the budget's period (calendar periods in UTC). */
const PERIOD_WORDS: Record<string, string> = { total: 'in total', monthly: 'this month (UTC)', daily: 'today (UTC)' };

function Meter({ used, limit, label }: { used: number; limit: number | null | undefined; label: string }) {
  if (!limit) return <span className="muted">{count(used)} · no limit</span>;
  const share = Math.min(used / limit, 1);
  return (
    <div className="meter" title={`${label}: ${pct(used / limit)}`}>
      <div className={`meter-fill ${share > 0.9 ? 'hot' : share > 0.7 ? 'warm' : ''}`} style={{ width: `${share * 100}%` }} />
      <span className="meter-text">{label}</span>
    </div>
  );
}

/** Each virtual key's spend against its budget and its use of its rate limits in the last minute. */
export function KeysPage() {
  const { data, error } = useApi<{ open: boolean; keys: KeyRow[] }>('/api/keys');
  return (
    <div>
      <div className="toolbar">
        <h1>Keys and budgets</h1>
      </div>
      <ErrorBox error={error} />
      {!data && !error ? <Loading what="keys" /> : null}
      {data?.open ? <div className="banner">No virtual keys are configured: the gateway accepts any caller. Add keys under "keys:" in the config to meter and limit them.</div> : null}
      <p className="muted">
        Spend over time per key: <a href="#/overview?range=30d&by=key">overview split by key</a>.
      </p>
      {data && data.keys.length ? (
        <table className="table" data-testid="keys">
          <thead>
            <tr>
              <th>key</th>
              <th>team</th>
              <th>models</th>
              <th>budget</th>
              <th>requests / min</th>
              <th>tokens / min</th>
            </tr>
          </thead>
          <tbody>
            {data.keys.map((k) => (
              <tr key={k.name}>
                <td>{k.name}</td>
                <td>{k.team ?? '–'}</td>
                <td className="small">{k.models?.join(', ') ?? 'all'}</td>
                <td>
                  {k.budget ? (
                    <Meter used={k.usage?.spendUsd ?? 0} limit={k.budget.usd} label={`${usd(k.usage?.spendUsd ?? 0)} of ${usd(k.budget.usd)} ${PERIOD_WORDS[k.budget.period] ?? k.budget.period}`} />
                  ) : (
                    <span className="muted">{usd(k.usage?.spendUsd ?? 0)} spent this month (UTC) · no budget</span>
                  )}
                </td>
                <td>
                  <Meter used={k.usage?.requestsLastMinute ?? 0} limit={k.rateLimit?.requestsPerMinute} label={`${count(k.usage?.requestsLastMinute ?? 0)} of ${count(k.rateLimit?.requestsPerMinute ?? null)}`} />
                </td>
                <td>
                  <Meter used={k.usage?.tokensLastMinute ?? 0} limit={k.rateLimit?.tokensPerMinute} label={`${count(k.usage?.tokensLastMinute ?? 0)} of ${count(k.rateLimit?.tokensPerMinute ?? null)}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
