import { describe, expect, it } from 'vitest';
import { withFoldedSystemTurns } from './folded-system-turns.js';

const turn = (messages: unknown[]) => ({ model: 'coder', max_tokens: 64, messages });

describe('system messages for a Claude model that takes none', () => {
  it('become <system-reminder> blocks at the end of the user turn before them, cache_control kept', () => {
    const body = turn([
      { role: 'user', content: 'Fix the build' },
      { role: 'system', content: [{ type: 'text', text: 'Be terse.', cache_control: { type: 'ephemeral' } }] },
      { role: 'assistant', content: 'Done.' },
    ]);
    expect(withFoldedSystemTurns(body, 'claude-haiku-4-5-20251001').messages as unknown).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Fix the build' }, { type: 'text', text: '<system-reminder>\nBe terse.\n</system-reminder>', cache_control: { type: 'ephemeral' } }] },
      { role: 'assistant', content: 'Done.' },
    ]);
  });

  it('become a user turn of their own after an assistant turn (one ending in a server tool use)', () => {
    const body = turn([
      { role: 'user', content: 'Search' },
      { role: 'assistant', content: [{ type: 'server_tool_use', id: 's', name: 'web_search', input: {} }] },
      { role: 'system', content: 'Cite sources.' },
    ]);
    expect((withFoldedSystemTurns(body, 'claude-sonnet-4-6').messages as unknown[]).at(-1)).toEqual({ role: 'user', content: [{ type: 'text', text: '<system-reminder>\nCite sources.\n</system-reminder>' }] });
  });

  it('stay as sent for Opus 4.8 and for names that are no Claude generation: the provider decides', () => {
    const body = turn([{ role: 'user', content: 'Hi' }, { role: 'system', content: 'Be brief.' }]);
    expect(withFoldedSystemTurns(body, 'claude-opus-4-8')).toBe(body);
    expect(withFoldedSystemTurns(body, 'claude-standin')).toBe(body);
    const plain = turn([{ role: 'user', content: 'Hi' }]);
    expect(withFoldedSystemTurns(plain, 'claude-sonnet-4-6')).toBe(plain);
  });
});
