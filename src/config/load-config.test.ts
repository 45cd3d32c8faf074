import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configError } from '../test-support/config-error.js';
import type { SwitchyardError } from '../core/errors.js';
import { referenceConfig } from '../test-support/gateway-harness.js';
import { loadConfigFile, parseConfig } from './load-config.js';

// The configuration from the gateway issue, which must work exactly as written.
const ISSUE_EXAMPLE = referenceConfig('http://127.0.0.1:9300', 9399);


describe('parseConfig', () => {
  it('says first that an eval suite given as --config is one, with the command that runs it', () => {
    expect(configError('dataset: support-5.jsonl\nvariants: { small: { model: small, prompt: "{{input}}" } }\nscorers: [ { type: exact } ]\n')).toBe(
      'invalid config test.yaml:\n  - test.yaml is an eval suite (dataset, variants, scorers), not a gateway config: run it with switchyard eval run test.yaml --config GATEWAY.yaml (e.g. examples/switchyard.sim.yaml)\n  - (root): unknown fields "dataset", "variants", "scorers"',
    );
    // A config with a stray suite field is still a config: no such line.
    expect(configError('models: {}\nproviders: {}\ndataset: x\nvariants: {}\n')).not.toContain('is an eval suite');
  });

  it('accepts the reference configuration and fills defaults', () => {
    const config = parseConfig(ISSUE_EXAMPLE, 'test.yaml', {});
    expect(Object.keys(config.models)).toEqual(['small', 'claude', 'embed', 'resilient']);
    expect(config.models.resilient?.fallbacks?.[1]).toMatchObject({ provider: 'standin-openai', model: 'standin-small', weight: 1 });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 4000, body_limit_mb: 10 });
    expect(config.retry.max_attempts).toBe(3);
    expect(config.keys[0]).toMatchObject({ key: 'sk-sy-test', name: 'compat' });
  });

  it('caps low-confidence and shadow-disagreement review items by default, and takes other caps per route', () => {
    expect(parseConfig(ISSUE_EXAMPLE, 'test.yaml', {}).review).toEqual({ low_confidence: { below: 0.5, per_hour: 10, per_day: 50 }, disagreements: { per_hour: 10, per_day: 50 } });
    expect(parseConfig('review: { low_confidence: { per_hour: 0 } }\n', 'test.yaml', {}).review.low_confidence).toEqual({ below: 0.5, per_hour: 0, per_day: 50 });
    const message = configError('review: { low_confidence: { per_hour: 2.5, below: 2 }, flags: off }\n');
    expect(message).toContain('review.low_confidence.per_hour');
    expect(message).toContain('review.low_confidence.below');
    expect(message).toContain('review: unknown field "flags"');
  });

  it('refuses a price no cost can be counted from (1e308 made every call cost Infinity), naming what YAML\'s .inf was', () => {
    const priced = (price: string) => `providers:\n  sim: { type: openai, base_url: http://localhost:1/v1, api_key: k }\nmodels:\n  m: { provider: sim, model: x, price: ${price} }\n`;
    expect(configError(priced('{ input_per_mtok: 1e308, output_per_mtok: 2 }'))).toContain('models.m.price.input_per_mtok: must be at most 100000 (got 1e+308)');
    expect(configError(priced('{ input_per_mtok: 1, fast: { input_per_mtok: 1, output_per_mtok: 1e308 } }'))).toContain('models.m.price.fast.output_per_mtok: must be at most 100000');
    expect(configError(priced('{ input_per_mtok: .inf }'))).toContain('models.m.price.input_per_mtok: expected number, got Infinity');
    expect(parseConfig(priced('{ input_per_mtok: 150, output_per_mtok: 600 }'), 'test.yaml', {}).models.m?.price).toMatchObject({ output_per_mtok: 600 });
  });

  it('says a bound as what to write, not in zod\'s words ("Too small: expected string to have >=8 characters")', () => {
    // A newcomer's `SWITCHYARD_ADMIN_KEY=z` printed "Too small: expected string to have >=8 characters (got a string of 1 characters, not shown)".
    const message = configError('server: { admin_key: z, port: 70000, body_limit_mb: 0 }\nretry: { max_attempts: 0 }\n');
    expect(message).toContain('server.admin_key: must have at least 8 characters (got a string of 1 character, not shown)');
    expect(message).toContain('server.port: must be at most 65535 (got 70000)');
    expect(message).toContain('server.body_limit_mb: must be more than 0 (got 0)');
    expect(message).toContain('retry.max_attempts: must be at least 1 (got 0)');
    expect(message).not.toMatch(/Too (small|big)/);
  });

  it('refuses a key or header HTTP cannot carry as written, naming the character and never the secret', () => {
    // A key " sk-…" never matched what clients send (HTTP trims header values): every call was a 401
    // "not a virtual key"; a provider key from a Windows .env ("…\r") failed every call, three
    // attempts each, as "broke the connection: invalid authorization header".
    const yaml = [
      'providers:',
      '  p: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: "sk-upstream-secret\\r", headers: { OpenAI-Organization: "org-1\\u0007" } }',
      'models:',
      '  small: { provider: p, model: a }',
      'keys: [ { key: " sk-sy-spaced-secret", name: web } ]',
      'server: { admin_key: "admin-secret-1\\n" }',
      '',
    ].join('\n');
    const message = configError(yaml);
    expect(message).toContain('providers.p.api_key: ends with a carriage return (\\r): HTTP headers cannot carry it; remove it from the file or the environment variable it comes from');
    expect(message).toContain('providers.p.headers.OpenAI-Organization: holds the control character U+0007 at character 6');
    expect(message).toContain('keys[0].key: starts with a space');
    expect(message).toContain('server.admin_key: ends with a line break (\\n)');
    for (const secret of ['sk-upstream-secret', 'sk-sy-spaced-secret', 'admin-secret-1']) expect(message).not.toContain(secret);
    // Inside a key, a space is the key's own (as some upstreams' keys have none, nothing else is refused).
    expect(parseConfig('keys: [ { key: "sk-sy a-b", name: web } ]\n', 'test.yaml', {}).keys[0]?.key).toBe('sk-sy a-b');
  });

  it('refuses a character past Latin-1 in a key or header value, and a header name that is no HTTP token', () => {
    // A zero-width space or a typographic quote pasted with a provider key (or a header's name
    // with a space) passed the load, then every call failed three attempts as "broke the
    // connection: invalid authorization header" (or "invalid header key"): undici sends neither.
    const yaml = [
      'providers:',
      '  p: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: "sk-upstream-secret\u200b", headers: { "X Title": "a", "X-Note": "caf\u00e9 \u2019ok\u2019", Authorization: "Bearer sk-header-secret\r" } }',
      'models:',
      '  small: { provider: p, model: a }',
      'monitoring: { webhooks: { ops: { url: "http://127.0.0.1:9/hook", headers: { "x-token\\n": "t" } } } }',
      '',
    ].join('\n');
    const message = configError(yaml);
    expect(message).toContain('providers.p.api_key: holds the character U+200B at character 19: HTTP headers cannot carry it');
    expect(message).toContain('providers.p.headers.X-Note: holds the character U+2019 at character 6');
    expect(message).toContain('providers.p.headers: "X Title" is not a header name');
    expect(configError('keys: [ { key: "sk-sy-\\U0001F511-secret", name: web } ]\n')).toContain('keys[0].key: holds the character U+1F511 at character 7');
    expect(message).toContain('monitoring.webhooks.ops.headers: "x-token\\n" is not a header name');
    // A header's value is shown by its length only: it is as often a credential as the api_key.
    expect(message).toContain('providers.p.headers.Authorization: ends with a carriage return (\\r): HTTP headers cannot carry it; remove it from the file or the environment variable it comes from (got a string of 24 characters, not shown)');
    for (const secret of ['sk-upstream-secret', 'sk-header-secret', '-secret']) expect(message).not.toContain(secret);
    // Latin-1 is carried as its bytes: a header value "café" is sent.
    expect(parseConfig('providers:\n  p: { type: openai, base_url: "http://127.0.0.1:9/v1", headers: { X-Title: "caf\u00e9" } }\n', 'test.yaml', {}).providers['p']?.headers).toEqual({ 'X-Title': 'café' });
  });

  it('reads server.trusted_proxies and names the entry that is not an address or range', () => {
    expect(parseConfig('server: { trusted_proxies: [10.0.0.0/8, "fd00::/8", loopback], client_ip_header: forwarded }\n', 'test.yaml', {}).server).toMatchObject({
      trusted_proxies: ['10.0.0.0/8', 'fd00::/8', 'loopback'],
      client_ip_header: 'forwarded',
    });
    expect(parseConfig('server: {}\n', 'test.yaml', {}).server.trusted_proxies).toEqual([]);
    const message = configError('server: { trusted_proxies: [10.0.0.0/8, 10.0.0.0/33, "lb.internal", "0.0.0.0/0"] }\n');
    expect(message).toContain('server.trusted_proxies[1]: "10.0.0.0/33": the prefix of an IPv4 range is 1–32, not "33"');
    expect(message).toContain('server.trusted_proxies[2]: "lb.internal": expected an IP address (10.0.0.2, ::1), a CIDR range (10.0.0.0/8, fd00::/8) or one of loopback, private, linklocal');
    expect(message).toContain('server.trusted_proxies[3]: "0.0.0.0/0": a /0 range trusts every address');
    // A header with no proxy to believe it from would be ignored without a word.
    expect(configError('server: { client_ip_header: forwarded }\n')).toContain('server.client_ip_header: is read only from server.trusted_proxies, and none is listed');
    expect(configError('server: { trusted_proxies: [loopback], client_ip_header: x-real-ip }\n')).toContain('server.client_ip_header');
  });

  it("names a route's unknown target in the same run as a shape error elsewhere, for each route whose own shape is right", () => {
    const yaml = `providers:
  sim: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: k }
models:
  gpt-5.4: { provider: sim, model: a }
  claude-sonnet-4-6: { provider: sim, model: b }
routes:
  ab: { policy: split, sticky: usr, arms: [ { target: gpt-5.4, weight: 1 }, { target: nowhere, weight: 1 } ] }
  front:
    policy: conditional
    rules: [ { when: { tools: true }, target: claude-sonet-4-6 } ]
    default: ab
`;
    const problems = (() => {
      try {
        parseConfig(yaml, 'routes.yaml', {});
      } catch (error) {
        return (error as SwitchyardError).detail as string[];
      }
      throw new Error('parsed');
    })();
    // The typo was named only on the next run, once sticky was fixed. ab's own shape is wrong, so
    // its targets wait for that run; front's default names ab, a route whatever its shape.
    expect(problems).toEqual([
      'routes.ab.sticky: expected "user", "key" or "metadata.<field>" (got "usr")',
      'routes.front.rules[0].target: unknown target "claude-sonet-4-6" (did you mean "claude-sonnet-4-6"?) (models: claude-sonnet-4-6, gpt-5.4; routes: ab, front)',
    ]);
    // models: not a mapping: no route target is judged (each would read as unknown).
    expect(configError(yaml.replace(/models:\n(  .*\n){2}/, 'models: [gpt-5.4]\n'))).not.toContain('unknown target');
  });

  it('names an unknown provider with its path and the known ones', () => {
    const message = configError(ISSUE_EXAMPLE.replace('{ provider: down, model', '{ provider: dwn, model'));
    expect(message).toContain('models.resilient.fallbacks[0].provider: unknown provider "dwn" (known: down, standin-anthropic, standin-openai)');
  });

  it('refuses a model name longer than a route target can be, naming it cut', () => {
    const long = `m${'x'.repeat(899)}`;
    const message = configError(`providers:\n  p: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: k }\nmodels:\n  ${long}: { provider: p, model: a }\n  ${'y'.repeat(256)}: { provider: p, model: b }\n`);
    expect(message).toContain(`models: the model name "m${'x'.repeat(59)}…" has 900 characters; at most 256 (a route's target can name no longer one)`);
    expect(message).not.toContain('y'.repeat(256));
    expect(message.length).toBeLessThan(400);
  });

  it("refuses a classify route's label holding a control character or a bidi override, as a data file's line is (hostile input round 22)", () => {
    const message = configError(`providers:\n  p: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: k }\nmodels:\n  m: { provider: p, model: a }\nroutes:\n  intent: { policy: static, target: m, options: { task: { type: classify, labels: [card, "a\\u202eb", "c\\u001b[2J"] } } }\n`);
    expect(message).toContain('routes.intent.options.task.labels[1]: the label holds a bidirectional control (U+202E) at 2: it would show the label reordered');
    expect(message).toContain('routes.intent.options.task.labels[2]: the label holds a control character (U+001B) at 2: a label names a class on one line');
    expect(message).not.toContain('labels[0]');
  });

  it('refuses a model name holding a control character or a bidi override, shown escaped (hostile input walk 9)', () => {
    // Accepted before: serve's banner printed the RLO and the BEL raw, and the Routes page's legends showed the name reordered.
    const message = configError(`providers:\n  p: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: k }\nmodels:\n  "mini\\u202eexe": { provider: p, model: a }\n  "bell\\a": { provider: p, model: b }\n  gpt-4o (eu): { provider: p, model: c }\n`);
    expect(message).toContain('models: the model name "mini\\u202eexe" holds a control character or a bidirectional override; a model name is shown in headers, traces and the dashboard: remove it');
    expect(message).toContain('models: the model name "bell\\u0007" holds a control character');
    expect(message).not.toContain('gpt-4o (eu)');
    expect(message).not.toMatch(/[\u202e\u0007]/);
  });

  it('holds budgets to a range: 1e308 limits nothing and 1e-300 refuses every call', () => {
    const base = 'providers:\n  p: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: k }\nmodels:\n  small: { provider: p, model: a }\n';
    const range = 'must be from 0.000001 to 1,000,000,000 dollars (leave the budget out for no limit)';
    expect(configError(`${base}keys: [ { key: sk-sy-12345678, name: web, budget: { usd: 1e308 } } ]\n`)).toContain(`keys[0].budget.usd: ${range} (got 1e+308)`);
    // Below the range, the message says how a key is stopped: an admin who writes 0 means "spend nothing".
    const below = "must be from 0.000001 to 1,000,000,000 dollars (leave the budget out for no limit; to stop a key's calls, revoke it)";
    expect(configError(`${base}teams: [ { name: ops, budget: { usd: 1e-300 } } ]\n`)).toContain(`teams[0].budget.usd: ${below} (got 1e-300)`);
    expect(configError(`${base}keys: [ { key: sk-sy-12345678, name: web, budget: { usd: 0 } } ]\n`)).toContain(`keys[0].budget.usd: ${below} (got 0)`);
    expect(parseConfig(`${base}teams: [ { name: ops, budget: { usd: 0.000001 } }, { name: big, budget: { usd: 1000000000 } } ]\n`, 'test.yaml', {}).teams.map((t) => t.budget?.usd)).toEqual([0.000001, 1e9]);
  });

  it('takes key and team names of any script, and refuses the ones the admin API and the CLI refuse, naming field and value', () => {
    const base = 'providers:\n  p: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: k }\nmodels:\n  small: { provider: p, model: a }\n';
    expect(parseConfig(`${base}keys: [ { key: sk-sy-12345678, name: équipe-web, team: 営業部 } ]\nteams: [ { name: 営業部 } ]\n`, 'test.yaml', {}).keys[0]).toMatchObject({ name: 'équipe-web', team: '営業部' });
    const message = configError(`${base}keys: [ { key: sk-sy-12345678, name: "web\\r\\nX: 1", team: "ops team" } ]\nteams: [ { name: "${'t'.repeat(101)}" } ]\n`);
    expect(message).toContain('keys[0].name: a key name must be 1–100 letters or digits (any script), ".", "_" or "-", starting with a letter or digit; got "web\\r\\nX: 1"');
    expect(message).toContain('keys[0].team: a team name must be 1–100 letters or digits (any script), ".", "_" or "-", starting with a letter or digit; got "ops team"');
    expect(message).toContain(`teams[0].name: a team name must be 1–100`);
    // The value once: each line said it twice, `; got "ops team" (got "ops team")`.
    for (const line of message.split('\n').filter((l) => l.includes('name must be'))) expect(line.match(/\bgot\b/g)).toHaveLength(1);
  });

  it('reports the bad value and the expected type, every problem at once', () => {
    const message = configError('server: { port: eighty, colour: blue }\nproviders:\n  p: { type: azure, base_url: http://x }\n');
    expect(message).toContain('server.port: expected number, got "eighty"');
    expect(message).toContain('server: unknown field "colour"');
    expect(message).toContain('providers.p.type: "azure" is not one of "openai", "anthropic"');
  });

  it('says a URL needs its scheme, where zod said "Invalid URL"', () => {
    const message = configError('providers:\n  openai: { type: openai, base_url: api.openai.com/v1 }\n  p: { type: openai, base_url: "ftp://x/v1" }\nmonitoring:\n  webhooks: { slack: { url: hooks.slack.com/x } }\n');
    expect(message).toContain('providers.openai.base_url: expected an http:// or https:// URL with its host (e.g. https://api.openai.com/v1) (got "api.openai.com/v1")');
    expect(message).toContain('providers.p.base_url: expected an http:// or https:// URL with its host');
    expect(message).toContain('monitoring.webhooks.slack.url: expected an http:// or https:// URL with its host');
    expect(message).not.toContain('Invalid URL');
  });

  it('suggests the field a typo meant, at every depth, and nothing when no known field is close', () => {
    const message = configError(
      'model: {}\nserver: { prot: 4001, colour: blue }\nproviders:\n  p: { type: openai, base_url: http://x/v1, apikey: k }\nmodels:\n  m: { provider: p, model: x, fallbaks: [] }\nkeys:\n  - { key: sk-sy-xxxxxxxxxxxx, name: a, budjet: { usd: 1 } }\ncache: { routes: { m: { ttl: 5 } } }\n',
    );
    expect(message).toContain('(root): unknown field "model" (did you mean "models"?)');
    expect(message).toContain('server: unknown fields "prot" (did you mean "port"?), "colour"\n');
    expect(message).toContain('providers.p: unknown field "apikey" (did you mean "api_key"?)');
    expect(message).toContain('models.m: unknown field "fallbaks" (did you mean "fallbacks"?)');
    expect(message).toContain('keys[0]: unknown field "budjet" (did you mean "budget"?)');
    expect(message).toContain('cache.routes.m: unknown field "ttl" (did you mean "ttl_s"?)');
  });

  it('takes an output_limit per model and per target, a positive integer, naming the field otherwise', () => {
    const config = parseConfig(
      'providers:\n  p: { type: openai, base_url: http://x/v1 }\nmodels:\n  local: { provider: p, model: llama-local, output_limit: 2048 }\n  pair:\n    output_limit: 4096\n    fallbacks: [ { provider: p, model: a, output_limit: 1024 }, { provider: p, model: b } ]\n',
      'test.yaml',
      {},
    );
    expect(config.models.local?.output_limit).toBe(2048);
    expect(config.models.pair?.fallbacks?.[0]?.output_limit).toBe(1024);
    const message = configError('providers:\n  p: { type: openai, base_url: http://x/v1 }\nmodels:\n  local: { provider: p, model: m, output_limit: 0 }\n  two:\n    loadbalance: [ { provider: p, model: m, output_limit: 1.5 } ]\n');
    expect(message).toContain('models.local.output_limit: ');
    expect(message).toContain('models.two.loadbalance[0].output_limit: ');
    expect(configError('providers:\n  p: { type: openai, base_url: http://x/v1 }\nmodels:\n  local: { provider: p, model: m, output_limt: 10 }\n')).toContain('models.local: unknown field "output_limt" (did you mean "output_limit"?)');
  });

  it('takes a context_window per model and per target, a positive integer, naming the field otherwise', () => {
    const config = parseConfig('providers:\n  p: { type: openai, base_url: http://x/v1 }\nmodels:\n  local: { provider: p, model: llama-local, context_window: 8192 }\n  pair:\n    context_window: 32000\n    fallbacks: [ { provider: p, model: a, context_window: 4096 }, { provider: p, model: b } ]\n', 'test.yaml', {});
    expect(config.models.local?.context_window).toBe(8192);
    expect(config.models.pair?.context_window).toBe(32_000);
    expect(config.models.pair?.fallbacks?.[0]?.context_window).toBe(4096);
    const message = configError('providers:\n  p: { type: openai, base_url: http://x/v1 }\nmodels:\n  local: { provider: p, model: m, context_window: -1 }\n  two:\n    loadbalance: [ { provider: p, model: m, context_window: 0.5 } ]\n');
    expect(message).toContain('models.local.context_window: ');
    expect(message).toContain('models.two.loadbalance[0].context_window: ');
  });

  it('takes responses: native only on an openai provider, and translates by default', () => {
    const config = parseConfig('providers:\n  o: { type: openai, base_url: http://x/v1, responses: native }\n  p: { type: openai, base_url: http://x/v1 }\n', 'test.yaml', {});
    expect([config.providers.o?.responses, config.providers.p?.responses]).toEqual(['native', 'translate']);
    expect(configError('providers:\n  a: { type: anthropic, base_url: http://x, responses: native }\n')).toContain('providers.a.responses: only an openai provider can speak the Responses API natively');
  });

  it('interpolates environment variables in values, with defaults', () => {
    const config = parseConfig(
      'providers:\n  o: { type: openai, base_url: "${BASE:-http://127.0.0.1:1/v1}", api_key: "${OPENAI_API_KEY}" }\n',
      'test.yaml',
      { OPENAI_API_KEY: 'sk-real' },
    );
    expect(config.providers.o).toMatchObject({ api_key: 'sk-real', base_url: 'http://127.0.0.1:1/v1' });
  });

  it('names a provider, model, route or policy called after a prototype member as unknown (`"constructor" in providers` was true)', () => {
    const base = 'providers:\n  p: { type: openai, base_url: http://x/v1 }\nmodels:\n  m: { provider: p, model: a }\n';
    expect(configError('providers:\n  p: { type: openai, base_url: http://x/v1 }\nmodels:\n  m: { provider: constructor, model: a }\n')).toContain('models.m.provider: unknown provider "constructor" (known: p)');
    expect(configError('providers:\n  p: { type: openai, base_url: http://x/v1 }\nmodels:\n  m: { fallbacks: [{ provider: toString, model: a }] }\n')).toContain('models.m.fallbacks[0].provider: unknown provider "toString" (known: p)');
    expect(configError(`${base}keys:\n  - { key: sk-sy-aaaa, name: a, models: [valueOf] }\n`)).toContain('keys[0].models[0]: unknown model or route "valueOf"');
    expect(configError(`${base}cache:\n  routes:\n    hasOwnProperty: { ttl_s: 60 }\n`)).toContain('cache.routes.hasOwnProperty: unknown model or route "hasOwnProperty"');
    expect(configError(`${base}routes:\n  r: { policy: conditional, rules: [ { when: { tools: true }, target: constructor } ], default: m }\n`)).toContain('routes.r.rules[0].target: unknown target "constructor"');
  });

  it('gives a semantic cache rule the meaning-keeping lexical embedder unless it names one, and names the built-in ones when it names none known', () => {
    const base = 'providers:\n  p: { type: openai, base_url: http://x/v1 }\nmodels:\n  m: { provider: p, model: a }\n';
    expect(parseConfig(`${base}cache:\n  routes:\n    m: { semantic: {} }\n`, 'test.yaml', {}).cache.routes.m?.semantic).toEqual({ embed_model: 'hashed-v2', threshold: 0.95, max_entries: 10_000 });
    expect(parseConfig(`${base}cache:\n  routes:\n    m: { semantic: { embed_model: hashed } }\n`, 'test.yaml', {}).cache.routes.m?.semantic?.embed_model).toBe('hashed');
    expect(configError(`${base}cache:\n  routes:\n    m: { semantic: { embed_model: hashed-v3 } }\n`)).toContain(
      'cache.routes.m.semantic.embed_model: unknown model "hashed-v3" (known: m, or a built-in lexical embedder: hashed-v2, hashed)',
    );
  });

  it('names a missing environment variable and where it is used', () => {
    const message = configError('providers:\n  o: { type: openai, base_url: http://x/v1, api_key: "${NOPE_KEY}" }\n');
    expect(message).toContain('providers.o.api_key: environment variable NOPE_KEY is not set (used as ${NOPE_KEY}): export NOPE_KEY=… in this shell first, or write ${NOPE_KEY:-default} in the file');
  });

  it('lists the other problems of a file beside its unset variables, not after they are set', () => {
    const message = configError(
      'providers:\n  o: { type: openai, base_url: "${NOPE_URL}", api_key: "${NOPE_KEY}" }\nmodels:\n  m: { provider: oo, model: a }\nserver: { prot: 1 }\n',
    );
    expect(message).toContain('providers.o.api_key: environment variable NOPE_KEY is not set');
    expect(message).toContain('providers.o.base_url: environment variable NOPE_URL is not set');
    expect(message).toContain('models.m.provider: unknown provider "oo" (known: o)');
    expect(message).toContain('server: unknown field "prot" (did you mean "port"?)');
    // The empty URL the unset variable leaves is not a second problem.
    expect(message.split('\n').filter((line) => line.includes('providers.o.base_url'))).toHaveLength(1);
  });

  it('rejects a model that says where to go in two ways, and YAML syntax errors', () => {
    expect(configError('providers:\n  p: { type: openai, base_url: http://x/v1 }\nmodels:\n  m: { provider: p, model: a, fallbacks: [{provider: p, model: b}] }\n')).toContain(
      'models.m: give exactly one of',
    );
    expect(configError('models: [unclosed')).toContain('YAML syntax');
  });

  it('takes simulator_scripts only on a simulated provider', () => {
    expect(configError('providers:\n  p: { type: openai, base_url: http://x/v1, simulator_scripts: s.json }\nmodels:\n  m: { provider: p, model: a }\n')).toContain(
      'only a simulated provider (simulated: true) is started from a simulator script',
    );
    expect(parseConfig('providers:\n  p: { type: openai, base_url: http://x/v1, simulated: true, simulator_scripts: s.json }\nmodels:\n  m: { provider: p, model: a }\n').providers.p?.simulator_scripts).toBe('s.json');
  });

  it('refuses hostile YAML with a message, not a stack: aliases that multiply, thousands of nested brackets', () => {
    expect(configError('a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n')).toMatch(/its aliases \(\*name\) expand to more copies than allowed/);
    const deep = configError(`models: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(deep).toMatch(/YAML syntax at line 1: nested too deeply to read/);
    expect(deep.length).toBeLessThan(400);
  });

  it('refuses an empty file instead of serving no models', () => {
    expect(configError('')).toMatch(/the file is empty \(or only comments\): a config needs at least "providers" and "models"/);
    expect(configError('# nothing yet\n')).toMatch(/the file is empty/);
  });

  it('reports shape and reference errors in one pass', () => {
    const message = configError('providers:\n  a: { type: openai, base_url: "http://x" }\nmodels:\n  m: { provider: nope, model: x }\n  n: { provider: a, model: 5 }\n');
    expect(message).toMatch(/models\.n\.model: expected string, got 5/);
    expect(message).toMatch(/models\.m\.provider: unknown provider "nope" \(known: a\)/);
  });

  it('says a mistyped route policy like any other enum, with what was meant, and a mistyped target likewise', () => {
    // Before: zod's "Invalid discriminator value. Expected 'static' | 'conditional' | … (got "statc")".
    const message = configError(ISSUE_EXAMPLE + 'routes:\n  r: { policy: statc, target: small }\n');
    expect(message).toMatch(/routes\.r\.policy: "statc" is not one of "static", "conditional", "split", "cascade", "learned" \(did you mean "static"\?\)/);
    expect(message).not.toContain('Invalid discriminator');
  });

  it('says a route with no policy is missing one, as any missing field reads', () => {
    // Before: `routes.r.policy: nothing is not one of "static", …`.
    const message = configError(ISSUE_EXAMPLE + 'routes:\n  r: { target: small }\n');
    expect(message).toContain('routes.r.policy: expected one of "static", "conditional", "split", "cascade", "learned", got nothing');
  });

  it("names a field of another route policy as such, not as a typo of itself", () => {
    // Before: `routes.r: unknown field "sticky" (did you mean "sticky"?)`: the known fields were every policy's.
    const message = configError(ISSUE_EXAMPLE + 'routes:\n  r: { policy: conditional, rules: [ { when: { tools: true }, target: small } ], default: small, sticky: user, salt: a, defualt: small }\n');
    expect(message).toContain('routes.r: unknown field "defualt" (did you mean "default"?); field "sticky" is for policy "split" only, not policy "conditional"; field "salt" is for policy "split" only, not policy "conditional"');
    expect(message).not.toContain('did you mean "sticky"');
    // A field two policies share names both.
    expect(configError(ISSUE_EXAMPLE + 'routes:\n  r: { policy: static, target: small, cheap: small }\n')).toContain('routes.r: field "cheap" is for policy "learned" only, not policy "static"');
    expect(configError(ISSUE_EXAMPLE + 'routes:\n  r: { policy: static, target: small, targets: [small] }\n')).toContain('routes.r: field "targets" is for policy "cascade" only, not policy "static"');
  });

  it('says once, first, that a file with no models replaces the built-in ones its routes name', () => {
    // The README's Routes example saved on its own: its targets are the models `npm start` serves
    // without a config, which a config file does not have.
    const message = configError('routes:\n  support: { policy: static, target: gpt-5.4 }\n  ab: { policy: split, arms: [ { target: gpt-5.4-mini, weight: 1 } ] }\n');
    const lines = message.split('\n').slice(1);
    expect(lines[0]).toMatch(/^  - models: none defined, so no name below can be found: a config file replaces the built-in models \(gpt-5\.4-mini, .*claude-sonnet-4-6.*\) of a start without one; define the ones you use under providers: and models:/);
    expect(lines.filter((line) => line.includes('models: none defined'))).toHaveLength(1);
    expect(message).toContain('routes.support.target: unknown target "gpt-5.4"');
    // Not said when the file has models, nor when nothing failed to name one.
    expect(configError(ISSUE_EXAMPLE + 'routes:\n  support: { policy: static, target: gpt-9 }\n')).not.toContain('models: none defined');
    expect(configError('server: { prot: 1 }\n')).not.toContain('models: none defined');
  });

  it('shows the offending line of a YAML syntax error', () => {
    expect(configError('providers:\n  a: {type: openai\nmodels: {}\n')).toMatch(/YAML syntax at line 3: .*\n +3 \| models: \{\}/);
  });

  it('rejects keys that name unknown models or repeat', () => {
    const message = configError(ISSUE_EXAMPLE.replace('    name: compat\n', '    name: compat\n  - { key: sk-sy-test, name: compat, models: [gpt-9] }\n'));
    expect(message).toContain('keys[1].name: duplicate key name "compat"');
    expect(message).toContain('keys[1].models[0]: unknown model or route "gpt-9"');
  });
});

describe('one secret under two names', () => {
  const base = 'providers:\n  p: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: k }\nmodels:\n  small: { provider: p, model: a }\n';
  it('is refused, naming both keys and never the secret', () => {
    const message = configError(`${base}keys:\n  - { key: sk-sy-shared-secret, name: alpha }\n  - { key: sk-sy-other-secret, name: gamma }\n  - { key: sk-sy-shared-secret, name: beta }\n`);
    expect(message).toContain(`keys[2].key: key "beta" has the same secret as keys[0] (key "alpha"); one secret is one key, so "beta" would read "alpha"'s traces and spend its budget: give each key its own secret`);
    expect(message).not.toContain('sk-sy-shared-secret');
    expect(message).not.toContain('gamma');
  });

  it('is refused when a key has the admin key or the reviewer key for its secret', () => {
    const server = 'server: { admin_key: sk-sy-admin-secret, reviewer_key: sk-sy-review-secret }\n';
    expect(configError(`${base}${server}keys: [ { key: sk-sy-admin-secret, name: app } ]\n`)).toContain(`keys[0].key: key "app" has the same secret as server.admin_key, so the admin API would take its calls as server.admin_key's: give the key its own secret`);
    expect(configError(`${base}${server}keys: [ { key: sk-sy-review-secret, name: app } ]\n`)).toContain('keys[0].key: key "app" has the same secret as server.reviewer_key');
  });
});

describe('the README', () => {
  it('shows a configuration that is valid as written', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const config = parseConfig(yaml, 'README.md', { OPENAI_API_KEY: 'sk-a', ANTHROPIC_API_KEY: 'sk-b', SWITCHYARD_ADMIN_KEY: 'admin-key-123' });
    expect(Object.keys(config.models)).toEqual(['small', 'claude', 'embed', 'resilient', 'split']);
    expect(config.keys[0]).toMatchObject({ name: 'support', budget: { usd: 50, period: 'monthly' } });
  });
});

describe('loadConfigFile', () => {
  /** The message `loadConfigFile` refuses `path` with (a file it accepts fails the test). */
  const failure = (path: string) => {
    try {
      loadConfigFile(path);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`expected ${path} to be refused`);
  };
  it('names what a missing path most likely meant: the file one typo away, else the folder\'s YAML files, else where it looked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-config-path-'));
    try {
      expect(failure(join(dir, 'replicas.yaml'))).toBe(`cannot read config file ${join(dir, 'replicas.yaml')}: no such file, and no YAML file in ${dir}`);
      writeFileSync(join(dir, 'replicas.yaml'), 'providers: {}\nmodels: {}\n');
      writeFileSync(join(dir, 'gateway.yaml'), 'providers: {}\nmodels: {}\n');
      expect(failure(join(dir, 'replicas.yml'))).toBe(`cannot read config file ${join(dir, 'replicas.yml')}: no such file (did you mean ${join(dir, 'replicas.yaml')}?)`);
      expect(failure(join(dir, 'nope.yaml'))).toBe(`cannot read config file ${join(dir, 'nope.yaml')}: no such file (YAML files there: ${join(dir, 'gateway.yaml')}, ${join(dir, 'replicas.yaml')})`);
      expect(failure(join(dir, 'gone', 'x.yaml'))).toBe(`cannot read config file ${join(dir, 'gone', 'x.yaml')}: no such file (nor folder ${join(dir, 'gone')})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  // Helper hostile7: each of these read on, and the config was wrong in a way no message named.
  it('refuses a file that is not UTF-8 (by line and byte), one in UTF-16, and a directory, saying which', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-config-bytes-'));
    try {
      const latin1 = join(dir, 'latin1.yaml');
      writeFileSync(latin1, Buffer.concat([Buffer.from('providers:\n  oai: { type: openai, api_key: "caf'), Buffer.from([0xe9]), Buffer.from('", base_url: "http://x/v1" }\nmodels: {}\n')]));
      expect(failure(latin1)).toBe(`invalid config ${latin1}:\n  - line 2: not valid UTF-8 at byte 47 of the file (0xE9); save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)`);
      const utf16 = join(dir, 'utf16.yaml');
      writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('providers: {}\nmodels: {}\n', 'utf16le')]));
      expect(failure(utf16)).toBe(`invalid config ${utf16}:\n  - the file is UTF-16 (little-endian, byte order mark FF FE), not UTF-8; save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)`);
      expect(failure(dir)).toBe(`cannot read config file ${dir}: a folder, not a file: name a file in it`);
      // A UTF-8 byte order mark is still read.
      const bom = join(dir, 'bom.yaml');
      writeFileSync(bom, '\uFEFFproviders: {}\nmodels: {}\n');
      expect(loadConfigFile(bom).models).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a mapping key "__proto__" in a config', () => {
  it.each([
    ['a model', 'providers:\n  p: { type: openai, api_key: x, base_url: "http://x/v1" }\nmodels:\n  __proto__: { provider: p, model: m }\n', 'models.__proto__'],
    ['a provider', 'providers:\n  __proto__: { type: openai, api_key: x, base_url: "http://x/v1" }\nmodels: {}\n', 'providers.__proto__'],
    ['a key inside a list', 'providers: {}\nmodels: {}\nkeys:\n  - { key: sk-sy-1, name: a, __proto__: { x: 1 } }\n', 'keys[0].__proto__'],
    ['the top level', '__proto__: { providers: {} }\nproviders: {}\nmodels: {}\n', '__proto__'],
  ])('%s named so is refused naming where (it vanished: "names no models")', (_what, yaml, path) => {
    expect(() => parseConfig(yaml, 'c.yaml')).toThrow(`invalid config c.yaml:\n  - ${path}: "__proto__" is a name JavaScript objects keep for themselves, so what it holds would be lost; rename it`);
  });

  it('"constructor" and "toString" are names like any other', () => {
    const config = parseConfig('providers:\n  constructor: { type: openai, api_key: x, base_url: "http://x/v1" }\nmodels:\n  toString: { provider: constructor, model: m }\n', 'c.yaml');
    expect(Object.keys(config.models)).toEqual(['toString']);
  });
});

describe('credentials in config errors', () => {
  it('names a refused secret field by its length, never its value', () => {
    const config = (extra: string) => `providers: { sim: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: sk-x } }\nmodels: { small: { provider: sim, model: gpt-4o-mini } }\n${extra}`;
    const problems = (extra: string): string => {
      try {
        parseConfig(config(extra), 'test', {});
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const token = problems('metrics: { token: hunter2x }\n');
    expect(token).toContain('metrics.token: a metrics token needs at least 16 characters (got a string of 8 characters, not shown)');
    expect(token).not.toContain('hunter2x');
    const admin = problems('server: { admin_key: pw1 }\n');
    expect(admin).toMatch(/server\.admin_key: .*a string of 3 characters, not shown/);
    expect(admin).not.toContain('pw1');
    // Other fields keep their value in the message: it is what tells the fix.
    expect(problems('server: { port: "eighty" }\n')).toContain('"eighty"');
  });
});

describe('config files too big to be configs, and ${VAR} unquoted', () => {
  it('a file over 1 MiB is refused by its size before it is read (50 MB took 4.4 GB and died after 287 s)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-config-size-'));
    try {
      const path = join(dir, 'big.yaml');
      writeFileSync(path, `models:\n${'  m: { provider: p, model: x }\n'.repeat(40_000)}`);
      expect(() => loadConfigFile(path)).toThrow(`config file ${path} is 1240008 bytes, more than the 1048576 a config file may hold: is it the right file? (real ones are tens of kB)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('/dev/zero is read only past the bound (it was read until memory ran out)', () => {
    expect(() => loadConfigFile('/dev/zero')).toThrow('config file /dev/zero is not a regular file, and it went on past 1048576 bytes, more than a config file may hold');
  });

  it('says to quote ${VAR} where it broke a flow mapping, once, not the 13 errors of the lines after it', () => {
    const problems = configProblems('providers:\n  p: { type: openai, base_url: https://api.openai.com/v1, api_key: ${OPENAI_API_KEY} }\nmodels:\n  small: { provider: p, model: gpt-4o-mini }\n');
    expect(problems).toEqual([
      'YAML syntax at line 2: ${OPENAI_API_KEY} is unquoted inside { … } or [ … ], where "{" opens a mapping and the file cannot be read past it: quote the value, as in "${OPENAI_API_KEY}" (variables are replaced inside quotes too)\n      2 |   p: { type: openai, base_url: https://api.openai.com/v1, api_key: ${OPENAI_API_KEY} }',
    ]);
  });

  it('finds each unquoted ${VAR} of a file, in a flow mapping over several lines, a list and at a key, one problem per line', () => {
    const text = [
      'providers:',
      '  p: {',
      '    type: openai,',
      '    api_key: ${OPENAI_KEY},',
      '    base_url: "https://api.openai.com/v1"',
      '  }',
      'models:',
      '  small: { provider: p, model: gpt-4o-mini }',
      'keys:',
      '  - { key: ${KEY_1}, name: a, models: [ small, ${EXTRA_MODEL} ] }',
      '  - { ${NAME}: x }',
      '',
    ].join('\n');
    const lines = configProblems(text).map((p) => p.split('\n')[0]);
    expect(lines).toEqual([
      'YAML syntax at line 4: ${OPENAI_KEY} is unquoted inside { … } or [ … ], where "{" opens a mapping and the file cannot be read past it: quote the value, as in "${OPENAI_KEY}" (variables are replaced inside quotes too)',
      'YAML syntax at line 10: ${KEY_1} and ${EXTRA_MODEL} are unquoted inside { … } or [ … ], where "{" opens a mapping and the file cannot be read past it: quote the value, as in "${KEY_1}" and "${EXTRA_MODEL}" (variables are replaced inside quotes too)',
      'YAML syntax at line 11: ${NAME} is unquoted inside { … } or [ … ], where "{" opens a mapping and the file cannot be read past it: quote the value, as in "${NAME}" (variables are replaced inside quotes too)',
    ]);
  });

  it("keeps YAML's own errors, at their lines, beside an unquoted ${VAR}; and says nothing of ${VAR} where it is not the cause", () => {
    // A bracket left open two lines below is still said, where it is, once the ${…} is set aside.
    const lines = configProblems('providers:\n  p: { type: openai, api_key: ${KEY} }\nmodels:\n  m: { provider: p, model: [x }\n').map((p) => p.split('\n')[0]);
    expect(lines[0]).toMatch(/^YAML syntax at line 2: \$\{KEY\} is unquoted/);
    expect(lines.slice(1).length).toBeGreaterThan(0);
    for (const line of lines.slice(1)) expect(line).toMatch(/^YAML syntax at line 4: (?!.*\$\{)/);
    // Quoted, or in a block (where YAML reads it as text), it is no problem of YAML's.
    expect(configError('providers:\n  p: { type: openai, api_key: "${OPENAI_API_KEY}", x: [ }\n')).not.toContain('${OPENAI_API_KEY} is unquoted');
    expect(parseConfig('providers:\n  p:\n    type: openai\n    base_url: http://127.0.0.1:1/v1\n    api_key: ${KEY}\nmodels:\n  m: { provider: p, model: x }\n', 'test.yaml', { KEY: 'sk-1' }).providers.p?.api_key).toBe('sk-1');
  });

  it('says ${VAR} in a name (a mapping key) is not replaced, where it made a model called "${MODEL}" without a word', () => {
    const problems = configProblems('providers:\n  p: { type: openai, base_url: http://127.0.0.1:1/v1, api_key: k }\nmodels:\n  ${MODEL_NAME}: { provider: p, model: gpt-4o-mini }\n', { MODEL_NAME: 'small' });
    expect(problems).toEqual(['models.${MODEL_NAME}: ${MODEL_NAME} in a name is not replaced: variables are read in values only, so write the name itself here (the value below it may hold ${…})']);
  });
});

/** The problems a config text is refused with, one by one (`configError` gives them as one message). */
function configProblems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, 'test.yaml', env);
  } catch (error) {
    return (error as SwitchyardError).detail as string[];
  }
  throw new Error('expected the config to be rejected');
}
