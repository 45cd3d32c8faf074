import { temperatureOutOfRange } from '../core/openai-temperature.js';
import { invalidRequest, SwitchyardError } from '../core/errors.js';
import type { z } from 'zod';
import { closestName, describeValue, formatIssues, formatPath } from '../core/format-issues.js';
import { clip, quoteClipped } from '../core/clip.js';
import { type JsonObject, MAX_EMBEDDING_INPUTS } from '../core/openai-wire.js';
import { anthropicMessagesRequestSchema, openaiChatRequestSchema, openaiEmbeddingsRequestSchema, responsesRequestSchema } from '../core/wire-schemas.js';
import type { ClientFormat } from '../core/formats.js';
import { checkBodyMetadata } from './body-metadata.js';
import { listsCutTo, longestList } from './array-prefixes.js';
import { deepestIndex, firstIssues, type RawIssue } from '../core/first-issues.js';

/** OpenAI's code for a required field that is absent or of the wrong type. */
function missingOrInvalid(value: unknown): string {
  return value === undefined ? 'missing_required_parameter' : 'invalid_type';
}

/**
 * A field the request needs: absent, it "is required" (saying what it holds); present but wrong,
 * the message says what was expected and what came, as the schema's messages do, without calling
 * a field the client did send "required". `shown` is the value as sent when `value` counts an
 * empty one as absent (a `model` of "").
 *
 * @example requiredField('messages', { expected: 'array', holds: 'an array of messages' }, 'hi') // invalid request: messages: expected array, got "hi"
 */
export function requiredField(param: string, want: { expected: string; holds: string }, value: unknown, shown: unknown = value, body?: JsonObject): SwitchyardError {
  if (value === undefined) return invalidRequest(param, `"${param}" is required: ${want.holds}, got ${describeValue(shown)}${body ? misspelt(body, param) : ''}`, 'missing_required_parameter');
  return invalidRequest(param, `invalid request: ${param}: expected ${want.expected}, got ${describeValue(shown)}`, 'invalid_type');
}

/**
 * A body field that is `param` but for case or spaces around it ("Model", "model "): named, since
 * "model is required, got nothing" sent a client that did send one looking elsewhere.
 */
function misspelt(body: JsonObject, param: string): string {
  const twin = Object.keys(body).find((key) => key !== param && key.length < param.length + 100 && key.trim().toLowerCase() === param);
  return twin === undefined ? '' : `; the body has ${quoteClipped(twin, 40)}: field names are case-sensitive and exact`;
}

const MODEL = { expected: 'string (a configured model name)', holds: 'a configured model name (a string)' };

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value;
}

/**
 * For a body without `messages` that carries another API's text field: the field a newcomer's
 * example came with (`prompt` from the legacy completions API, `input` from the Responses API,
 * `contents` from Gemini's), and where it goes instead.
 *
 * @example otherApisField({ prompt: 'Hi' }, undefined) // ' ("prompt" is the legacy completions API\'s field: send messages: [{"role": "user", "content": …}])'
 */
function otherApisField(body: JsonObject, messages: unknown): string {
  if (messages !== undefined) return '';
  if (body.prompt !== undefined) return ' ("prompt" is the legacy completions API\'s field: send messages: [{"role": "user", "content": …}])';
  if (body.input !== undefined) return ' ("input" is the Responses API\'s field: POST it to /v1/responses, or send messages here)';
  if (body.contents !== undefined) return ' ("contents" is the Gemini API\'s field: send messages: [{"role": "user", "content": …}])';
  return '';
}

/**
 * The checks the gateway needs before it can route: the rest of the body is the provider's to
 * judge, and its 400 reaches the client unchanged.
 */
export function validateChatBody(format: Exclude<ClientFormat, 'responses'>, body: JsonObject): void {
  if (typeof body.model !== 'string' || body.model === '') {
    throw requiredField('model', MODEL, body.model === '' ? undefined : body.model, body.model, body);
  }
  const messages = body.messages;
  if (!Array.isArray(messages)) throw requiredField('messages', { expected: 'array', holds: `an array of messages${otherApisField(body, messages)}` }, messages, messages, body);
  const roles = format === 'openai' ? OPENAI_ROLES : ANTHROPIC_ROLES;
  messages.forEach((message: unknown, i) => {
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      throw invalidRequest(`messages[${i}]`, `messages[${i}] must be an object with "role" and "content", got ${describe(message)}`, 'invalid_type');
    }
    const role = (message as { role?: unknown }).role;
    if (typeof role !== 'string' || !roles.includes(role)) {
      throw invalidRequest(`messages[${i}].role`, `messages[${i}].role must be one of ${roles.join(', ')}, got ${role === undefined ? 'nothing' : describeValue(role)}${roleMeant(role, roles)}`, role === undefined ? 'missing_required_parameter' : 'invalid_value');
    }
  });
  if (format === 'openai' && messages.length === 0) throw invalidRequest('messages', '"messages" must contain at least one message', 'empty_array');
  if (format === 'anthropic' && (typeof body.max_tokens !== 'number' || body.max_tokens < 1)) {
    throw requiredField('max_tokens', { expected: 'a positive integer', holds: 'a positive integer' }, body.max_tokens, body.max_tokens, body);
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    throw invalidRequest('stream', `"stream" must be a boolean, got ${JSON.stringify(body.stream)}`, 'invalid_type');
  }
  if (format === 'anthropic' && body.thread !== undefined && body.thread !== null) refuseThread();
  if (format === 'openai' && typeof body.tool_choice === 'string') checkToolChoiceName(body.tool_choice);
  checkSchema(format === 'openai' ? openaiChatRequestSchema : anthropicMessagesRequestSchema, body);
  if (body.metadata !== undefined) checkBodyMetadata(body.metadata, format);
  if (format === 'openai') checkRequiredByType(body);
  else checkMessagesApiRules(body);
}

/**
 * What the Messages API refuses whatever the model, in its words (as the simulator has them):
 * an OpenAI or Gemini model behind an Anthropic client would otherwise answer (an empty
 * conversation gets OpenAI's words about `messages`), so the client's mistake would show only on
 * Claude. Thinking's `max_tokens` above the budget is left to Claude: the interleaved-thinking
 * beta, a header, lifts it.
 */
function checkMessagesApiRules(body: JsonObject): void {
  if (Array.isArray(body.messages) && body.messages.length === 0) throw invalidRequest('messages', 'messages: at least one message is required');
  if (typeof body.temperature === 'number' && body.temperature > 1) throw invalidRequest('temperature', 'temperature: Input should be a number between 0 and 1');
  const thinking = body.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  if (thinking === undefined) return;
  if (!THINKING_TYPES.has(thinking.type as string)) {
    throw invalidRequest('thinking.type', `thinking: Input tag '${clip(String(thinking.type), 100)}' found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'`);
  }
  if (thinking.type === 'enabled') {
    // A translated model turns the budget into an effort: none at all was read as no thinking
    // there, where Claude refuses it (the schema has typed it an integer).
    const budget = thinking.budget_tokens;
    if (budget === undefined) throw invalidRequest('thinking.budget_tokens', 'thinking.enabled.budget_tokens: Field required');
    if (typeof budget === 'number' && budget < 1024) throw invalidRequest('thinking.budget_tokens', 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
  }
}

const THINKING_TYPES: ReadonlySet<string> = new Set(['enabled', 'disabled', 'adaptive']);

/**
 * `tool_choice: "any"`, refused with the fix: "any" is Mistral's name (its SDK's `toolChoice:
 * "any"`, sent as it is) and Anthropic's (`{"type": "any"}`) for OpenAI's "required"; the
 * schema's union said only `tool_choice: expected object, got "any"`.
 */
function checkToolChoiceName(choice: string): void {
  if (choice !== 'any') return;
  throw invalidRequest(
    'tool_choice',
    'invalid request: tool_choice: "any" is not one of "none", "auto", "required" or a tool object: "any" is Mistral\'s and Anthropic\'s name for making the model call a tool, the OpenAI API\'s is "required" (Mistral\'s SDK takes toolChoice: "required" too)',
    'invalid_value',
  );
}

/**
 * What OpenAI's API requires of a function tool (its `function`) and of a `json_schema`
 * response format (its `json_schema`, named), which the schema leaves optional because other
 * types go without: a translation for Claude or Gemini would otherwise send no tool at all, or
 * answer in free JSON. Plain checks after the schema's (which typed these fields where present),
 * not per-type refinements in the schema: those took validating a body with five tools and a
 * json_schema format from 1.6 to 5.3 µs; these loops take about 25 ns.
 */
function checkRequiredByType(body: JsonObject): void {
  const temperature = typeof body.temperature === 'number' ? temperatureOutOfRange(body.temperature) : undefined;
  if (temperature) throw invalidRequest('temperature', temperature.message, temperature.code);
  const tools = body.tools;
  if (Array.isArray(tools)) {
    if (tools.length === 0) throw emptyTools();
    for (let i = 0; i < tools.length; i++) {
      const tool = tools[i] as { type: string; function?: unknown };
      if (tool.type === 'function' && tool.function === undefined) throw requiredField(`tools[${i}].function`, FUNCTION, undefined);
    }
  }
  if (body.tool_choice !== undefined && body.tool_choice !== null && !(Array.isArray(tools) && tools.length > 0)) throw toolChoiceWithoutTools();
  if (body.top_logprobs !== undefined && body.top_logprobs !== null && body.logprobs !== true) throw topLogprobsWithoutLogprobs();
  // OpenAI's refusal, in its words and with no code; Claude and Gemini translations would answer.
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
    throw invalidRequest('stream_options', "The 'stream_options' parameter is only allowed when 'stream' is enabled.", null);
  }
  const format = body.response_format as { type: string; json_schema?: unknown } | undefined;
  if (format?.type !== 'json_schema') return;
  const spec = format.json_schema;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw requiredField('response_format.json_schema', JSON_SCHEMA, spec);
  const name = (spec as { name?: unknown }).name;
  if (typeof name !== 'string') throw requiredField('response_format.json_schema.name', SCHEMA_NAME, name);
  // OpenAI refuses a schema that is not an object; sent on, the translations met it in their own
  // terms (the Responses API's `text.format.schema`, a field the client never wrote).
  const schema = (spec as { schema?: unknown }).schema;
  if (schema !== undefined && schema !== null && (typeof schema !== 'object' || Array.isArray(schema))) throw requiredField('response_format.json_schema.schema', SCHEMA_BODY, schema);
}

const FUNCTION = { expected: 'object', holds: 'the function (an object with its name and parameters)' };
const JSON_SCHEMA = { expected: 'object', holds: 'the schema and its name (an object)' };
const SCHEMA_NAME = { expected: 'string', holds: 'a name for the schema (a string)' };
const SCHEMA_BODY = { expected: 'object', holds: 'the JSON schema the answer follows (an object)' };

/**
 * OpenAI refuses any `tool_choice` ("none" too) in a request without tools, in these words, with
 * `param: "tool_choice"` and no code. The Claude and Gemini translations would drop it and
 * answer, so an application tried against those learns of its bug only on an OpenAI model.
 */
function toolChoiceWithoutTools(): SwitchyardError {
  return invalidRequest('tool_choice', "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", null);
}

/**
 * OpenAI requires `logprobs: true` with `top_logprobs` (its API reference says so) and refuses the
 * request otherwise, in these words; Claude and Gemini translations would answer without log
 * probabilities, so the mistake would show only on an OpenAI model.
 */
function topLogprobsWithoutLogprobs(): SwitchyardError {
  return invalidRequest('top_logprobs', "Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is specified.", null);
}

/**
 * OpenAI refuses `tools: []` in these words (code `empty_array`), checked before `tool_choice`;
 * Claude, Gemini and the translations would answer, so an application that sends an empty list
 * learns of it only on an OpenAI model.
 */
function emptyTools(): SwitchyardError {
  return invalidRequest('tools', "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'empty_array');
}

/**
 * Message threads (`thread`, beta `message-threads-2026-08-12`) keep the conversation on the
 * server, and a `continue` sends only the new turn: a gateway that routes each turn afresh (and
 * guards, caches and traces whole conversations) cannot serve that. Anthropic's own refusal,
 * `thread_unsupported_request`, has the SDK's tool runner send the full history without `thread`.
 */
function refuseThread(): never {
  throw new SwitchyardError(
    'unsupported',
    '"thread" (message threads) is not supported by this gateway: send the whole conversation in "messages" without "thread"',
    { param: 'thread', errorDetails: { error_code: 'thread_unsupported_request' } },
  );
}

/**
 * The role a wrong one meant: a typo's nearest, or another API's word for it (Gemini's `model`,
 * LangChain's `human` and `ai`).
 *
 * @example roleMeant('model', OPENAI_ROLES) // ' (did you mean "assistant"? "model" is the Gemini API\'s word for it)'
 */
function roleMeant(role: unknown, roles: readonly string[]): string {
  if (typeof role !== 'string' || role.length > 40) return '';
  const other = OTHER_APIS_ROLES[role.toLowerCase()];
  if (other) return ` (did you mean "${other[0]}"? "${role}" is ${other[1]}'s word for it)`;
  const meant = closestName(role, roles);
  return meant ? ` (did you mean "${meant}"?)` : '';
}

const OTHER_APIS_ROLES: Record<string, [string, string]> = { model: ['assistant', 'the Gemini API'], human: ['user', 'LangChain'], ai: ['assistant', 'LangChain'] };

const OPENAI_ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];
// `system`: Anthropic's mid-conversation system messages, which Claude Code sends to Opus 4.8 and
// to model names it does not know (a gateway's aliases).
const ANTHROPIC_ROLES = ['user', 'assistant', 'system'];

/**
 * Messages of the commonest shape — an object with only a role the schema allows and text
 * content — pass the message schemas (loose objects whose other fields are optional) without
 * running them: zod's array and union parse was most of a typical body's validation.
 */
const plainMessageRoles = new Map<z.ZodObject, ReadonlySet<string>>([
  [openaiChatRequestSchema, new Set(OPENAI_ROLES)],
  [anthropicMessagesRequestSchema, new Set(ANTHROPIC_ROLES)],
]);

function plainMessages(value: unknown, roles: ReadonlySet<string>): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (const message of value as unknown[]) {
    if (message === null || typeof message !== 'object' || Array.isArray(message)) return false;
    for (const key in message) if (key !== 'role' && key !== 'content') return false;
    const { role, content } = message as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || !roles.has(role) || typeof content !== 'string') return false;
  }
  return true;
}

/** The embeddings fields the gateway and every provider agree on. */
export function validateEmbeddingsBody(body: JsonObject): void {
  if (typeof body.model !== 'string' || body.model === '') {
    throw requiredField('model', MODEL, body.model === '' ? undefined : body.model, body.model, body);
  }
  // An empty list too: the schema's union named only its first arm ("expected string, got []").
  if (body.input === '' || (Array.isArray(body.input) && body.input.length === 0)) {
    throw invalidRequest('input', `"input" must not be empty: a non-empty string or an array of strings or token ids, got ${body.input === '' ? '""' : '[]'}`, 'invalid_value');
  }
  if (body.input === undefined || body.input === null) {
    throw requiredField('input', { expected: 'string or array', holds: 'a string or an array of strings or token ids' }, undefined, body.input, body);
  }
  // OpenAI refuses more; each input is embedded and answered, so 20,000 made a 74 MB answer.
  if (Array.isArray(body.input) && body.input.length > MAX_EMBEDDING_INPUTS) {
    throw invalidRequest('input', `Invalid 'input': array of ${body.input.length} items; at most ${MAX_EMBEDDING_INPUTS} inputs per request (send the rest in further requests)`, 'invalid_value');
  }
  checkSchema(openaiEmbeddingsRequestSchema, body);
}

/**
 * The Responses API fields the gateway interprets. Background runs and server-side conversations
 * need state the gateway does not keep, so they are refused here rather than half-served.
 *
 * @example validateResponsesBody({ model: 'small', input: 'Hi', temperature: 'hot' }) // throws: invalid request: temperature: expected number, got "hot"
 */
export function validateResponsesBody(body: JsonObject): void {
  if (typeof body.model !== 'string' || body.model === '') {
    throw requiredField('model', MODEL, body.model === '' ? undefined : body.model, body.model, body);
  }
  if (body.input === undefined && !body.previous_response_id && body.prompt === undefined) {
    const holds = 'a string or an array of input items (or continue a conversation with "previous_response_id")';
    throw requiredField('input', { expected: 'string or array', holds }, undefined, undefined, body);
  }
  if (body.background === true) {
    throw new SwitchyardError('unsupported', '"background": true is not supported by this gateway: send the request without it (streaming gives early output)', { param: 'background' });
  }
  if (body.conversation !== undefined && body.conversation !== null) {
    throw new SwitchyardError('unsupported', '"conversation" (the Conversations API) is not supported by this gateway: continue a conversation with "previous_response_id"', { param: 'conversation' });
  }
  const temperature = typeof body.temperature === 'number' ? temperatureOutOfRange(body.temperature) : undefined;
  if (temperature) throw invalidRequest('temperature', temperature.message, temperature.code);
  checkSchema(responsesRequestSchema, body);
  if (body.metadata !== undefined) checkBodyMetadata(body.metadata, 'responses');
  const max = body.max_output_tokens;
  // The Responses API's floor, in its words; a translated model would answer (truncated) instead.
  if (typeof max === 'number' && max < MIN_OUTPUT_TOKENS) {
    throw invalidRequest('max_output_tokens', `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= ${MIN_OUTPUT_TOKENS}, but got ${max} instead.`, 'integer_below_min_value');
  }
}

/**
 * The typed fields of a body whose tokens are counted (Anthropic's count_tokens, OpenAI's
 * responses input_tokens): the count reads the same parts a call translates, so a part of the
 * wrong type is the same 400 here (String() of {"toString": []} was a 500; a text of 5 was counted
 * as "5"). A count takes no `max_tokens`: one stands in for the check.
 *
 * @example validateCountBody('anthropic', { model: 'claude', messages: [{ role: 'user', content: [{ type: 'text', text: 5 }] }] }) // throws naming messages[0].content[0].text
 */
export function validateCountBody(format: 'anthropic' | 'responses', body: JsonObject): void {
  if (format === 'responses') checkSchema(responsesRequestSchema, body);
  else checkSchema(anthropicMessagesRequestSchema, { max_tokens: 1, ...body });
}

/** OpenAI's Responses API refuses a `max_output_tokens` below 16 (Azure's too). */
const MIN_OUTPUT_TOKENS = 16;

/** A request schema's field schemas and the fields it requires, worked out once per schema. */
interface FieldChecks {
  shape: Readonly<Record<string, z.ZodType>>;
  required: readonly string[];
}

const fieldChecks = new WeakMap<z.ZodObject, FieldChecks>();

function fieldChecksOf(schema: z.ZodObject): FieldChecks {
  let checks = fieldChecks.get(schema);
  if (!checks) {
    const shape = schema.shape as Record<string, z.ZodType>;
    checks = { shape, required: Object.keys(shape).filter((key) => !(shape[key] as z.ZodType).safeParse(undefined).success) };
    fieldChecks.set(schema, checks);
  }
  return checks;
}

/**
 * The first problems of a body with a loose object schema without refinements of its own (none
 * when it passes), checking only the fields it has (and the required ones): the same answer as
 * parsing it whole, for a fifth of the work on a typical request, which sets 4 of the chat
 * schema's 23 fields. Each field's check stops at its first problem (`firstIssues`), so a long
 * list of bad items costs no more than its first.
 */
function firstProblems(schema: z.ZodObject, body: JsonObject): RawIssue[] {
  const { shape, required } = fieldChecksOf(schema);
  for (const key of required) if (!Object.hasOwn(body, key)) return firstIssues(schema, body);
  const roles = plainMessageRoles.get(schema);
  for (const key in body) {
    if (!Object.hasOwn(shape, key)) continue;
    if (key === 'messages' && roles && plainMessages(body[key], roles)) continue;
    const issues = firstIssues(shape[key] as z.ZodType, body[key]);
    if (issues.length > 0) return issues;
  }
  return [];
}

/** The 400 counts problems within the first this many items of each list, or more (×4) when the first problem lies past them… */
const FIRST_CHECKED = 256;
/** …but no more than this many items past the first problem: a long list of bad items behind good ones is a problem object per bad item counted. */
const COUNTED_PAST_FIRST = 1024;

/**
 * The rest of the known fields, typed: a 400 listing up to three problems, the first as `param`.
 * A body that fails is walked once more to its first problem (`firstIssues`, zod's early exit),
 * and the 400 is worded from a view of it with every list cut a little past that problem
 * (`listsCutTo`): zod has no early exit that counts, and a problem object for each of a long
 * list's bad items held the event loop seconds (70,000 good `tool_calls` then 200,000 zeros: 3.2 s).
 */
function checkSchema(schema: z.ZodObject, body: JsonObject): void {
  // Valid bodies (nearly all) end here; the rest only words the 400.
  const first = firstProblems(schema, body);
  if (first.length === 0) return;
  const past = deepestIndex(first);
  let length = FIRST_CHECKED;
  while (length <= past) length *= 4;
  length = Math.min(length, past + COUNTED_PAST_FIRST);
  const view = listsCutTo(body, length);
  // No list longer than the cut: the view is the body, and the count is of the whole.
  if (!refuse(schema, view, body, view === body ? undefined : length)) refuse(schema, body, body, undefined);
}

/** Throws the 400 for `view`'s problems; false when it has none (a problem that needs a list's full length, which no wire schema has). */
function refuse(schema: z.ZodObject, view: JsonObject, body: JsonObject, cutTo: number | undefined): false {
  let result: ReturnType<typeof schema.safeParse>;
  try {
    result = schema.safeParse(view);
  } catch (error) {
    // zod spreads a list's problems into a call's arguments: past ~120,000 of them in one list, the stack overflows.
    if (error instanceof RangeError) throw invalidRequest('(root)', `invalid request: the body has too many invalid items to check (a list of ${longestList(view).toLocaleString('en-US')} items)`);
    throw error;
  }
  if (result.success) return false;
  const problems = formatIssues(result.error, view);
  const first = result.error.issues[0];
  const counted = cutTo === undefined ? '' : ` in the first ${cutTo.toLocaleString('en-US')} items of each list`;
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more${counted})` : '';
  throw invalidRequest(first ? formatPath(first.path) : '(root)', `invalid request: ${problems.slice(0, 3).join('; ')}${more}`, first && openAICodeOf(first, schema, body));
}

/**
 * The code OpenAI's API gives a field problem of this kind, where it has one: `invalid_type`,
 * `invalid_value`, `empty_array`, `array_above_max_length`, `integer_below_min_value`,
 * `decimal_above_max_value`… (a number's is integer_ or decimal_ as the field's schema says).
 */
function openAICodeOf(issue: z.core.$ZodIssue, schema: z.ZodObject, body: JsonObject): string | undefined {
  let value: unknown = body;
  for (const part of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  switch (issue.code) {
    case 'invalid_type':
      return missingOrInvalid(value);
    // A value of a type none of the union's shapes has (`input: 5`, `stop: 5`): OpenAI's
    // "Invalid type for 'input': expected one of a string or array…", code invalid_type. A value
    // of a right type with a wrong part inside keeps the gateway's own.
    case 'invalid_union':
      return issue.errors.every((branch) => branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0)) ? missingOrInvalid(value) : undefined;
    case 'invalid_value':
      return 'invalid_value';
    case 'too_small':
    case 'too_big': {
      const side = issue.code === 'too_small' ? 'below_min' : 'above_max';
      if (issue.origin === 'array') return issue.code === 'too_small' && Array.isArray(value) && value.length === 0 ? 'empty_array' : `array_${side}_length`;
      if (issue.origin === 'string') return `string_${side}_length`;
      if (issue.origin !== 'number' || issue.path.length !== 1) return undefined;
      return `${isIntegerField(schema, String(issue.path[0])) ? 'integer' : 'decimal'}_${side}_value`;
    }
    default:
      return undefined;
  }
}

function isIntegerField(schema: z.ZodObject, key: string): boolean {
  let field = (schema.shape as Record<string, z.ZodType | undefined>)[key] as { format?: unknown; _zod: { def: { innerType?: unknown } } } | undefined;
  while (field?._zod.def.innerType) field = field._zod.def.innerType as typeof field;
  return field?.format === 'safeint';
}
