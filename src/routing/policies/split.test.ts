import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import { routeSchema, type SplitRoute } from '../../config/route-schema.js';
import { requestFeatures } from './request-features.js';
import { pickSplitArm, stickyPoint, stickyValue } from './split.js';

const split = (extra: Record<string, unknown>) =>
  routeSchema.parse({
    policy: 'split',
    arms: [
      { target: 'small', weight: 9 },
      { target: 'claude', weight: 1 },
    ],
    ...extra,
  }) as SplitRoute;

const forUser = (user: string | undefined, metadata: Record<string, unknown> = {}) => requestFeatures({ model: 'exp', messages: [], ...(user ? { user } : {}), metadata });
const never = () => {
  throw new Error('a sticky split must not draw');
};

describe('pickSplitArm', () => {
  it('keeps a user on one arm, whatever the random source says', () => {
    const route = split({ sticky: 'user' });
    const first = pickSplitArm('exp', route, forUser('user-42'), never);
    for (let i = 0; i < 20; i++) expect(pickSplitArm('exp', route, forUser('user-42'), never)).toEqual(first);
    expect(first).toMatchObject({ sticky: true });
    expect(first.reason).toMatch(/^arm [12] of 2 \((90|10)%\), sticky on user$/);
  });

  it('keeps a user who sends safety_identifier (the OpenAI SDK\'s replacement for user) on that user\'s arm', () => {
    const route = split({ sticky: 'user' });
    const byIdentifier = pickSplitArm('exp', route, requestFeatures({ model: 'exp', messages: [], safety_identifier: 'user-42' }), never);
    expect(byIdentifier).toEqual(pickSplitArm('exp', route, forUser('user-42'), never));
  });

  it('spreads sticky users in proportion to the weights', () => {
    const route = split({ sticky: 'key' });
    let claude = 0;
    for (let i = 0; i < 10_000; i++) {
      const d = pickSplitArm('exp', route, requestFeatures({ model: 'exp', messages: [] }, { keyName: `key-${i}` }), never);
      if (d.target === 'claude') claude++;
    }
    // 10% ± 4.5 standard errors of a binomial with n = 10,000.
    expect(claude / 10_000).toBeGreaterThan(0.1 - 0.0135);
    expect(claude / 10_000).toBeLessThan(0.1 + 0.0135);
  });

  it('assigns independently per route and per salt', () => {
    const users = Array.from({ length: 1_000 }, (_, i) => `u${i}`);
    const armsOf = (name: string, salt: string) => users.map((u) => pickSplitArm(name, split({ sticky: 'user', salt }), forUser(u), never).arm);
    const base = armsOf('exp', '');
    const agreement = (other: number[]) => other.filter((arm, i) => arm === base[i]).length / users.length;
    // Independent 90/10 assignments agree with probability 0.9² + 0.1² = 0.82.
    expect(agreement(armsOf('exp', ''))).toBe(1);
    expect(agreement(armsOf('exp-2', ''))).toBeLessThan(0.89);
    expect(agreement(armsOf('exp', 'round-2'))).toBeLessThan(0.89);
  });

  it('is sticky on a metadata field, and draws when the request lacks it', () => {
    const route = split({ sticky: 'metadata.account' });
    const sticky = pickSplitArm('exp', route, forUser(undefined, { account: 'acme' }), never);
    expect(sticky.arm).toBe(stickyPoint('exp', '', 'acme') * 10 < 9 ? 0 : 1);
    const drawn = pickSplitArm('exp', route, forUser(undefined), () => 0.95);
    expect(drawn).toMatchObject({ target: 'claude', arm: 1, sticky: false, reason: 'arm 2 of 2 (10%), drawn (no metadata.account on the request)' });
  });

  it('draws from the injected random without a sticky setting, reproducibly', () => {
    const route = split({});
    const draw = (seed: number) => Array.from({ length: 200 }, ((random) => () => pickSplitArm('exp', route, forUser('u'), random).arm)(seededRandom(seed)));
    expect(draw(3)).toEqual(draw(3));
    const share = draw(3).filter((arm) => arm === 1).length / 200;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.2);
    expect(pickSplitArm('exp', route, forUser('u'), () => 0.899).target).toBe('small');
    expect(pickSplitArm('exp', route, forUser('u'), () => 0.9).target).toBe('claude');
  });

  it('hashes only the first 1,024 characters of a huge sticky value', () => {
    const route = split({ sticky: 'user' });
    const long = forUser(`${'u'.repeat(1_024)}${'v'.repeat(5_000_000)}`);
    expect(stickyValue(route, long)).toBe('u'.repeat(1_024));
    expect(pickSplitArm('exp', route, long, never)).toEqual(pickSplitArm('exp', route, forUser('u'.repeat(1_024)), never));
  });

  it('never picks a zero-weight arm, even at the edges of the draw', () => {
    const route = routeSchema.parse({ policy: 'split', arms: [{ target: 'a', weight: 0 }, { target: 'b', weight: 1 }, { target: 'c', weight: 0 }] }) as SplitRoute;
    for (const point of [0, 0.5, 0.999999999]) expect(pickSplitArm('exp', route, forUser(undefined), () => point).target).toBe('b');
  });
});
