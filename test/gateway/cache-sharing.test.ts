import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;

// Two teams, a second key in one of them, and a key with no team; one name per sharing rule.
const config = (sim: string) => `
providers:
  sim: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
models:
  small:  { provider: sim, model: standin-small }
  public: { provider: sim, model: standin-small }
  mine:   { provider: sim, model: standin-small }
keys:
  - { key: sk-sy-care-1, name: care-1, team: care }
  - { key: sk-sy-care-2, name: care-2, team: care }
  - { key: sk-sy-sales-1, name: sales-1, team: sales }
  - { key: sk-sy-loner, name: loner }
cache:
  routes:
    small: {}
    public: { shared_by: all }
    mine: { shared_by: key }
`;

beforeAll(async () => {
  h = await startHarness('', config);
});
afterAll(() => h.close());

const as = (key: string) => h.openai(key);
let unique = 0;
const ask = async (key: string, model: string, text: string) => {
  const { response } = await as(key).chat.completions.create({ model, temperature: 0, messages: [{ role: 'user', content: text }] }).withResponse();
  return response.headers.get('x-switchyard-cache');
};

describe('who a cached answer is served to (cache.shared_by)', () => {
  it('serves a team its own answers and not another team\'s, by default', async () => {
    const text = `Summarise our refund policy #${++unique}`;
    expect(await ask('sk-sy-care-1', 'small', text)).toBe('miss');
    // The same team's other key is served from the cache...
    expect(await ask('sk-sy-care-2', 'small', text)).toBe('hit');
    // ...another team, and a key without a team, are not: each gets (and stores) its own answer.
    expect(await ask('sk-sy-sales-1', 'small', text)).toBe('miss');
    expect(await ask('sk-sy-loner', 'small', text)).toBe('miss');
    expect(await ask('sk-sy-sales-1', 'small', text)).toBe('hit');
    expect(await ask('sk-sy-loner', 'small', text)).toBe('hit');
  });

  it('shares across teams where a name says shared_by: all, and keeps answers per key where it says key', async () => {
    const text = `What are your opening hours? #${++unique}`;
    expect(await ask('sk-sy-care-1', 'public', text)).toBe('miss');
    expect(await ask('sk-sy-sales-1', 'public', text)).toBe('hit');

    const own = `Draft my reply #${++unique}`;
    expect(await ask('sk-sy-care-1', 'mine', own)).toBe('miss');
    expect(await ask('sk-sy-care-2', 'mine', own)).toBe('miss');
    expect(await ask('sk-sy-care-1', 'mine', own)).toBe('hit');
  });

  it('keeps teams apart in the Anthropic format too', async () => {
    const claude = (key: string) => h.anthropic(key);
    const body = { model: 'small', max_tokens: 50, temperature: 0, messages: [{ role: 'user' as const, content: `Name a river #${++unique}` }] };
    const first = await claude('sk-sy-care-1').messages.create(body).withResponse();
    const sameTeam = await claude('sk-sy-care-2').messages.create(body).withResponse();
    const otherTeam = await claude('sk-sy-sales-1').messages.create(body).withResponse();
    expect([first, sameTeam, otherTeam].map((r) => r.response.headers.get('x-switchyard-cache'))).toEqual(['miss', 'hit', 'miss']);
  });

  it('refuses an unknown sharing rule, naming the field and the choices', () => {
    const config = (share: string) => `providers: { sim: { type: openai, base_url: http://127.0.0.1:1/v1, api_key: x } }\nmodels: { small: { provider: sim, model: m } }\ncache: { shared_by: ${share}, routes: { small: {} } }`;
    expect(parseConfig(config('team')).cache.shared_by).toBe('team');
    expect(() => parseConfig(config('tenant'))).toThrow(/cache\.shared_by[\s\S]*"all" \| "team" \| "key"|cache\.shared_by[\s\S]*all[\s\S]*team[\s\S]*key/);
  });
});
