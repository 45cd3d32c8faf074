import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * A 5,000-character name or value in the admin API's paths and queries (helper hostile8). The
 * earlier rounds quoted ids and body values short; these answers still echoed them whole (5,134 to
 * 5,168 characters): a 405 on a long path, the local model registry's `version`, `force` and route
 * names, and a topic id. Each names the field and is quoted to about 100 characters.
 */
const ADMIN = 'sk-sy-admin-echoes';
const LONG = 'Z'.repeat(5_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
});
afterAll(() => h.close());

async function refusal(method: string, path: string, body?: unknown): Promise<{ status: number; message: string }> {
  const res = await fetch(`${h.gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { error?: { message?: string } };
  return { status: res.status, message: json.error?.message ?? '' };
}

describe('long names and values are quoted short', () => {
  it.each([
    ['a 405 on a long path', 'GET', `/api/teams/${LONG}`, undefined, 405, '/api/teams/ZZZ'],
    ['DELETE /api/models/:route?force=…', 'DELETE', `/api/models/r?force=${LONG}`, undefined, 400, 'force must be true or false, got "ZZZ'],
    ['DELETE /api/models/:route?version=…', 'DELETE', `/api/models/r?version=${LONG}`, undefined, 400, 'version must be a version number (an integer from 1), got "ZZZ'],
    ['a promotion of a long route', 'POST', `/api/models/${LONG}/promote`, { version: 1 }, 404, 'route "ZZZ'],
    ['a promotion naming a long version', 'POST', '/api/models/r/promote', { version: LONG }, 400, 'version must be a version number'],
    ['a demotion of a long route', 'POST', `/api/models/${LONG}/demote`, {}, 404, 'route "ZZZ'],
    ['an unpin of a long route', 'POST', `/api/models/${LONG}/unpin`, undefined, 400, 'route "ZZZ'],
    ['a long topic id', 'POST', `/api/topics/${LONG}/review?route=r`, {}, 400, 'topic must be a topic id'],
    ['a topic without its route', 'POST', `/api/topics/${LONG}/review`, {}, 400, 'route is required'],
  ])('%s', async (_what, method, path, body, status, start) => {
    const answer = await refusal(method, path, body);
    expect(answer.status).toBe(status);
    expect(answer.message).toContain(start);
    expect(answer.message.length).toBeLessThan(400);
  });

  it('a route longer than any name can be, on the topic and quality views, is a 400 quoting it short', async () => {
    // GET /api/topics and /api/quality answered 200 with the 5,000 characters as the report's route (helper hostile2).
    for (const [method, path] of [['POST', `/api/topics/3/review?route=${LONG}`], ['GET', `/api/topics?route=${LONG}`], ['GET', `/api/quality?route=${LONG}`]] as const) {
      const answer = await refusal(method, path, method === 'POST' ? {} : undefined);
      expect(answer.status).toBe(400);
      expect(answer.message).toMatch(/^route must be a route or model name of at most \d+ characters, got "Z+\.\.\.$/);
      expect(answer.message.length).toBeLessThan(200);
    }
  });

  it("a reviewer's 403 on a long path names the path short", async () => {
    // The knowledge purge and remove of a 7,000-character base came back whole in the reviewer's 403.
    const reviewer = await startHarness(`server: { admin_key: ${ADMIN}, reviewer_key: sk-sy-reviewer-echoes }`);
    try {
      for (const path of [`/api/knowledge/${encodeURIComponent(`\u202e${LONG}`)}/purge`, `/api/knowledge/${LONG}/remove`, `/api/keys/${LONG}`]) {
        const res = await fetch(`${reviewer.gateway.url}${path}`, { method: 'POST', headers: { authorization: 'Bearer sk-sy-reviewer-echoes', 'content-type': 'application/json' }, body: '{"all":true}' });
        const message = ((await res.json()) as { error: { message: string } }).error.message;
        expect(res.status).toBe(403);
        expect(message).toMatch(/^POST \/api\/(knowledge|keys)\/.{20,120}… needs the admin role; /);
        expect(message.length).toBeLessThan(500);
      }
    } finally {
      await reviewer.close();
    }
  });

  it('a route with no traces of the topic', async () => {
    const answer = await refusal('POST', '/api/topics/3/review?route=r', {});
    expect(answer.status).toBe(404);
    expect(answer.message).toBe('no traces of topic 3 on route "r" in this range');
  });
});
