import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// Hostile reviewer names through a real gateway's admin API, as raw HTTP sends them (helper
// hostile3, 2026-12-06). A lone surrogate was stored as bytes that read back as U+FFFD: the account
// could then never be revoked or rotated (404 "did you mean" its own name) while its key went on
// working. "ＡＤＭＩＮ" in full width passed the reserved names, read by lower case only, and
// "constructor" was refused as reserved by "function Object() { [native code] }".
const ADMIN_KEY = 'admin-key-hostile-reviewers';
const SHARED_KEY = 'shared-reviewer-key-hostile';
const APP_KEY = 'sk-sy-hostile-reviewers-app';
let h: Harness;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `${simProviders(simUrl)}\nmodels:\n  small: { provider: sim, model: standin-small }\nserver: { admin_key: ${ADMIN_KEY}, reviewer_key: ${SHARED_KEY} }\nkeys: [ { key: ${APP_KEY}, name: app } ]\n`);
}, 60_000);
afterAll(() => h.close());

/** A call with the body as the raw JSON text a client sent, `\ud800` escapes and all. */
async function call(method: string, path: string, rawBody?: string, headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` }) {
  const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: rawBody });
  const json = (await res.json()) as { error?: { message: string; param: string | null } } & Record<string, unknown>;
  return { status: res.status, json };
}

describe('reviewer account names', () => {
  it('a lone surrogate is refused, as a name and as a name typed at sign-in, so every account can be revoked by its name', async () => {
    const made = await call('POST', '/api/reviewers', '{"name":"ana\\udfff"}');
    expect(made.status).toBe(400);
    expect(made.json.error).toMatchObject({ param: 'name', message: 'name must be well-formed Unicode (it holds a lone surrogate, half of a UTF-16 pair, which no store keeps as it was sent), got "ana\\udfff"' });
    const typed = await call('POST', '/api/session', '{"name":"\\ud800bo","password":"' + SHARED_KEY + '"}', {});
    expect(typed.status).toBe(400);
    expect(typed.json.error?.message).toMatch(/^name must be well-formed Unicode/);
    // A whole pair is a character like any other, and the account answers to its name.
    expect((await call('POST', '/api/reviewers', '{"name":"ana \\ud83d\\ude00"}')).status).toBe(201);
    expect((await call('DELETE', `/api/reviewers/${encodeURIComponent('ana 😀')}`)).json).toMatchObject({ name: 'ana 😀', status: 'revoked' });
  });

  it('the reserved names are read as people read them, and no name is reserved by Object\'s prototype', async () => {
    const fullWidth = await call('POST', '/api/reviewers', JSON.stringify({ name: 'ＡＤＭＩＮ' }));
    expect(fullWidth.status).toBe(409);
    expect(fullWidth.json.error?.message).toBe('name "ＡＤＭＩＮ" is reserved: it is what a call with the admin key and no x-switchyard-reviewer header is signed with; choose another name');
    for (const name of ['constructor', '__proto__', 'toString']) {
      const made = await call('POST', '/api/reviewers', JSON.stringify({ name }));
      expect(made.status, name).toBe(201);
      expect(made.json).toMatchObject({ name, status: 'active' });
      expect((await call('POST', `/api/reviewers/${name}/rotate`)).json).toMatchObject({ name, key: expect.stringMatching(/^sk-rv-/) });
      expect((await call('DELETE', `/api/reviewers/${name}`)).json).toMatchObject({ name, status: 'revoked' });
    }
    const listed = (await call('GET', '/api/reviewers')).json.reviewers as { name: string }[];
    expect(listed.map((r) => r.name).sort()).toEqual(['__proto__', 'ana 😀', 'constructor', 'toString']);
  });
});

describe('the reviewer role and /api/feedback', () => {
  // /api/feedback answered before the role check: a reviewer read any trace's feedback (a user's
  // comment and corrected answer) and gave feedback on any trace, whose correction local models
  // learn from, though the trace itself was its 403.
  it('a reviewer, by the shared key or a personal one, gets the 403 naming the role; the app and the admin go on', async () => {
    const answered = await h.openai(APP_KEY).chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Where is my parcel?' }] }).withResponse();
    const traceId = answered.response.headers.get('x-switchyard-trace-id') as string;
    await h.waitForTrace((t) => t.id === traceId);
    const app = { authorization: `Bearer ${APP_KEY}` };
    expect((await call('POST', '/api/feedback', JSON.stringify({ trace_id: traceId, thumbs: 'down', comment: 'my address is wrong', corrected: 'It ships Monday.' }), app)).status).toBe(201);
    const personal = (await call('POST', '/api/reviewers', JSON.stringify({ name: 'fee' }))).json.key as string;
    for (const reviewer of [SHARED_KEY, personal]) {
      const headers = { authorization: `Bearer ${reviewer}` };
      const read = await call('GET', `/api/feedback?trace_id=${traceId}`, undefined, headers);
      expect(read.status).toBe(403);
      expect(read.json.error?.message).toMatch(/^GET \/api\/feedback needs the admin role; "(reviewer|fee)" has the reviewer role/);
      expect(JSON.stringify(read.json)).not.toContain('my address is wrong');
      expect((await call('POST', '/api/feedback', JSON.stringify({ trace_id: traceId, thumbs: 'up', corrected: 'Poisoned.' }), headers)).status).toBe(403);
    }
    const feedback = (await call('GET', `/api/feedback?trace_id=${traceId}`)).json.feedback as { corrected: string | null }[];
    expect(feedback.map((f) => f.corrected)).toEqual(['It ships Monday.']);
    expect((await call('GET', `/api/feedback?trace_id=${traceId}`, undefined, app)).status).toBe(200);
  });
});
