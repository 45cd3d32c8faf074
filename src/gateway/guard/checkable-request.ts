import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletionRequest, JsonObject } from '../../core/openai-wire.js';
import type { Call } from '../call.js';
import { canonicalOf } from '../call-features.js';
import { codecFor } from '../client-formats/index.js';

/** The request as the guards read it. */
export interface CheckableRequest {
  request: ChatCompletionRequest;
  /**
   * False when parts the canonical format cannot carry (an Anthropic server tool, a document by
   * URL, a Responses built-in tool or item reference) were left out to read the rest: such a
   * request can be checked, but a redacted copy of it cannot be sent.
   */
  exact: boolean;
  /** What was left out, by the error that named it (its `param` and message). */
  skipped: SwitchyardError[];
}

/** A request cannot lose more parts than this and still be worth checking. */
const MAX_SKIPPED = 32;

/**
 * The canonical request for the guards' checks. Usually the call's own canonical request; when
 * the client's request holds something only a native provider understands, the conversion fails
 * naming the part (`param`), and that part is left out of a copy until the rest converts. Tools
 * carry no text to check; a content part left out is reported, so the policy's `attachments.files`
 * rule governs it like any part the guards cannot read.
 *
 * @example const { request, exact } = checkableRequest(call);
 */
export function checkableRequest(call: Call): CheckableRequest {
  try {
    return { request: canonicalOf(call), exact: true, skipped: [] };
  } catch (error) {
    if (!isSkippable(error)) throw error;
  }
  const codec = codecFor(call.input.format);
  const body = structuredClone(call.body);
  const skipped: SwitchyardError[] = [];
  for (;;) {
    try {
      return { request: codec.toCanonical(body), exact: false, skipped };
    } catch (error) {
      if (!isSkippable(error) || skipped.length >= MAX_SKIPPED || !removeAt(body, error.param)) throw error;
      skipped.push(error);
    }
  }
}

/** Whether a skipped part was content (a document, an image, an input item) rather than a tool or setting. */
export function isContentPart(error: SwitchyardError): boolean {
  return /^(messages|input)\[/.test(error.param ?? '');
}

function isSkippable(error: unknown): error is SwitchyardError & { param: string } {
  return error instanceof SwitchyardError && error.code === 'unsupported' && typeof error.param === 'string' && error.param !== '';
}

/**
 * Removes what a param names: the innermost array element on its path (`tools[0].type` removes
 * `tools[0]`; `messages[1].content[0]` removes that block), or the top-level field (`tool_choice`).
 */
function removeAt(body: JsonObject, param: string): boolean {
  const steps = [...param.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? (m[1] as string) : Number(m[2])));
  const lastIndex = steps.findLastIndex((s) => typeof s === 'number');
  if (lastIndex < 0) {
    const key = steps[0];
    if (typeof key !== 'string' || !(key in body)) return false;
    delete body[key];
    return true;
  }
  let parent: unknown = body;
  for (const step of steps.slice(0, lastIndex)) {
    parent = (parent as Record<string | number, unknown> | undefined)?.[step];
    if (parent === undefined || parent === null || typeof parent !== 'object') return false;
  }
  const index = steps[lastIndex] as number;
  if (!Array.isArray(parent) || index >= parent.length) return false;
  parent.splice(index, 1);
  return true;
}
