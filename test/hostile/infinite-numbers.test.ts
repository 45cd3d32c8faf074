import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

// JSON.parse reads a number past ±1.8e308 (1e999) as Infinity, and JSON.stringify writes it back
// as null: a field that took it unchecked was sent upstream or stored as null. Each is refused
// with a 400 naming the field and the value as it was read.

const ADMIN = 'sk-sy-admin-infinite';
const INF = 'Infinity (a number past ±1.8e308: 1e999 in JSON, .inf in YAML)';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
});
afterAll(async () => {
  await h.close();
});

async function send(method: string, path: string, body: string): Promise<{ status: number; message: string; param?: string }> {
  const auth = path.startsWith('/api') ? ADMIN : 'sk-sy-test';
  const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body });
  const answer = (await res.json()) as { error?: { message?: string; param?: string } };
  return { status: res.status, message: answer.error?.message ?? '', param: answer.error?.param };
}

const hi = '"messages":[{"role":"user","content":"hi"}]';

describe('a JSON number past ±1.8e308 in a request', () => {
  it.each([
    ['/v1/chat/completions', `{"model":"small","max_tokens":1e999,${hi}}`, `max_tokens: expected number, got ${INF}`],
    ['/v1/chat/completions', `{"model":"small","temperature":-1e999,${hi}}`, `temperature: expected number, got -${INF}`],
    ['/v1/messages', `{"model":"small","max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":1e999},${hi}}`, `thinking.budget_tokens: expected number, got ${INF}`],
    ['/v1/responses', '{"model":"small","max_output_tokens":1e999,"input":"hi"}', `max_output_tokens: expected number, got ${INF}`],
  ])('%s %s → 400 naming the field and the value', async (path, body, message) => {
    const answer = await send('POST', path, body);
    expect(answer.status).toBe(400);
    expect(answer.message).toContain(message);
  });

  // A tool's JSON Schema went on with the bound as null ("maximum": null): OpenAI and Claude refuse a
  // schema they cannot read with a 400 naming it, so this does too, on every path (translated or not).
  const schema = '{"type":"object","properties":{"n":{"type":"number","maximum":1e999}}}';
  it.each([
    ['/v1/chat/completions', 'claude', `{"model":"claude","tools":[{"type":"function","function":{"name":"f","parameters":${schema}}}],${hi}}`, 'tools[0].function.parameters.properties.n.maximum'],
    ['/v1/chat/completions', 'small', `{"model":"small","tools":[{"type":"function","function":{"name":"f","parameters":${schema}}}],${hi}}`, 'tools[0].function.parameters.properties.n.maximum'],
    ['/v1/messages', 'small', `{"model":"small","max_tokens":50,"tools":[{"name":"f","input_schema":${schema}}],${hi}}`, 'tools[0].input_schema.properties.n.maximum'],
    ['/v1/responses', 'claude', `{"model":"claude","tools":[{"type":"function","name":"f","parameters":${schema}}],"input":"hi"}`, 'tools[0].parameters.properties.n.maximum'],
  ])('%s to %s: a tool schema holding 1e999 → 400 naming %s', async (path, _model, body, field) => {
    const answer = await send('POST', path, body);
    expect(answer.status).toBe(400);
    expect(answer.message).toContain(`${field}: expected number, got ${INF}`);
  });

  it.each([
    ['POST', '/api/keys', 'budget.usd', '{"name":"inf-budget","budget":{"usd":1e999,"period":"monthly"}}'],
    ['PUT', '/api/teams/inf-team', 'budget.usd', '{"budget":{"usd":-1e999,"period":"monthly"}}'],
    ['POST', '/api/datasets/inf-set/items', 'items[0].metadata.n', '{"items":[{"input":"a","metadata":{"n":1e999}}]}'],
    ['POST', '/api/feedback', 'score', '{"trace_id":"tr_x","score":1e999}'],
  ])('%s %s → 400 naming %s', async (method, path, field, body) => {
    const answer = await send(method, path, body);
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: -?Infinity \\(a number past ±1\\.8e308`));
    expect(answer.param).toBe(field);
  });

  it('leaves no dataset behind', async () => {
    expect((await fetch(`${h.gateway.url}/api/datasets/inf-set`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(404);
  });
});
