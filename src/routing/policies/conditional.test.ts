import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { type ConditionalRoute, routeSchema } from '../../config/route-schema.js';
import { decideConditional, MAX_REGEX_INPUT } from './conditional.js';
import { type RouteContext, requestFeatures } from './request-features.js';

const route = routeSchema.parse(
  parseYaml(`
policy: conditional
rules:
  - when: { metadata: { tier: { in: [gold, platinum] } }, team: { equals: support } }
    target: claude
  - when: { prompt_tokens: { gt: 1000 } }
    target: long-context
  - when: { last_user_message: { regex: "\\\\b(refund|chargeback)\\\\b", ignore_case: true } }
    target: billing
  - when: { images: true }
    target: vision
  - when: { tools: true, key: { exists: true } }
    target: tool-model
  - when: { metadata: { priority: { equals: 5 } } }
    target: urgent
default: small
`),
) as ConditionalRoute;

function decide(text: string, context: RouteContext = {}, extra: Partial<ChatCompletionRequest> = {}) {
  return decideConditional(route, requestFeatures({ model: 'r', messages: [{ role: 'user', content: text }], ...extra }, context));
}

describe('decideConditional', () => {
  it('sends a request that matches no rule to the default, saying so', () => {
    expect(decide('hello')).toEqual({ target: 'small', reason: 'no rule matched (6 tried): default' });
  });

  it('needs every condition of a rule, and the first matching rule wins', () => {
    expect(decide('hello', { metadata: { tier: 'gold' } }).target).toBe('small');
    const both = decide('I want a refund', { metadata: { tier: 'platinum' }, team: 'support' });
    expect(both).toEqual({ target: 'claude', rule: 0, reason: 'rule 1: metadata.tier = "platinum" (in list); team = "support"' });
  });

  it('routes on the prompt size estimate', () => {
    expect(decide('word '.repeat(2_000))).toMatchObject({ target: 'long-context', reason: 'rule 2: prompt_tokens > 1000' });
    expect(decide('word '.repeat(500)).target).toBe('small');
  });

  it('matches a regex on the last user message, case-insensitively when asked', () => {
    expect(decide('Please issue a REFUND now')).toMatchObject({ target: 'billing', rule: 2 });
    expect(decide('refunds are not a word boundary match').target).toBe('small');
  });

  it('looks only at the first 20,000 characters of a huge message', () => {
    const regexOnly = routeSchema.parse({ policy: 'conditional', rules: [{ when: { last_user_message: { regex: 'refund' } }, target: 'billing' }], default: 'small' }) as ConditionalRoute;
    const at = (text: string) => decideConditional(regexOnly, requestFeatures({ model: 'r', messages: [{ role: 'user', content: text }] })).target;
    expect(at(`${'x'.repeat(MAX_REGEX_INPUT - 10)} refund`)).toBe('billing');
    expect(at(`${'x'.repeat(MAX_REGEX_INPUT)} refund`)).toBe('small');
  });

  it('routes on images, and on tools together with a key', () => {
    const image = { role: 'user' as const, content: [{ type: 'image_url' as const, image_url: { url: 'https://x/y.png' } }] };
    expect(decideConditional(route, requestFeatures({ model: 'r', messages: [image] })).target).toBe('vision');
    const tools = { tools: [{ type: 'function' as const, function: { name: 'f' } }] };
    expect(decide('hi', {}, tools).target).toBe('small');
    expect(decide('hi', { keyName: 'backend' }, tools)).toMatchObject({ target: 'tool-model', reason: 'rule 5: key present; tools offered' });
  });

  it('compares metadata as text, so a header string matches a number in the config', () => {
    expect(decide('hi', { metadata: { priority: '5' } }).target).toBe('urgent');
    expect(decide('hi', { metadata: { priority: 5 } }).target).toBe('urgent');
    expect(decide('hi', { metadata: { priority: [5] } }).target).toBe('small');
  });

  it('keeps reasons header-safe even when the config holds odd characters', () => {
    const odd = routeSchema.parse({ policy: 'conditional', rules: [{ when: { metadata: { 'réf\nx': { equals: 'naïve\r\nSet-Cookie: a=b' } } }, target: 'x' }], default: 'y' }) as ConditionalRoute;
    const d = decideConditional(odd, requestFeatures({ model: 'r', messages: [] }, { metadata: { 'réf\nx': 'naïve\r\nSet-Cookie: a=b' } }));
    expect(d.target).toBe('x');
    expect(d.reason).toMatch(/^[\x20-\x7e]+$/);
    expect(d.reason.length).toBeLessThanOrEqual(200);
  });
});
