import { describe, expect, it } from 'vitest';
import type { ChatCompletion, ChatCompletionRequest } from '../../core/openai-wire.js';
import { createPiiDetector } from '../pii/create-pii-detector.js';
import { piiPolicySchema } from './policy.js';
import { redactAnthropicRequest } from './redact-anthropic-request.js';
import { redactChatRequest } from './redact-chat-request.js';
import { redactResponsesRequest } from './redact-responses-request.js';
import { restoreChatCompletion, restoreText } from './restore.js';

const detector = createPiiDetector({ nameTagger: false });
const policy = piiPolicySchema.parse({});

describe('piiPolicySchema', () => {
  it('names an unknown entity type and lists the known ones', () => {
    const result = piiPolicySchema.safeParse({ entities: { EMAIL: 'redact', PASSPORT: 'block' } });
    expect(result.success).toBe(false);
    const message = result.error?.issues.map((i) => i.message).join('\n') ?? '';
    expect(message).toMatch(/unknown PII entity type "PASSPORT"/);
    expect(message).toMatch(/known: EMAIL, PHONE, CREDIT_CARD/);
  });

  it('names an unknown action and lists the known ones', () => {
    const result = piiPolicySchema.safeParse({ default_action: 'mask' });
    expect(result.error?.issues[0]?.message).toBe('unknown PII action "mask" (known: redact, block, allow, flag)');
  });

  it('defaults to redacting everything', () => {
    expect(piiPolicySchema.parse({})).toEqual({ entities: {}, default_action: 'redact', allow: [] });
  });
});

describe('redactChatRequest', () => {
  const request: ChatCompletionRequest = {
    model: 'm',
    messages: [
      { role: 'system', content: 'Support desk. Escalate to help@acme.example.' },
      { role: 'user', content: [{ type: 'text', text: 'Mail jo@example.com, card 4111 1111 1111 1111, again jo@example.com' }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'lookup', arguments: '{"email":"ann@example.org","n":2}' } }] },
      { role: 'tool', tool_call_id: 't1', content: 'found ann@example.org, IBAN DE89370400440532013000' },
    ],
  };

  it('replaces values with stable placeholders everywhere and leaves the input untouched', () => {
    const allowHelp = piiPolicySchema.parse({ allow: ['HELP@acme.example'] });
    const { request: out, vault, outcome } = redactChatRequest(request, allowHelp, detector);
    expect(out.messages[0]?.content).toBe('Support desk. Escalate to help@acme.example.');
    expect(out.messages[1]?.content).toEqual([{ type: 'text', text: 'Mail <EMAIL_1>, card <CREDIT_CARD_1>, again <EMAIL_1>' }]);
    expect(JSON.parse(out.messages[2]?.tool_calls?.[0]?.function.arguments ?? '')).toEqual({ email: '<EMAIL_2>', n: 2 });
    expect(out.messages[3]?.content).toBe('found <EMAIL_2>, IBAN <IBAN_1>');
    expect(vault.originalOf('<EMAIL_2>')).toBe('ann@example.org');
    expect(outcome).toEqual({ blocked: false, blockedTypes: [], flagged: false, flaggedTypes: [], redactedCount: 6 });
    expect(request.messages[3]?.content).toBe('found ann@example.org, IBAN DE89370400440532013000');
  });

  it('redacts tool-call arguments nested too deep to walk as text, still valid JSON', () => {
    const args = `{"to":"ann@example.org","deep":${'['.repeat(10_000)}"jo@example.com"${']'.repeat(10_000)}}`;
    const deep: ChatCompletionRequest = { model: 'm', messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: args } }] }] };
    const out = redactChatRequest(deep, piiPolicySchema.parse({}), detector).request.messages[0]?.tool_calls?.[0]?.function.arguments ?? '';
    expect(out.startsWith('{"to":"<EMAIL_1>","deep":[[[')).toBe(true);
    expect(out).toContain('"<EMAIL_2>"');
    expect(() => JSON.parse(out)).not.toThrow();
  });

  it('blocks with the entity types that caused it and flags others', () => {
    const strict = piiPolicySchema.parse({ entities: { CREDIT_CARD: 'block', IBAN: 'flag', EMAIL: 'allow' } });
    const { outcome, findings } = redactChatRequest(request, strict, detector);
    expect(outcome.blocked).toBe(true);
    expect(outcome.blockedTypes).toEqual(['CREDIT_CARD']);
    expect(outcome.flaggedTypes).toEqual(['IBAN']);
    expect(findings.find((f) => f.type === 'IBAN')?.path).toBe('messages[3].content');
  });

  it('redacts inside inline text files and reports each file as sent and as redacted', () => {
    const data = Buffer.from('Reach me at jo@example.com', 'utf8').toString('base64');
    const pdf = { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=' } };
    const { request: out, files } = redactChatRequest(
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'n.txt', file_data: `data:text/plain;base64,${data}` } }, pdf] }] },
      policy,
      detector,
    );
    const parts = out.messages[0]?.content as unknown as { file: { file_data: string; filename?: string } }[];
    const redacted = parts[0]?.file.file_data.split(',')[1] ?? '';
    expect(Buffer.from(redacted, 'base64').toString('utf8')).toBe('Reach me at <EMAIL_1>');
    expect(parts[0]?.file.filename).toBe('n.txt');
    expect(parts[1]).toBe(pdf);
    expect(files).toEqual([[data, redacted]]);
  });
});

describe('restore', () => {
  it('restores completion content and keeps tool-call arguments valid JSON with quotes and backslashes', () => {
    const request: ChatCompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'connect with https://bob:p"a\\ss@db.example.com' }] };
    const { request: redacted, vault } = redactChatRequest(request, policy, detector);
    expect(redacted.messages[0]?.content).toBe('connect with https://<URL_CREDENTIALS_1>@db.example.com');
    const completion: ChatCompletion = {
      id: 'c', object: 'chat.completion', created: 0, model: 'm',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: 'Saved <URL_CREDENTIALS_1>.', tool_calls: [{ id: 'x', type: 'function', function: { name: 'save', arguments: '{"value":"<URL_CREDENTIALS_1>","other":"<PERSON_9>"}' } }] } }],
    };
    const restored = restoreChatCompletion(completion, vault);
    expect(restored.choices[0]?.message.content).toBe('Saved bob:p"a\\ss.');
    const args = JSON.parse(restored.choices[0]?.message.tool_calls?.[0]?.function.arguments ?? '');
    expect(args).toEqual({ value: 'bob:p"a\\ss', other: '<PERSON_9>' });
  });

  it('leaves text without placeholders as it is', () => {
    const { vault } = redactChatRequest({ model: 'm', messages: [{ role: 'user', content: 'jo@example.com' }] }, policy, detector);
    expect(restoreText('a < b and <EMAIL_1>', vault)).toBe('a < b and jo@example.com');
  });
});

describe('redactAnthropicRequest', () => {
  it('redacts the body as sent and gives thinking blocks back the placeholders of the earlier turns, never touching signatures', () => {
    const note = Buffer.from('Call jo@example.com', 'utf8').toString('base64');
    const body = {
      model: 'claude',
      max_tokens: 100,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      system: [{ type: 'text', text: 'Escalate to help@acme.example', cache_control: { type: 'ephemeral' } }],
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
      messages: [
        { role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'text/plain', data: note } }, { type: 'text', text: 'Mail jo@example.com' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'They mean jo@example.com, not help@acme.example.', signature: 'c2ln' },
            { type: 'tool_use', id: 't1', name: 'send', input: { to: 'jo@example.com' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'sent to jo@example.com' }] }] },
      ],
    };
    const { body: out, files, outcome } = redactAnthropicRequest(body, policy, detector);
    const messages = out.messages as { content: Record<string, unknown>[] }[];
    expect(out.system).toEqual([{ type: 'text', text: 'Escalate to <EMAIL_1>', cache_control: { type: 'ephemeral' } }]);
    expect(Buffer.from(String((messages[0]?.content[0]?.source as { data: string }).data), 'base64').toString('utf8')).toBe('Call <EMAIL_2>');
    expect(messages[0]?.content[1]).toEqual({ type: 'text', text: 'Mail <EMAIL_2>' });
    expect(messages[1]?.content[0]).toEqual({ type: 'thinking', thinking: 'They mean <EMAIL_2>, not <EMAIL_1>.', signature: 'c2ln' });
    expect(messages[1]?.content[1]).toMatchObject({ input: { to: '<EMAIL_2>' } });
    expect(messages[2]?.content[0]).toMatchObject({ content: [{ type: 'text', text: 'sent to <EMAIL_2>' }] });
    expect([out.thinking, out.tools]).toEqual([body.thinking, body.tools]);
    expect(files).toHaveLength(1);
    expect(outcome.redactedCount).toBe(5);
    expect(JSON.stringify(body)).toContain('Mail jo@example.com');
  });
});

describe('redactResponsesRequest', () => {
  const file = `data:text/plain;base64,${Buffer.from('Contact jo@example.com').toString('base64')}`;
  const request = {
    model: 'm',
    instructions: 'Escalate to help@acme.example.',
    tools: [{ type: 'web_search' }],
    input: [
      { role: 'user', content: [{ type: 'input_text', text: 'Mail jo@example.com' }, { type: 'input_file', filename: 'a.txt', file_data: file }, { type: 'input_file', file_id: 'file-1' }] },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Write to jo@example.com.' }], encrypted_content: 'opaque' },
      { type: 'function_call', call_id: 'c1', name: 'lookup', arguments: '{"email":"ann@example.org"}' },
      { type: 'function_call_output', call_id: 'c1', output: 'found ann@example.org' },
      { type: 'item_reference', id: 'msg_9' },
    ],
  };

  it('redacts instructions, text parts, text files, call arguments and outputs, and keeps what only the Responses API understands', () => {
    const before = JSON.stringify(request);
    const { body, vault, outcome, files } = redactResponsesRequest(request, policy, detector);
    expect(JSON.stringify(request)).toBe(before);
    expect(body.instructions).toBe('Escalate to <EMAIL_1>.');
    const input = body.input as Record<string, unknown>[];
    expect(input[0]?.content).toEqual([
      { type: 'input_text', text: 'Mail <EMAIL_2>' },
      { type: 'input_file', filename: 'a.txt', file_data: `data:text/plain;base64,${Buffer.from('Contact <EMAIL_2>').toString('base64')}` },
      { type: 'input_file', file_id: 'file-1' },
    ]);
    expect(input[2]?.arguments).toBe('{"email":"<EMAIL_3>"}');
    expect(input[3]?.output).toBe('found <EMAIL_3>');
    expect(input[4]).toEqual({ type: 'item_reference', id: 'msg_9' });
    expect(body.tools).toEqual([{ type: 'web_search' }]);
    expect(outcome.redactedCount).toBe(5);
    expect(files).toHaveLength(1);
    expect(vault.originalOf('<EMAIL_3>')).toBe('ann@example.org');
  });

  it('gives a reasoning summary back the placeholders the provider was sent, without detecting anew', () => {
    const { body } = redactResponsesRequest(request, policy, detector);
    expect((body.input as { summary?: unknown }[])[1]?.summary).toEqual([{ type: 'summary_text', text: 'Write to <EMAIL_2>.' }]);
    // A value this request never redacted stays as the provider wrote it.
    const { body: alone } = redactResponsesRequest({ model: 'm', input: [request.input[1] as Record<string, unknown>] }, policy, detector);
    expect((alone.input as { summary?: unknown }[])[0]?.summary).toEqual([{ type: 'summary_text', text: 'Write to jo@example.com.' }]);
  });

  it('redacts a plain string input', () => {
    expect(redactResponsesRequest({ model: 'm', input: 'Mail jo@example.com' }, policy, detector).body.input).toBe('Mail <EMAIL_1>');
  });
});
