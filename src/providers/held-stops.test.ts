import { describe, expect, it } from 'vitest';
import type { ChatCompletion, ChatCompletionChunk } from '../core/openai-wire.js';
import { splitStops, StreamStops, stopCompletion } from './held-stops.js';
import { splitOpenAIStops } from './openai-compatible/openai-stop-limits.js';

function chunk(delta: ChatCompletionChunk['choices'][number]['delta'], finish: ChatCompletionChunk['choices'][number]['finish_reason'] = null): ChatCompletionChunk {
  return { id: 'msg_1', object: 'chat.completion.chunk', created: 1, model: 'claude', choices: [{ index: 0, delta, finish_reason: finish }] };
}
const toolCall = { index: 0, id: 'toolu_1', type: 'function' as const, function: { name: 'lookup', arguments: '' } };
const usage = { id: 'msg_1', object: 'chat.completion.chunk' as const, created: 1, model: 'claude', choices: [], usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 } };

/** Each chunk as `text`, `+tool`, `=finish` or `usage`, to read a stream at a glance. */
function shape(chunks: readonly ChatCompletionChunk[]): string[] {
  return chunks.map((c) => {
    const choice = c.choices[0];
    if (!choice) return 'usage';
    if (choice.finish_reason) return `=${choice.finish_reason}`;
    if (choice.delta.tool_calls) return '+tool';
    return String(choice.delta.content);
  });
}

describe('splitStops', () => {
  it('keeps back the whitespace-only sequences Claude refuses, and drops empty ones', () => {
    expect(splitStops(['END', '\n', ' \t', ''])).toEqual({ claude: ['END'], held: ['\n', ' \t'] });
    expect(splitStops('\n\n')).toEqual({ claude: [], held: ['\n\n'] });
    expect(splitStops(undefined)).toEqual({ claude: [], held: [] });
  });
});

describe('StreamStops', () => {
  it('stops where a sequence split across chunks begins, drops what follows, and reports stop', () => {
    const stops = new StreamStops(['\n\n']);
    const out = stops.push([chunk({ role: 'assistant', content: '' }), chunk({ content: 'First' }), chunk({ content: ' line\n' }), chunk({ content: '\nSecond' })]);
    const rest = stops.push([chunk({ content: ' line' }), chunk({ tool_calls: [toolCall] }), chunk({}, 'tool_calls'), usage]);
    expect(shape([...out, ...rest])).toEqual(['', 'First', ' line', '=stop', 'usage']);
  });

  it('sends text held back for a possible sequence before a tool call when none comes', () => {
    const stops = new StreamStops(['\n\n']);
    const out = stops.push([chunk({ content: 'Looking it up\n' }), chunk({ tool_calls: [toolCall] }), chunk({}, 'tool_calls')]);
    expect(shape(out)).toEqual(['Looking it up', '\n', '+tool', '=tool_calls']);
  });

  it('sends the held-back tail before the finish', () => {
    const stops = new StreamStops(['\n\n\n']);
    const out = stops.push([chunk({ content: 'ends here\n\n' }), chunk({}, 'stop')]);
    expect(out.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('ends here\n\n');
    expect(shape(out).at(-1)).toBe('=stop');
  });

  it('holds back only an end that could begin a sequence', () => {
    const stops = new StreamStops(['\n\n', ' \n ']);
    const out = stops.push([chunk({ content: 'a\u{1F600}' }), chunk({ content: 'b \n' }), chunk({ content: 'c' }), chunk({}, 'stop')]);
    expect(shape(out)).toEqual(['a\u{1F600}', 'b', ' \nc', '=stop']);
  });

  it('names the sequence it stopped on in stop_reason when asked (an OpenAI model’s held-back fifth), on the finish only', () => {
    const stops = new StreamStops(['END'], true);
    const out = stops.push([chunk({ content: 'one E' }), chunk({ content: 'ND two' }), chunk({}, 'stop')]);
    expect(shape(out)).toEqual(['one ', '=stop']);
    expect(out.map((c) => (c.choices[0] as { stop_reason?: unknown }).stop_reason)).toEqual([undefined, 'END']);
  });

  it('says to end the upstream once a sequence matched before its finish, and closes the answer with the finish and usage', () => {
    const stops = new StreamStops(['\n'], true);
    expect(stops.push([chunk({ content: 'one' })])).toHaveLength(1);
    expect(stops.endsEarly).toBeUndefined();
    stops.push([chunk({ content: ' two\nthree' })]);
    expect(stops.endsEarly).toBe('\n');
    // What the upstream generated, the part past the sequence included, is what it bills.
    expect(stops.generated).toBe('one two\nthree');
    const closing = stops.close({ prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 });
    expect(shape(closing)).toEqual(['=stop', 'usage']);
    expect((closing[0]?.choices[0] as { stop_reason?: unknown }).stop_reason).toBe('\n');
    expect(stops.close({ prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 })).toEqual([]);
  });

  it('does not end an upstream whose finish came in the same read as the sequence', () => {
    const stops = new StreamStops(['\n']);
    stops.push([chunk({ content: 'one\ntwo' }), chunk({}, 'stop')]);
    expect(stops.endsEarly).toBeUndefined();
  });
});

describe('stopCompletion', () => {
  it('cuts the text at the first sequence and drops the tool calls after it', () => {
    const completion: ChatCompletion = {
      id: 'msg_1',
      object: 'chat.completion',
      created: 1,
      model: 'claude',
      choices: [{ index: 0, message: { role: 'assistant', content: 'One.\nTwo.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] }, finish_reason: 'tool_calls' }],
    };
    expect(stopCompletion(completion, ['\n']).choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'One.' }, finish_reason: 'stop' });
    expect(stopCompletion(completion, ['\n\n'])).toBe(completion);
    expect(stopCompletion(completion, ['Two', '\n'], true).choices[0]).toMatchObject({ finish_reason: 'stop', stop_reason: '\n' });
  });
});

describe('splitOpenAIStops', () => {
  it('sends OpenAI’s models the first 4 and holds the rest back; other servers and short lists go as they are', () => {
    const five = ['a', 'b', 'c', 'd', 'e'];
    expect(splitOpenAIStops(five, 'gpt-4.1-mini')).toEqual({ sent: ['a', 'b', 'c', 'd'], held: ['e'] });
    expect(splitOpenAIStops(five, 'qwen3-32b')).toEqual({ sent: five, held: [] });
    expect(splitOpenAIStops(['a'], 'gpt-4.1-mini')).toEqual({ sent: ['a'], held: [] });
  });
});
