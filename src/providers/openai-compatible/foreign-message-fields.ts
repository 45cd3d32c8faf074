/**
 * Message fields a chat client sends back that are not OpenAI's. OpenAI refuses a message field
 * it does not know (400 "Additional properties are not allowed ('…' was unexpected) -
 * 'messages.1'"); other OpenAI-compatible servers differ: DeepSeek's and Kimi's thinking modes
 * refuse a tool-call turn *without* its `reasoning_content`, and vLLM reads it back into gpt-oss's
 * reasoning channel.
 */
import type { ChatMessage } from '../../core/openai-wire.js';

/** OpenAI's own chat models; gpt-oss is open weights, served by vLLM and others. */
const OPENAI_MODEL = /^(gpt-(?!oss)|o\d|chatgpt-)/;

/**
 * The messages without what the model's server cannot take: Claude's signed thinking
 * (`thinking_blocks`, see ThinkingBlock), which means nothing to any other model, and for OpenAI's
 * own models `reasoning_content` too (LangChain, LiteLLM and the gateway's translated answers put
 * it on assistant turns; the Chat Completions API neither returns nor reads it). The same array
 * when nothing is left out, so a native body can still go as received.
 *
 * @example withoutForeignFields([{ role: 'assistant', content: 'Hi', reasoning_content: 'greet' }], 'gpt-4.1') // [{ role: 'assistant', content: 'Hi' }]
 */
export function withoutForeignFields(messages: ChatMessage[], model: string): ChatMessage[] {
  const reasoning = OPENAI_MODEL.test(model);
  const carriesForeign = (message: ChatMessage) => message.thinking_blocks !== undefined || (reasoning && message['reasoning_content'] !== undefined);
  if (!messages.some(carriesForeign)) return messages;
  return messages.map((message) => {
    if (!carriesForeign(message)) return message;
    const { thinking_blocks: _, ...rest } = message;
    if (reasoning) delete rest['reasoning_content'];
    return rest as ChatMessage;
  });
}
