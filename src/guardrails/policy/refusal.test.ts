import { describe, expect, it } from 'vitest';
import { detectRefusal, refusalCheck } from './refusal.js';
import { cpuMs } from '../../test-support/cpu-clock.js';

describe('detectRefusal', () => {
  it.each([
    "I'm sorry, but I can't help with that.",
    'I cannot assist with creating malware.',
    'I’m not able to provide instructions for that.',
    'Sorry, I can’t do that.',
    'As an AI language model, I cannot generate harmful content.',
    'I must decline this request.',
    'I won’t be able to help with hacking into accounts.',
    'That request goes against my guidelines, so I will not write it.',
    "That's not something I can help with, but I can suggest legal resources.",
    'I apologize, but I am unable to comply with this request.',
    'We are unable to provide that information.',
    'Lo siento, pero no puedo ayudar con eso.',
    'Désolé, mais je ne peux pas vous aider avec cela.',
    'Es tut mir leid, aber ich kann dabei nicht helfen.',
  ])('recognises a refusal: %s', (text) => {
    expect(detectRefusal(text).refused).toBe(true);
  });

  it.each([
    'Sure! Here is a short poem about the sea.',
    "I can't help but notice you asked about Rust; here is how lifetimes work.",
    "I can't recommend this book enough — it is wonderful.",
    'To kill a Python process, run `kill -9 <pid>`.',
    'Here are the steps: first, open the settings. I cannot stress enough how important backups are.',
    'Step 1: preheat the oven. Step 2: mix the flour.',
  ])('does not mistake an answer for a refusal: %s', (text) => {
    expect(detectRefusal(text).refused).toBe(false);
  });

  it('looks only at the opening window, and scores later matches lower', () => {
    const late = `${'Here is the answer you wanted. '.repeat(20)}I cannot help with the rest.`;
    expect(detectRefusal(late).refused).toBe(false);
    expect(detectRefusal(late, { window_chars: 5000 })).toMatchObject({ refused: true });
    expect(detectRefusal(late, { window_chars: 5000 }).score).toBeLessThan(1);
    expect(detectRefusal('I cannot help with that.').score).toBe(1);
  });

  it('takes extra phrases, or only them', () => {
    expect(detectRefusal('Computer says no.', { phrases: ['computer says no'] }).refused).toBe(true);
    expect(detectRefusal("I'm sorry, but I can't.", { phrases: ['computer says no'], replace_defaults: true }).refused).toBe(false);
    expect(() => detectRefusal('x', { phrase: ['y'] } as never)).toThrow(/refusal: unknown field "phrase"/);
  });

  it('works as a guard check', () => {
    expect(refusalCheck({ action: 'warn' })("I can't assist with that request.")).toEqual({
      check: 'refusal',
      action: 'warn',
      score: 1,
      reason: 'the answer is a refusal',
    });
    expect(refusalCheck()('Here you go.')).toEqual({ check: 'refusal', action: 'pass', score: 0, reason: 'no refusal' });
  });
});

describe('hostile input to the policy checks', () => {
  it('gets a precise error naming the check, not a crash', async () => {
    const { bannedWordsCheck } = await import('./banned-words.js');
    const { topicsCheck } = await import('./topics.js');
    const { jsonSchemaCheck } = await import('./json-output.js');
    const notText = 42 as unknown as string;
    expect(() => bannedWordsCheck({ words: ['x'] })(notText)).toThrow(/banned-words: text must be a string, got number/);
    expect(() => topicsCheck({ topics: [{ name: 't', keywords: ['k'] }] })(null as unknown as string)).toThrow(/topics: text must be a string, got null/);
    expect(() => jsonSchemaCheck({ schema: {} })([] as unknown as string)).toThrow(/json-schema: text must be a string, got array/);
    expect(() => detectRefusal(undefined as unknown as string)).toThrow(/refusal: text must be a string, got undefined/);
  });

  it('handles a very long answer quickly, since only the opening is read', () => {
    const started = cpuMs();
    expect(detectRefusal(`Sure. ${'a'.repeat(5_000_000)}`).refused).toBe(false);
    expect(cpuMs() - started).toBeLessThan(2000);
  });
});
