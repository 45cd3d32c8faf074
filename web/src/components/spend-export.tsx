import { useState } from 'react';
import { download } from '../api.js';

const today = () => new Date().toISOString().slice(0, 10);
const monthStart = () => `${today().slice(0, 8)}01`;

/**
 * Spend per UTC day, team, key and model as a CSV file for finance (`GET /api/spend?format=csv`,
 * as `switchyard spend --csv` writes it): the first and last day, both included. The server
 * checks the dates and its message is shown as it says it.
 */
export function SpendExport() {
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(today);
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setFailure(undefined);
    setBusy(true);
    try {
      await download(`/api/spend?format=csv&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, `switchyard-spend-${from}-to-${to}.csv`);
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="row" data-testid="spend-export">
      <span>Spend per day, team, key and model (UTC days):</span>
      <label className="inline">
        from <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="first day" />
      </label>
      <label className="inline">
        to <input type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-label="last day" />
      </label>
      <button type="button" disabled={busy} onClick={() => void save()}>
        Download CSV
      </button>
      {failure ? (
        <span className="error small" role="alert">
          {failure}
        </span>
      ) : null}
    </div>
  );
}
