import type { JsonObject } from '../core/openai-wire.js';
import type { CallOptions } from './spec.js';

/**
 * A same-format request body for the upstream: the client's body with the provider's name for
 * the model. When nothing changed it is the client's own text (`options.bodyText`), sent as
 * received instead of serialised again, as the JSON floor proxy does: re-serialising cost a
 * spread and a `JSON.stringify` of the whole body on every request, growing with the
 * conversation.
 *
 * @example nativeBody({ model: 'small', messages }, { model: 'small', bodyText, … }) // bodyText itself
 */
export function nativeBody(body: JsonObject, options: Pick<CallOptions, 'model' | 'bodyText'>): string {
  return options.bodyText !== undefined && body.model === options.model ? options.bodyText : JSON.stringify({ ...body, model: options.model });
}
