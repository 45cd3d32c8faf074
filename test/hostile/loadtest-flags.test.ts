import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LoadtestFlags, loadtest } from '../../src/cli/loadtest-cli.js';
import { closedPort } from '../../src/test-support/gateway-harness.js';

/**
 * `switchyard loadtest` flags past what the run can honour. A --timeout or --duration longer than
 * a Node.js timer holds (2^31 - 1 ms, about 24.8 days) fired its timers at once: `--timeout 1000h`
 * timed out every request ("none of the 2 requests was answered (2 × timeout)"). And --timeout and
 * --max-in-flight were read only after the gateway had started, so a typo started a gateway first.
 * Here the gateway is a closed port: a flag read late would end in "cannot reach the gateway".
 */
let gateway: string;
beforeAll(async () => {
  gateway = `http://127.0.0.1:${await closedPort()}`;
});
const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
afterAll(() => errors.mockRestore());

const defaults: LoadtestFlags = { model: 'small', rps: '1', duration: '1s', stream: false, maxTokens: '32', arrivals: 'uniform', perUser: '20', maxInFlight: '16', timeout: '10s', json: true };
const run = (flags: Partial<LoadtestFlags>) => loadtest({ ...defaults, gateway, ...flags });

describe('loadtest flags a Node.js timer cannot hold', () => {
  it('--timeout past 24.8 days is refused naming the flag, the value and the limit (it timed out every request)', async () => {
    await expect(run({ timeout: '1000h' })).rejects.toThrow('--timeout must be at most 596h (2147483647 ms, the longest a Node.js timer waits), got "1000h"');
  });

  it('--duration past 24.8 days is refused the same way', async () => {
    await expect(run({ rps: '0.0001', duration: '1000h' })).rejects.toThrow('--duration must be at most 596h (2147483647 ms, the longest a Node.js timer waits), got "1000h"');
  });

  it('a duration of 596h is still taken up to the request count check', async () => {
    await expect(run({ rps: '10', duration: '596h' })).rejects.toThrow('--rps × --duration asks for more than 10,000,000 requests');
  });
});

describe('a run too short for its rate', () => {
  it('is refused naming the duration, the rate and the shortest duration that sends 5 requests (it projected a month from 1)', async () => {
    errors.mockClear();
    await expect(run({ rps: '20', duration: '0.000001ms' })).rejects.toThrow(
      '--duration 0.000001ms at --rps 20 sends fewer than 5 requests (one is due every 50 ms): too few to measure a rate or project a cost; use --duration 250ms or longer, or a higher --rps',
    );
    await expect(run({ rps: '0.1', duration: '30s' })).rejects.toThrow('--duration 30s at --rps 0.1 sends fewer than 5 requests (one is due every 10.0 s): too few to measure a rate or project a cost; use --duration 50s or longer, or a higher --rps');
    await expect(run({ rps: '3', duration: '1s' })).rejects.toThrow('use --duration 1667ms or longer');
    // Read before anything starts: a local gateway was not started for it.
    await expect(loadtest({ ...defaults, model: 'gpt-4o-mini', rps: '1', duration: '4s' })).rejects.toThrow('sends fewer than 5 requests');
    expect(errors.mock.calls.flat().join('\n')).not.toContain('starting the gateway');
  });

  it('takes 5 requests: 10 requests/s for 500ms reaches the gateway', async () => {
    await expect(run({ rps: '10', duration: '500ms' })).rejects.toThrow(/cannot reach|ECONNREFUSED|connect/);
  });
});

describe('loadtest flags read before anything starts', () => {
  it('--max-in-flight 0 is named, not "cannot reach the gateway"', async () => {
    await expect(run({ maxInFlight: '0' })).rejects.toThrow('--max-in-flight must be an integer above 0 and at most 100000, got "0"');
  });

  it('--timeout 10x is named, not "cannot reach the gateway"', async () => {
    await expect(run({ timeout: '10x' })).rejects.toThrow('--timeout must be a duration like 500ms, 30s, 2m, 24h, 7d or 2w (no unit: seconds), got "10x"');
  });

  it('and with a local gateway nothing is started first', async () => {
    errors.mockClear();
    await expect(loadtest({ ...defaults, model: 'gpt-4o-mini', maxInFlight: '-1' })).rejects.toThrow('--max-in-flight must be');
    expect(errors.mock.calls.flat().join('\n')).not.toContain('starting the gateway');
  });
});
