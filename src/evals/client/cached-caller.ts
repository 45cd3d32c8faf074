import { contentHash } from '../datasets/content-hash.js';
import type { ResponseCache } from '../store/response-cache.js';
import type { CallTags, ChatCall, ChatResult, EmbedResult, ModelCaller } from './model-caller.js';

/**
 * A ModelCaller that answers repeated requests from the response cache. The key is the request
 * itself (model, messages, parameters, trial number), never the run or case, so a re-run or a
 * second suite asking the same thing pays once. A cached answer keeps its original cost and
 * latency (what the variant costs) and is marked `cached` (what this run paid: nothing).
 *
 * @example const caller = new CachedCaller(new GatewayClient(url), stores.responseCache);
 */
export class CachedCaller implements ModelCaller {
  hits = 0;

  constructor(
    private readonly inner: ModelCaller,
    private readonly cache: ResponseCache,
  ) {}

  async chat(call: ChatCall): Promise<ChatResult> {
    const key = `chat:${contentHash({ model: call.model, messages: call.messages, params: call.params ?? {}, trial: call.trial ?? 0 })}`;
    const hit = await this.cache.get<ChatResult>(key);
    if (hit) {
      this.hits++;
      return { ...hit, traceId: hit.traceId, cached: true };
    }
    const result = await this.inner.chat(call);
    await this.cache.put(key, result);
    return result;
  }

  async embed(model: string, inputs: string[], tags: CallTags, signal?: AbortSignal): Promise<EmbedResult> {
    const key = `embed:${contentHash({ model, inputs })}`;
    const hit = await this.cache.get<EmbedResult>(key);
    if (hit) {
      this.hits++;
      return { ...hit, cached: true };
    }
    const result = await this.inner.embed(model, inputs, tags, signal);
    await this.cache.put(key, result);
    return result;
  }
}
