/**
 * Output items of a Response that a chat completion has no place for, and that the client would
 * have to act on: a computer action to take (`computer_call`, computer-use-preview's answer), a
 * shell command to run, a patch to apply, a custom tool's call, an MCP call waiting for approval,
 * a generated image. Read back into chat they were dropped, and the client got an empty answer
 * with `finish_reason: "stop"`, as though the model had nothing to say. They fail the call
 * instead, naming the item and where it can be had: the Responses API itself, through a provider
 * with `responses: native`. (LiteLLM's bridge also drops them and fails only when nothing else
 * is left; here the answer would be wrong even beside text.)
 *
 * Items that record the model's own work (`file_search_call`, `code_interpreter_call`,
 * `mcp_call`, `mcp_list_tools`) are passed over: what they found is in the text. A web search and
 * reasoning are read (`from-response.ts`).
 */
import { billedFailure } from '../../../core/billed-failure.js';
import { clip } from '../../../core/clip.js';
import { SwitchyardError } from '../../../core/errors.js';

/** Each item chat cannot carry, as the client would have to take it. */
const CLIENT_ITEMS: Readonly<Record<string, string>> = {
  computer_call: 'a computer action for the client to take',
  local_shell_call: 'a shell command for the client to run',
  shell_call: 'a shell command for the client to run',
  apply_patch_call: 'a patch for the client to apply',
  custom_tool_call: "a call of a custom tool, which chat's function calls cannot hold",
  mcp_approval_request: 'an MCP call waiting for the client to approve it',
  image_generation_call: 'a generated image',
};

/**
 * The code such an error carries (OpenAI's `error.code` for an OpenAI-format client): the gateway's
 * own, as no vendor has one for it.
 */
export const UNREADABLE_ITEM = 'unsupported_output_item';

/**
 * The error for an output item of `type` a chat completion cannot carry, or undefined for one it
 * can (or may pass over): a 502 that is not retried (the model would answer alike). The provider
 * billed the answer, so the attempt is booked, its trace entry saying why (`unreadable_item`: it
 * read "not JSON" until 2026-12-07, though the body was a well-formed Response); the target
 * answered as asked, so its circuit is left alone (`isUnreadableItem`).
 *
 * @example unreadableItem('openai', 'computer-use-preview', 'computer_call')?.message
 * // 'provider "openai" answered with a computer_call item (a computer action for the client to take), which a chat completion has no place for: call computer-use-preview on /v1/responses …'
 */
export function unreadableItem(provider: string, model: string, type: unknown): SwitchyardError | undefined {
  const what = typeof type === 'string' && Object.hasOwn(CLIENT_ITEMS, type) ? CLIENT_ITEMS[type] : undefined;
  if (what === undefined) return undefined;
  // The model as the upstream named it: its text, held to a size a message can show.
  const named = model === '' ? 'the model' : clip(model, 100);
  return billedFailure(
    new SwitchyardError(
      'upstream_error',
      `provider "${provider}" answered with a ${type as string} item (${what}), which a chat completion has no place for: call ${named} on /v1/responses through a provider with responses: native, where the item comes as OpenAI sent it`,
      { status: 502, retryable: false, vendorCode: UNREADABLE_ITEM },
    ),
    'unreadable_item',
  );
}

/**
 * Whether `error` is an answer the client's format has no place for (`unreadableItem`): the
 * target answered, and its health is as it was.
 */
export function isUnreadableItem(error: SwitchyardError): boolean {
  return error.code === 'upstream_error' && error.vendorCode === UNREADABLE_ITEM;
}
