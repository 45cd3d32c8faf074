import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToolUseIds } from './tool-use-ids.js';

afterEach(() => vi.restoreAllMocks());

describe('tool call ids said to Claude', () => {
  it('gives an id reused in every turn a suffix of its own each turn, each result the latest call', () => {
    const ids = new ToolUseIds();
    const sent: string[] = [];
    for (let turn = 0; turn < 4; turn++) {
      ids.startTurn();
      sent.push(ids.call('call_0', `messages[${2 * turn + 1}].tool_calls[0].id`), ids.result('call_0'));
    }
    expect(sent).toEqual(['call_0', 'call_0', 'call_0_2', 'call_0_2', 'call_0_3', 'call_0_3', 'call_0_4', 'call_0_4']);
  });

  it('passes over a suffix the client used itself', () => {
    const ids = new ToolUseIds();
    ids.startTurn();
    expect([ids.call('c', 'a'), ids.call('c_2', 'b'), ids.call('c.3', 'c')]).toEqual(['c', 'c_2', 'c_3']);
    ids.startTurn();
    expect(ids.call('c', 'd')).toBe('c_4');
    ids.startTurn();
    expect(ids.call('c', 'e')).toBe('c_5');
    expect(ids.result('c_2')).toBe('c_2');
  });

  it('looks up a few ids a turn however many turns reused the id before it (16,000 turns of call_0 took 33 s through the gateway)', () => {
    const ids = new ToolUseIds();
    const has = vi.spyOn(Set.prototype, 'has');
    const turns = 2_000;
    for (let turn = 0; turn < turns; turn++) {
      ids.startTurn();
      ids.call('call_0', 'messages[1].tool_calls[0].id');
    }
    // Each turn tries the id and its next suffix; trying every suffix from _2 up was 2,000,000 look-ups here.
    expect(has.mock.calls.length).toBeLessThan(4 * turns);
    expect(ids.result('call_0')).toBe(`call_0_${turns}`);
  });
});
