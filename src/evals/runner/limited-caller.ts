import type { CallTags, ChatCall, ChatResult, EmbedResult, ModelCaller } from '../client/model-caller.js';
import { Semaphore } from './limit-concurrency.js';

/**
 * Bounds the model calls of a run (variants, judges and embeddings together) to the suite's
 * concurrency, so a judge-heavy suite cannot flood a provider's rate limit.
 *
 * @example const caller = new LimitedCaller(inner, 8);
 */
export class LimitedCaller implements ModelCaller {
  private readonly gate: Semaphore;

  constructor(
    private readonly inner: ModelCaller,
    concurrency: number,
  ) {
    this.gate = new Semaphore(concurrency);
  }

  chat(call: ChatCall): Promise<ChatResult> {
    return this.gate.run(() => this.inner.chat(call));
  }

  embed(model: string, inputs: string[], tags: CallTags, signal?: AbortSignal): Promise<EmbedResult> {
    return this.gate.run(() => this.inner.embed(model, inputs, tags, signal));
  }
}
