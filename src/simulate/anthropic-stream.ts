/**
 * Renders a message as Anthropic's event stream, in the documented order: `message_start`
 * (empty content, input usage), then per block `content_block_start`, deltas and
 * `content_block_stop` (a `ping` after the first start, as the real API sends one early),
 * then `message_delta` (stop reason, final usage) and `message_stop`.
 */
import type { MessageBlock, MessageResult } from './anthropic-messages.js';
import { namedEvent, type SseEvent } from './sse.js';

/**
 * All events of the stream, in order.
 *
 * @example renderMessageStream(result)[0]?.data.startsWith('event: message_start') // true
 */
export function renderMessageStream(result: MessageResult): SseEvent[] {
  const { usage } = result;
  const startUsage = { ...usage, output_tokens: 1 };
  const events: SseEvent[] = [
    namedEvent(
      'message_start',
      JSON.stringify({
        type: 'message_start',
        message: {
          id: result.id,
          type: 'message',
          role: 'assistant',
          model: result.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: startUsage,
        },
      }),
      false,
    ),
  ];
  result.blocks.forEach((block, index) => {
    events.push(namedEvent('content_block_start', `{"type":"content_block_start","index":${index},"content_block":${blockStart(block)}}`, false));
    if (index === 0) events.push(namedEvent('ping', '{"type": "ping"}', false));
    // A cited text block's citations come as deltas of their own, before its text.
    if (block.type === 'text') for (const citation of block.citations ?? []) {
      events.push(namedEvent('content_block_delta', `{"type":"content_block_delta","index":${index},"delta":${JSON.stringify({ type: 'citations_delta', citation })}}`, false));
    }
    for (const delta of blockDeltas(block)) {
      events.push(namedEvent('content_block_delta', `{"type":"content_block_delta","index":${index},"delta":${delta}}`, true));
    }
    if (block.type === 'thinking') {
      const signature = JSON.stringify({ type: 'signature_delta', signature: block.signature });
      events.push(namedEvent('content_block_delta', `{"type":"content_block_delta","index":${index},"delta":${signature}}`, false));
    }
    events.push(namedEvent('content_block_stop', `{"type":"content_block_stop","index":${index}}`, false));
  });
  const delta = {
    type: 'message_delta',
    delta: { stop_reason: result.stopReason, stop_sequence: result.stopSequence },
    usage: {
      input_tokens: usage.input_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens,
      output_tokens: usage.output_tokens,
      ...(usage.output_tokens_details ? { output_tokens_details: usage.output_tokens_details } : {}),
      ...(usage.server_tool_use ? { server_tool_use: usage.server_tool_use } : {}),
    },
  };
  events.push(namedEvent('message_delta', JSON.stringify(delta), false));
  events.push(namedEvent('message_stop', '{"type":"message_stop"}', false));
  return events;
}

function blockStart(block: MessageBlock): string {
  switch (block.type) {
    case 'thinking':
      return '{"type":"thinking","thinking":"","signature":""}';
    case 'text':
      return block.citations ? '{"type":"text","text":"","citations":[]}' : '{"type":"text","text":""}';
    case 'server_tool_use':
      return `{"type":"server_tool_use","id":${JSON.stringify(block.id)},"name":"web_search","input":{}}`;
    case 'web_search_tool_result':
      // The result arrives whole in its start event; no deltas follow.
      return JSON.stringify({ type: 'web_search_tool_result', tool_use_id: block.tool_use_id, content: block.content });
    default:
      return `{"type":"tool_use","id":${JSON.stringify(block.id)},"name":${JSON.stringify(block.name)},"input":{}}`;
  }
}

function blockDeltas(block: MessageBlock): string[] {
  switch (block.type) {
    case 'thinking':
      return block.omitted ? [] : block.pieces.map((piece) => `{"type":"thinking_delta","thinking":${JSON.stringify(piece)}}`);
    case 'text':
      return block.pieces.map((piece) => `{"type":"text_delta","text":${JSON.stringify(piece)}}`);
    case 'web_search_tool_result':
      return [];
    default:
      // The real stream opens tool input with an empty partial_json before the pieces.
      return ['', ...block.pieces].map((piece) => `{"type":"input_json_delta","partial_json":${JSON.stringify(piece)}}`);
  }
}
