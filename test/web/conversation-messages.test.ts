import { describe, expect, it } from 'vitest';
import { requestMessages, responseMessage } from '../../web/src/conversation-messages.js';

describe('a traced conversation as the dashboard shows it', () => {
  it('names the tool of each Anthropic tool_use, as Claude Code\'s turns hold dozens of them', () => {
    const request = {
      system: [{ type: 'text', text: 'You are Claude Code.' }],
      messages: [
        { role: 'user', content: 'Read notes.txt' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: 'notes.txt' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'hello world' }] },
        { role: 'system', content: 'Be terse.' },
      ],
    };
    expect(requestMessages(request)).toEqual([
      { role: 'system', text: 'You are Claude Code.' },
      { role: 'user', text: 'Read notes.txt' },
      { role: 'assistant', text: '[tool_use Read] {\n  "file_path": "notes.txt"\n}' },
      { role: 'user', text: '[tool_result] hello world' },
      { role: 'system', text: 'Be terse.' },
    ]);
    expect(responseMessage({ type: 'message', content: [{ type: 'text', text: 'Reading.' }, { type: 'tool_use', name: 'Grep', input: { pattern: 'x' } }] })?.text).toBe(
      'Reading.\n[tool_use Grep] {\n  "pattern": "x"\n}',
    );
  });

  it('reads a Responses API turn item by item, instructions first, calls by name and namespace', () => {
    const request = {
      instructions: 'You are Codex.',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Sandbox: read-only.' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Fix the build' }] },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Look at the logs.' }], encrypted_content: 'gAAAA' },
        { type: 'function_call', call_id: 'c1', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{"message":"fix"}' },
        { type: 'function_call_output', call_id: 'c1', output: 'agent started' },
      ],
    };
    expect(requestMessages(request)).toEqual([
      { role: 'system', text: 'You are Codex.' },
      { role: 'developer', text: 'Sandbox: read-only.' },
      { role: 'user', text: 'Fix the build' },
      { role: 'reasoning', text: 'Look at the logs.' },
      { role: 'assistant', text: '[function_call multi_agent_v1.spawn_agent] {\n  "message": "fix"\n}' },
      { role: 'tool', text: '[function_call_output] agent started' },
    ]);
  });

  it('shows a Response\'s output as the answer, where it used to say there was no response body', () => {
    const response = {
      object: 'response',
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Run it.' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Running the tests.' }] },
        { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"npm test"}', call_id: 'c2' },
      ],
    };
    expect(responseMessage(response)).toEqual({ role: 'assistant', text: '[reasoning] Run it.\nRunning the tests.\n[function_call exec_command] {\n  "cmd": "npm test"\n}' });
  });

  it('names chat tool calls too', () => {
    const answer = responseMessage({ choices: [{ message: { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] } }] });
    expect(answer?.text).toBe('[tool_call get_weather] {\n  "city": "Oslo"\n}');
  });
});
