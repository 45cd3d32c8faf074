import { formatLatency } from '../core/format-latency.js';
import { SwitchyardError } from '../core/errors.js';

/**
 * The fewest requests a run may be due: fewer measure no rate (the first is due at 0 ms whatever
 * the duration, so `--duration 0.000001ms` sent one) and project a month's cost from one answer.
 */
export const MIN_RUN_REQUESTS = 5;

/**
 * Refuses a run whose duration at its rate is due fewer than `MIN_RUN_REQUESTS` requests, naming
 * the duration, the rate and the shortest duration that is enough.
 *
 * @example assertEnoughRequests(20, 0.000001, '0.000001ms') // throws: … use --duration 250ms or longer, or a higher --rps
 */
export function assertEnoughRequests(rps: number, durationMs: number, durationText: string): void {
  if (rps * durationMs >= MIN_RUN_REQUESTS * 1_000) return;
  const shortest = (MIN_RUN_REQUESTS * 1_000) / rps;
  // A duration the flag takes as written: whole milliseconds below 10 s, whole seconds above.
  const written = shortest < 10_000 ? `${Math.ceil(shortest)}ms` : `${Math.ceil(shortest / 1_000)}s`;
  throw new SwitchyardError(
    'invalid_request',
    `--duration ${durationText.trim()} at --rps ${rps} sends fewer than ${MIN_RUN_REQUESTS} requests (one is due every ${formatLatency(1_000 / rps)}): too few to measure a rate or project a cost; use --duration ${written} or longer, or a higher --rps`,
    { param: 'duration' },
  );
}

/**
 * Why a run's figures rest on too few answers, or null: 1 to `MIN_RUN_REQUESTS` - 1 answered (a
 * run due enough can still end so, by failures or a Ctrl-C). No answer at all is not this: such a
 * run measured nothing and is refused as a figure (`nothingAnswered`). The terminal prints it and
 * the JSON report carries it as `unreliable`, so a script reads the same verdict.
 *
 * @example unreliableRun({ due: 40, ok: 3 }) // '3 of 40 requests answered; the cost per request and the projections rest on fewer than 5 answers'
 */
export function unreliableRun(requests: { due: number; ok: number }): string | null {
  if (requests.ok === 0 || requests.ok >= MIN_RUN_REQUESTS) return null;
  const count = (n: number) => n.toLocaleString('en-US');
  return `${count(requests.ok)} of ${count(requests.due)} requests answered; the cost per request and the projections rest on fewer than ${MIN_RUN_REQUESTS} answers`;
}
