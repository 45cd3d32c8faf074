import { describe, expect, it } from 'vitest';
// The built code: the worker thread only exists as compiled JavaScript (npm test builds first).
import { CapturedStream } from '../../dist/gateway/captured-stream.js';
import { StreamRebuilder } from '../../dist/gateway/stream-rebuilder.js';
import { JsonText } from '../../dist/core/json-text.js';
import { sampleTrace } from '../../src/test-support/sample-trace.js';

const chunk = (content: string) => JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] });

describe('StreamRebuilder (compiled, with its worker thread)', () => {
  it('rebuilds captured streams in the worker and leaves other traces alone', async () => {
    const rebuilder = new StreamRebuilder();
    try {
      const streamed = sampleTrace({ stream: true, response: new CapturedStream('openai', [`data: ${chunk('Hel')}\n\ndata: ${chunk('lo')}\n\n`, 'data: [DONE]\n\n']) });
      const plain = sampleTrace({ response: { kept: true } });
      const anthropic = sampleTrace({
        response: new CapturedStream('anthropic', [
          'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"c","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}\n\n',
          'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\nevent: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
        ]),
      });
      expect(rebuilder.threaded).toBe(false);
      await rebuilder.finish([streamed, plain, anthropic]);
      expect(rebuilder.threaded).toBe(true);
      expect(streamed.response).toBeInstanceOf(JsonText);
      expect(JSON.parse((streamed.response as JsonText).text)).toMatchObject({ choices: [{ message: { content: 'Hello' } }] });
      expect(JSON.parse((anthropic.response as JsonText).text)).toMatchObject({ content: [{ type: 'text', text: 'Hi' }] });
      expect(plain.response).toEqual({ kept: true });
    } finally {
      await rebuilder.close();
    }
  });
});
