import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// Guardrail policies for keys and teams that exist only at runtime (switchyard keys create):
// `serve` refused such a config ("no key belongs to team"), though the guard stage applies a
// policy by the calling key's name and team.
let h: Harness;
const ADMIN = { authorization: 'Bearer admin-key-runtime-guard', 'content-type': 'application/json' };
const CARD = '4111 1111 1111 1111';

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `
${simProviders(simUrl)}
models:
  small: { provider: sim, model: standin-small }
server: { admin_key: admin-key-runtime-guard }
keys:
  - { key: sk-sy-config-app, name: config-app }
guardrails:
  pseudonym_key: test-identity-pseudonym-secret
  policies:
    strict:
      pii: { entities: { CREDIT_CARD: block } }
  apply:
    keys: { late-bot: strict }
    teams: { care: strict }
retry: { max_attempts: 1 }
`);
});
afterAll(async () => {
  await h.close();
});

async function createKey(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${h.gateway.url}/api/keys`, { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

const ask = (apiKey: string) => new OpenAI({ baseURL: h.baseURL, apiKey, maxRetries: 0 }).chat.completions.create({ model: 'small', messages: [{ role: 'user', content: `Charge my card ${CARD} please` }] });

describe('guardrail policies for keys and teams created at runtime', () => {
  it('apply to a runtime key of the named team and to a runtime key of the named name; others pass', async () => {
    const careBot = await createKey({ name: 'care-bot', team: 'care' });
    const lateBot = await createKey({ name: 'late-bot' });
    const other = await createKey({ name: 'other-bot' });
    await expect(ask(careBot)).rejects.toMatchObject({ status: 400 });
    await expect(ask(lateBot)).rejects.toMatchObject({ status: 400 });
    await expect(ask(other)).resolves.toMatchObject({ object: 'chat.completion' });
    await expect(ask('sk-sy-config-app')).resolves.toMatchObject({ object: 'chat.completion' });
  });
});
