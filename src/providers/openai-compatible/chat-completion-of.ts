import { billedFailure } from '../../core/billed-failure.js';
import { SwitchyardError } from '../../core/errors.js';
import { describeValue } from '../../core/format-issues.js';
import { type ChatCompletion, isJsonObject } from '../../core/openai-wire.js';

/**
 * A parsed chat completion from an OpenAI-compatible upstream, checked before the gateway reads it
 * for a translated client: `null`, a number, `choices` that is no list or a choice without a
 * message object (a proxy's answer, a broken server) was a 500 "internal error: Cannot read
 * properties of null" for an Anthropic or Gemini client. It is the upstream's fault, a retryable
 * 502 the provider bills (its 200 came), as a body that is not JSON is (`parseJson`). An id, model
 * or created of another type is not copied: those translations build their ids from the id (a
 * number was "id.startsWith is not a function").
 *
 * @example chatCompletionOf('oai', { choices: 5 }) // throws: provider "oai" sent a body that is not a chat completion (its choices are 5, not a list)
 */
export function chatCompletionOf(provider: string, body: unknown): ChatCompletion {
  const problem = !isJsonObject(body)
    ? `expected an object, got ${describeValue(body)}`
    : !Array.isArray(body.choices)
      ? `its choices are ${describeValue(body.choices)}, not a list`
      : choiceProblem(body.choices);
  if (problem !== undefined || !isJsonObject(body)) {
    throw billedFailure(new SwitchyardError('upstream_error', `provider "${provider}" sent a body that is not a chat completion (${problem})`, { status: 502, retryable: true }), 'not_json');
  }
  const completion = body as unknown as ChatCompletion;
  if (typeof completion.id === 'string' && typeof completion.model === 'string' && typeof completion.created === 'number') return completion;
  return { ...completion, id: typeof completion.id === 'string' ? completion.id : '', model: typeof completion.model === 'string' ? completion.model : '', created: typeof completion.created === 'number' ? completion.created : 0 };
}

function choiceProblem(choices: unknown[]): string | undefined {
  const at = choices.findIndex((choice) => !isJsonObject(choice) || !isJsonObject(choice.message));
  return at === -1 ? undefined : `choices[${at}] is ${describeValue(choices[at])}, not a choice with a message object`;
}
