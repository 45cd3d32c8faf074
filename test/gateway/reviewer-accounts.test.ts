import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiAnswer, bearer, callApi, messageOf } from '../../src/test-support/api-call.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// Reviewer accounts: each reviewer signs in with a personal key an admin issued, so what they do is
// signed with their account's name (not a typed one), and one of them can be revoked alone. Driven
// through a real gateway's admin API, with server.reviewer_key (the shared, simple mode) beside it.
const ADMIN_KEY = 'admin-key-reviewer-accounts';
const SHARED_KEY = 'shared-reviewer-key-accounts';
let h: Harness;
let itemId: string;
let firstTrace: string;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `${simProviders(simUrl)}\nmodels:\n  small: { provider: sim, model: standin-small, price: { input_per_mtok: 3, output_per_mtok: 15 } }\nserver: { admin_key: ${ADMIN_KEY}, reviewer_key: ${SHARED_KEY} }\nkeys: [ { key: sk-sy-reviewer-accounts-app, name: app } ]\n`);
  await h.openai('sk-sy-reviewer-accounts-app').chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Where is my card?' }] });
  const traceId = (await h.waitForTrace((t) => t.keyName === 'app')).id;
  firstTrace = traceId;
  itemId = (await call('POST', `/api/traces/${traceId}/review`, admin, { reason: 'check the answer' })).json.id as string;
}, 60_000);
afterAll(() => h.close());

const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) => callApi(h, method, path, headers, body);
const admin = bearer(ADMIN_KEY);
const errorOf = (a: ApiAnswer) => [a.status, messageOf(a)];

async function signIn(password: string, name?: string) {
  const login = await call('POST', '/api/session', {}, { ...(name === undefined ? {} : { name }), password });
  const page = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-switchyard-csrf': login.json.csrf as string };
  return { login, page };
}

describe('reviewer accounts', () => {
  it('an admin creates one: the personal key is shown once, stored hashed, and never listed', async () => {
    const made = await call('POST', '/api/reviewers', admin, { name: 'Ana Lima' });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: 'Ana Lima', status: 'active', createdBy: 'admin', revokedAt: null, key: expect.stringMatching(/^sk-rv-[A-Za-z0-9_-]{43}$/) });
    expect(made.json.prefix).toBe((made.json.key as string).slice(0, 10));
    const listed = await call('GET', '/api/reviewers', admin);
    expect(listed.json.reviewers).toEqual([{ name: 'Ana Lima', prefix: made.json.prefix, createdAt: made.json.createdAt, createdBy: 'admin', revokedAt: null, revokedBy: null, rotatedAt: null, rotatedBy: null, status: 'active' }]);
    expect(JSON.stringify(listed.json)).not.toContain((made.json.key as string).slice(10));
  });

  it('refuses hostile, taken and reserved names, and an unknown reviewer on revoke, with a 4xx naming the problem', async () => {
    const cases: [unknown, number, string | RegExp][] = [
      ['a'.repeat(65), 400, /^name must be at most 64 characters, none of them control characters, got "a{20,}/],
      ['ana\u0007', 400, /^name must be at most 64 characters, none of them control characters/],
      ['ana\u202egnp.exe', 400, /^name must hold no bidirectional controls \(they show it reordered\)/],
      ['ana\u200b', 400, 'name must hold no invisible characters (zero-width space, word joiner, BOM, soft hyphen: they make it read as another name), got "ana\\u200b"'],
      ['Jose\u0301', 400, /^name must be written with composed characters \(Unicode NFC\)/],
      ['   ', 400, 'name is required: the reviewer\'s reviews are signed with it (got "   ")'],
      [42, 400, "name: expected the reviewer's name, a string (their reviews are signed with it), got 42"],
      ['admin', 409, 'name "admin" is reserved: it is what a call with the admin key and no x-switchyard-reviewer header is signed with; choose another name'],
      ['Ana Lima', 409, 'a reviewer named "Ana Lima" already exists (revoked reviewers keep their name, so their reviews stay theirs); choose another name'],
      ['ANA LIMA', 409, 'name "ANA LIMA" reads as reviewer "Ana Lima"\'s: two accounts would look like one person; choose another name'],
    ];
    for (const [name, status, message] of cases) {
      const refused = await call('POST', '/api/reviewers', admin, { name });
      expect(refused.status, JSON.stringify(name)).toBe(status);
      expect(messageOf(refused), JSON.stringify(name)).toMatch(message);
      expect((refused.json.error as { param?: string }).param).toBe('name');
    }
    expect(errorOf(await call('POST', '/api/reviewers', admin, { name: 'x', role: 'admin' }))).toEqual([400, expect.stringContaining('role')]);
    expect(errorOf(await call('DELETE', '/api/reviewers/Ana%20Lma', admin))).toEqual([404, 'no reviewer named "Ana Lma"; did you mean "Ana Lima"? (active reviewers: Ana Lima)']);
    expect(((await call('GET', '/api/reviewers', admin)).json.reviewers as unknown[]).length).toBe(1);
  });

  it('signs in with the personal key as the account, whose reviews carry its name; a typed name cannot pass for it', async () => {
    const key = (await call('POST', '/api/reviewers', admin, { name: 'bo' })).json.key as string;
    const { login, page } = await signIn(key);
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ name: 'bo', role: 'reviewer', personal: true });
    expect((await call('GET', '/api/session', page)).json).toMatchObject({ name: 'bo', role: 'reviewer', personal: true });
    expect((await call('POST', `/api/review/items/${itemId}/claim`, page)).status).toBeLessThan(300);
    const review = await call('POST', `/api/review/items/${itemId}/reviews`, page, { score: 4, comment: 'fine' });
    expect(review).toMatchObject({ status: 201, json: { reviewer: 'bo', score: 4 } });
    const detail = await call('GET', `/api/review/items/${itemId}`, admin);
    expect((detail.json.reviews as { reviewer: string }[]).map((r) => r.reviewer)).toEqual(['bo']);
    // Still the reviewer role: nothing outside the queue, the account management included.
    expect(errorOf(await call('GET', '/api/reviewers', page))).toEqual([403, expect.stringContaining('"bo" has the reviewer role (signed in with their personal reviewer key)')]);
    // The key names its account: another name beside it is a mistake, said so.
    expect(errorOf(await signIn(key, 'eve').then((s) => s.login))).toEqual([400, 'name "eve" is not this personal key\'s reviewer: the key signs in as "bo"; leave name empty or send "bo"']);
    // Nobody signs as an account by typing its name, with the shared key or the admin key.
    expect(errorOf((await signIn(SHARED_KEY, 'bo')).login)).toEqual([409, 'name "bo" is a reviewer account\'s: reviews signed "bo" are that person\'s alone, who signs in with their personal key; type another name']);
    expect(errorOf((await signIn(ADMIN_KEY, 'bo')).login)).toEqual([409, expect.stringContaining('name "bo" is a reviewer account\'s')]);
    expect(errorOf((await signIn(SHARED_KEY, 'BO')).login)).toEqual([409, 'name "BO" reads as "bo", which is a reviewer account\'s: reviews signed "bo" are that person\'s alone, who signs in with their personal key; type another name']);
    expect(errorOf(await call('GET', '/api/review/queue', bearer(ADMIN_KEY, 'bo')))).toEqual([409, expect.stringContaining('x-switchyard-reviewer "bo" is a reviewer account\'s')]);
    // A script with the personal key is the account too.
    expect((await call('GET', '/api/review/stats', bearer(key))).status).toBe(200);
    expect(errorOf(await call('GET', '/api/review/stats', bearer(key, 'eve')))).toEqual([400, expect.stringContaining('x-switchyard-reviewer "eve" is not this personal key\'s reviewer')]);
  });

  it('blind review and agreement go by the accounts: neither sees the other\'s verdict before giving theirs', async () => {
    await h.openai('sk-sy-reviewer-accounts-app').chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Is there a fee for cash?' }] });
    const traceId = (await h.waitForTrace((t) => t.keyName === 'app' && t.id !== firstTrace)).id;
    const item = (await call('POST', `/api/traces/${traceId}/review`, admin, { reason: 'two opinions', reviews_wanted: 2 })).json.id as string;
    const [eve, fay] = await Promise.all(['eve', 'fay'].map(async (name) => (await signIn((await call('POST', '/api/reviewers', admin, { name })).json.key as string)).page));
    expect((await call('POST', `/api/review/items/${item}/reviews`, eve as Record<string, string>, { score: 5 })).json).toMatchObject({ reviewer: 'eve' });
    expect((await call('GET', `/api/review/items/${item}`, fay as Record<string, string>)).json).toMatchObject({ reviews: [], hiddenReviews: 1 });
    expect((await call('POST', `/api/review/items/${item}/reviews`, fay as Record<string, string>, { score: 4 })).json).toMatchObject({ reviewer: 'fay' });
    const after = (await call('GET', `/api/review/items/${item}`, fay as Record<string, string>)).json;
    expect((after.reviews as { reviewer: string }[]).map((r) => r.reviewer).sort()).toEqual(['eve', 'fay']);
    expect(after).toMatchObject({ hiddenReviews: 0, agreement: { items: 1, scoreWithinOne: 1 } });
  });

  it('revoking one reviewer ends their open session at its next call, saying why, and refuses their key; the others keep working', async () => {
    const cyKey = (await call('POST', '/api/reviewers', admin, { name: 'cy' })).json.key as string;
    const cy = (await signIn(cyKey)).page;
    const shared = (await signIn(SHARED_KEY, 'dee')).page;
    const sessions = async () => ((await call('GET', '/api/sessions', admin)).json.sessions as { name: string }[]).map((s) => s.name);
    expect(await sessions()).toEqual(expect.arrayContaining(['cy', 'dee']));
    const revoked = await call('DELETE', '/api/reviewers/cy', admin);
    expect(revoked.json).toMatchObject({ name: 'cy', status: 'revoked', revokedBy: 'admin', revokedAt: expect.any(Number) });
    const at = new Date(revoked.json.revokedAt as number).toISOString();
    const why = `your session ended: reviewer "cy" was revoked at ${at} by "admin"; ask an admin for a new reviewer account`;
    expect(errorOf(await call('GET', '/api/review/queue', cy))).toEqual([401, why]);
    // The page's sign-in form is told why, every time it asks.
    expect((await call('GET', '/api/session', cy)).json).toMatchObject({ name: null, role: null, ended: why });
    expect((await call('GET', '/api/session', cy)).json).toMatchObject({ ended: why });
    expect(await sessions()).not.toContain('cy');
    expect(errorOf((await signIn(cyKey)).login)).toEqual([401, `this personal key is revoked: reviewer "cy" was revoked at ${at} by "admin"; ask an admin for a new reviewer account`]);
    expect(errorOf(await call('GET', '/api/review/stats', bearer(cyKey)))).toEqual([401, expect.stringContaining('this personal key is revoked')]);
    // Revoking again changes nothing; the shared key's reviewers were not touched.
    expect((await call('DELETE', '/api/reviewers/cy', admin)).json).toMatchObject({ revokedAt: revoked.json.revokedAt });
    expect((await call('GET', '/api/review/queue', shared)).status).toBe(200);
    expect((await call('GET', '/api/reviewers', admin)).json.reviewers).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'cy', status: 'revoked' })]));
  });

  it('rotating a reviewer\'s key gives a new one once, refuses the old one and ends the sessions it opened, saying why', async () => {
    const oldKey = (await call('POST', '/api/reviewers', admin, { name: 'gil' })).json.key as string;
    const before = (await signIn(oldKey)).page;
    const other = (await signIn((await call('POST', '/api/reviewers', admin, { name: 'hal' })).json.key as string)).page;
    expect((await call('GET', '/api/review/queue', before)).status).toBe(200);
    const rotated = await call('POST', '/api/reviewers/gil/rotate', admin);
    expect(rotated.status).toBe(200);
    expect(rotated.json).toMatchObject({ name: 'gil', status: 'active', rotatedBy: 'admin', rotatedAt: expect.any(Number), key: expect.stringMatching(/^sk-rv-[A-Za-z0-9_-]{43}$/) });
    const newKey = rotated.json.key as string;
    expect(rotated.json.prefix).toBe(newKey.slice(0, 10));
    expect(JSON.stringify((await call('GET', '/api/reviewers', admin)).json)).not.toContain(newKey.slice(10));
    const why = `your session ended: reviewer "gil"'s personal key was replaced at ${new Date(rotated.json.rotatedAt as number).toISOString()} by "admin"; sign in with the new key`;
    expect(errorOf(await call('GET', '/api/review/queue', before))).toEqual([401, why]);
    expect((await call('GET', '/api/session', before)).json).toMatchObject({ name: null, ended: why });
    // The old key itself is told it was replaced, when and by whom (not that it is unknown), and never the new key.
    const replaced = `this personal key was replaced: reviewer "gil"'s personal key was replaced at ${new Date(rotated.json.rotatedAt as number).toISOString()} by "admin"; sign in with the new key`;
    expect(errorOf((await signIn(oldKey)).login)).toEqual([401, replaced]);
    expect(errorOf(await call('GET', '/api/review/stats', bearer(oldKey)))).toEqual([401, replaced]);
    // A key that was never an account's gets the general refusal.
    expect(errorOf(await call('GET', '/api/review/stats', bearer(`sk-rv-${'x'.repeat(43)}`)))).toEqual([401, 'the presented key is neither the admin key nor a virtual key of this gateway']);
    // The new key signs in as the same account; the other reviewer's session was not touched.
    const after = await signIn(newKey);
    expect(after.login.json).toMatchObject({ name: 'gil', role: 'reviewer', personal: true });
    expect((await call('GET', '/api/review/queue', after.page)).status).toBe(200);
    expect((await call('GET', '/api/review/queue', other)).status).toBe(200);
    // Unknown, revoked, a body with options, and the reviewer role: each refused, naming why.
    expect(errorOf(await call('POST', '/api/reviewers/gill/rotate', admin))).toEqual([404, expect.stringContaining('no reviewer named "gill"; did you mean "gil"?')]);
    expect(errorOf(await call('POST', '/api/reviewers/gil/rotate', admin, { grace_seconds: 60 }))).toEqual([400, expect.stringContaining('grace_seconds')]);
    expect(errorOf(await call('POST', '/api/reviewers/gil/rotate', after.page))).toEqual([403, expect.stringContaining('needs the admin role')]);
    await call('DELETE', '/api/reviewers/hal', admin);
    expect(errorOf(await call('POST', '/api/reviewers/hal/rotate', admin))).toEqual([409, 'reviewer "hal" is revoked, so it has no key to rotate; add a reviewer under another name']);
    // Once the account is revoked, its replaced key says so too.
    const revoked = await call('DELETE', '/api/reviewers/gil', admin);
    expect(errorOf((await signIn(oldKey)).login)).toEqual([401, `this personal key is revoked: reviewer "gil" was revoked at ${new Date(revoked.json.revokedAt as number).toISOString()} by "admin"; ask an admin for a new reviewer account`]);
  });
});
