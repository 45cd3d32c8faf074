import { SwitchyardError, withRenamedPaths } from '../../core/errors.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { Outcome } from '../outcome.js';
import { parseBlocks } from '../../core/sse-blocks.js';
import { parseJsonObject } from '../../core/json-text.js';
import type { Call } from '../call.js';
import type { Stage } from '../pipeline.js';
import { historyOf, inputItems, ownResponse, resolveItemReferences } from './conversation-items.js';
import { type ResponseStore, responseContext, responseOwner } from './response-store.js';
import { type ServerReasoning, serverReasoningFor, withServerReasoning } from './server-reasoning.js';
import { unsentReasoningOf } from '../client-formats/responses/encrypted-reasoning.js';
import { noteEarlierTools } from '../client-formats/responses/additional-tools.js';

// The event that carries a finished Response (JSON escapes quotes inside text: no false match).
const FINISHED = /"type":\s*"response\.(?:completed|incomplete)"/;

/**
 * The Responses API's conversation state, for every provider: a request that names
 * `previous_response_id` gets the earlier turns (input and output, not instructions) put in front
 * of its input before it is routed, so any provider, native or translated, sees the whole
 * conversation. Every completed or incomplete answer is stored (unless `store: false`) before
 * its last byte goes out, so the client's next request always finds it.
 *
 * @example composeStages([...entry, keepConversation(store, () => clock.now()), ...rest]);
 */
export function keepConversation(store: ResponseStore, now: () => number): Stage {
  return async (call, next) => {
    const owner = responseOwner(call.key);
    // Reasoning the client was not given, by item id, from the responses this turn continues.
    let kept: Record<string, string> = {};
    if (Array.isArray(call.body.input) && call.body.input.some(isItemReference)) {
      const resolved = await resolveItemReferences(store, owner, call.body.input as JsonObject[], mayTranslate(call));
      call.body = { ...call.body, input: resolved.items };
      kept = resolved.serverReasoning;
    }
    const previousId = call.body.previous_response_id;
    // How many stored items go in front of the client's input: errors name its items, not these.
    let earlier = 0;
    if (typeof previousId === 'string' && previousId !== '') {
      const previous = await ownResponse(store, owner, previousId, 'previous_response_id');
      const history = historyOf(previous);
      // Tools offered in an earlier turn (Codex's additional_tools) name this answer's calls too.
      noteEarlierTools(call.received, history);
      const { previous_response_id: _, ...rest } = call.body;
      call.body = { ...rest, input: [...history, ...inputItems(call.body.input)] };
      kept = { ...kept, ...previous.serverReasoning };
      call.decide('conversation', { previous_response_id: previousId, earlier_items: history.length });
      earlier = history.length;
    }
    // The conversation as the client sees it: later stages rewrite the body that goes upstream
    // (PII placeholders, retrieved context, a re-ask's extra turns, the reasoning kept for it
    // server-side), and none of that is the client's.
    const input = inputItems(call.body.input);
    const upstream = withServerReasoning(input, kept);
    if (upstream !== input) call.body = { ...call.body, input: upstream };
    const outcome = await nextNamingClientItems(next, earlier);
    if (call.body.store === false) return outcome;
    const remember = (response: JsonObject) => keep(store, call, input, response, { ...kept, ...unsentReasoningOf(call.received) }, now());
    if (outcome.kind === 'json' && outcome.status === 200) {
      const response = parseJsonObject(outcome.body);
      if (response) await remember(response);
      return outcome;
    }
    if (outcome.kind === 'stream') return { ...outcome, events: keepFinished(outcome.events, remember) };
    return outcome;
  };
}

const INPUT_PATH = /\binput\[(\d+)\]/g;
/** The first input path, without the global flag's state (`test` and `exec` on a /g regex move its lastIndex). */
const INPUT_AT = /\binput\[(\d+)\]/;

/**
 * Runs the rest of the pipeline, and names the input items in its error (the gateway's own
 * `input[i]`, a translated provider's, or OpenAI's for a native model) as the client sent them:
 * the upstream's input had `earlier` stored items in front of the client's, so its `input[7]` is
 * the client's `input[7 - earlier]`; a stored item is named as an earlier turn of
 * `previous_response_id`.
 */
async function nextNamingClientItems(next: () => Promise<Outcome>, earlier: number): Promise<Outcome> {
  if (earlier === 0) return next();
  const client = (i: number) => `input[${i - earlier}]`;
  const rename = (text: string) => text.replace(INPUT_PATH, (_, i: string) => (Number(i) >= earlier ? client(Number(i)) : `previous_response_id's item ${i}`));
  // A param inside a stored item is the previous_response_id the client sent.
  const renameParam = (param: string) => (Number(INPUT_AT.exec(param)?.[1] ?? earlier) < earlier ? 'previous_response_id' : rename(param));
  const renamed = (error: SwitchyardError) => (INPUT_AT.test(`${error.message}\n${error.param ?? ''}\n${error.vendorError?.message ?? ''}\n${error.vendorError?.param ?? ''}`) ? withRenamedPaths(error, rename, renameParam) : error);
  try {
    const outcome = await next();
    return outcome.kind === 'error' ? { ...outcome, error: renamed(outcome.error) } : outcome;
  } catch (error) {
    throw error instanceof SwitchyardError ? renamed(error) : error;
  }
}

async function* keepFinished(events: AsyncIterable<string>, remember: (response: JsonObject) => Promise<void>): AsyncGenerator<string> {
  for await (const piece of events) {
    if (FINISHED.test(piece)) {
      for (const event of parseBlocks(piece)) {
        if (!FINISHED.test(event.data)) continue;
        const response = parseJsonObject(event.data)?.response;
        if (response && typeof response === 'object') await remember(response as JsonObject);
      }
    }
    yield piece;
  }
}

/**
 * A store that fails costs the conversation's continuation, never the answer: the failure is
 * logged with the trace. `kept`: reasoning kept server-side, of which only the items of this
 * input and output are stored.
 */
async function keep(store: ResponseStore, call: Call, input: JsonObject[], response: JsonObject, kept: ServerReasoning, at: number): Promise<void> {
  if (response.object !== 'response' || typeof response.id !== 'string') return;
  if (response.status !== 'completed' && response.status !== 'incomplete') return;
  const output = Array.isArray(response.output) ? (response.output as JsonObject[]) : [];
  const serverReasoning = serverReasoningFor([...input, ...output], kept);
  try {
    const context = responseContext(call.session, call.input.metadata);
    await store.put({ id: response.id, owner: responseOwner(call.key), createdAt: at, input, response, ...(serverReasoning ? { serverReasoning } : {}), ...(context ? { context } : {}) });
    // A grounded answer's trace names the stored copy, so a purge of the documents finds it even
    // when traces keep no bodies (the response's id is otherwise only in the response body).
    if (call.decisions?.knowledge !== undefined) call.decide('stored_response', { id: response.id });
  } catch (error) {
    call.settleErrors.push(error);
  }
}

/**
 * Whether the call may reach a model that does not speak the Responses API natively: a route
 * (its model is picked later) or a plan with such a target. Only such a call needs an
 * `item_reference` OpenAI named put in by the gateway (a native model resolves it at OpenAI).
 */
function mayTranslate(call: Call): boolean {
  return !call.plan || call.plan.targets.some((target) => !target.provider.native.has('responses'));
}

function isItemReference(item: unknown): boolean {
  return item !== null && typeof item === 'object' && (item as JsonObject).type === 'item_reference';
}

