/**
 * The non-conversation half of a Gemini request: field names (Google rejects unknown ones, in
 * camelCase or snake_case), tools and tool config, generation config and thinking, each checked
 * with Google's own wording so a gateway's translation mistakes surface as they would upstream.
 */
import { quoteClipped, textOf } from '../core/clip.js';
import { refusedIn, samplingRefusals } from '../core/refused-sampling.js';
import { budgetBounds, geminiLevelOf, refusedLevelMessage } from '../core/gemini-thinking.js';
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';
import { outputLimit } from '../tokens/output-limits.js';
import { geminiError } from './gemini-errors.js';
import { fromGeminiSchema } from './gemini-schema.js';
import type { OutputFormat, ToolMode, ToolSpec } from './reply.js';
import type { WireError } from './wire-errors.js';

const REQUEST_FIELDS = new Set(['contents', 'systemInstruction', 'tools', 'toolConfig', 'safetySettings', 'generationConfig', 'cachedContent', 'model', 'serviceTier']);
const CONFIG_FIELDS = new Set([
  'stopSequences', 'responseMimeType', 'responseSchema', 'responseJsonSchema', '_responseJsonSchema', 'responseModalities', 'candidateCount',
  'maxOutputTokens', 'temperature', 'topP', 'topK', 'seed', 'presencePenalty', 'frequencyPenalty', 'responseLogprobs', 'logprobs',
  'enableEnhancedCivicAnswers', 'speechConfig', 'thinkingConfig', 'imageConfig', 'mediaResolution',
]);
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

export function bad(message: string): WireError {
  return geminiError(400, { message });
}

/** Protobuf JSON accepts both spellings of a field; the simulator reads camelCase. */
export function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A copy of `body` with snake_case keys in camelCase, or the "Unknown name" error Google sends. */
export function normaliseFields(body: JsonObject, known: Set<string>, at?: string): JsonObject | WireError {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    const name = camel(key);
    if (!known.has(name)) {
      // As Google sends it: the message again as a BadRequest violation, naming the object (not the field) when nested.
      const message = `Invalid JSON payload received. Unknown name "${key}"${at ? ` at '${at}'` : ''}: Cannot find field.`;
      return geminiError(400, { message, fieldViolations: [at ? { field: at, description: message } : { description: message }] });
    }
    out[name] = value;
  }
  return out;
}

export function normaliseRequest(body: JsonObject): JsonObject | WireError {
  return normaliseFields(body, REQUEST_FIELDS);
}

export interface GenerationSettings {
  candidateCount: number;
  maxTokens: number | undefined;
  stop: string[];
  format: OutputFormat;
  /** Requested alternatives per token, or undefined without `responseLogprobs`. */
  logprobs: number | undefined;
  seed: string;
  thinkingBudget: number | undefined;
  thinkingLevel: string | undefined;
  includeThoughts: boolean;
  /** `generationConfig.mediaResolution` (`MEDIA_RESOLUTION_LOW`…), what every media part costs unless the part names its own. */
  mediaResolution: string | undefined;
}

function intIn(config: JsonObject, field: string, min: number, max: number): number | undefined | WireError {
  const value = config[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return bad(`* GenerateContentRequest.generation_config.${field}: must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}\n`);
  }
  return value;
}

/**
 * Reads `generationConfig`; `gemini3` and `model` decide which thinking settings are legal.
 *
 * @example readGeneration({ maxOutputTokens: 5 }, 'gemini-2.5-flash') // { maxTokens: 5, candidateCount: 1, … }
 */
export function readGeneration(raw: unknown, model: string): GenerationSettings | WireError {
  if (raw !== undefined && !isJsonObject(raw)) return bad("Invalid JSON payload received. Expected an object at 'generation_config'.");
  const config = normaliseFields(raw ?? {}, CONFIG_FIELDS, 'generation_config');
  if (!isJsonObject(config) || 'status' in config) return config as WireError;
  const candidateCount = intIn(config, 'candidateCount', 1, 8);
  const maxTokens = intIn(config, 'maxOutputTokens', 1, 1_000_000);
  const logprobs = intIn(config, 'logprobs', 0, 20);
  for (const value of [candidateCount, maxTokens, logprobs]) if (typeof value === 'object') return value;
  const limit = outputLimit(model);
  if (typeof maxTokens === 'number' && limit !== undefined && maxTokens > limit) {
    // Google states the range half-open, one past the model's outputTokenLimit.
    return bad(`Unable to submit request because it has a maxOutputTokens value of ${maxTokens} but the supported range is from 1 (inclusive) to ${limit + 1} (exclusive). Update the value and try again.`);
  }
  const stop = config['stopSequences'];
  if (stop !== undefined && (!Array.isArray(stop) || stop.length > 5 || !stop.every((s) => typeof s === 'string'))) {
    return bad('* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop sequences (strings) are allowed\n');
  }
  const temperature = config['temperature'];
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 2)) {
    return bad('* GenerateContentRequest.generation_config.temperature: must be between 0 and 2\n');
  }
  // Gemini 2.5 on refuse a penalty other than 0 (core/refused-sampling.ts), in Google's words.
  const penalties = { presence_penalty: config['presencePenalty'], frequency_penalty: config['frequencyPenalty'] };
  if (refusedIn(penalties, samplingRefusals(model)).length > 0) return bad(`Penalty is not enabled for ${model.startsWith('models/') ? model : `models/${model}`}`);
  const thinking = readThinking(config['thinkingConfig'], model);
  if ('status' in thinking) return thinking;
  if (config['responseLogprobs'] !== true && logprobs !== undefined) {
    return bad('logprobs can only be set when response_logprobs is true.');
  }
  const mediaResolution = readMediaResolution(config['mediaResolution'], 'generation_config.media_resolution', 'GenerationConfig.MediaResolution');
  if (typeof mediaResolution === 'object') return mediaResolution;
  return {
    candidateCount: (candidateCount as number | undefined) ?? 1,
    maxTokens: maxTokens as number | undefined,
    stop: (stop as string[] | undefined) ?? [],
    format: readFormat(config),
    logprobs: config['responseLogprobs'] === true ? ((logprobs as number | undefined) ?? 0) : undefined,
    seed: typeof config['seed'] === 'number' ? String(config['seed']) : '',
    ...thinking,
    mediaResolution,
  };
}

const MEDIA_RESOLUTIONS = new Set(['MEDIA_RESOLUTION_UNSPECIFIED', 'MEDIA_RESOLUTION_LOW', 'MEDIA_RESOLUTION_MEDIUM', 'MEDIA_RESOLUTION_HIGH', 'MEDIA_RESOLUTION_ULTRA_HIGH']);

/**
 * A media resolution as Google's JSON takes an enum: its exact name, or undefined when absent;
 * anything else is refused naming the field and the value, as Google words it.
 *
 * @example readMediaResolution('MEDIA_RESOLUTION_LOW', 'generation_config.media_resolution', 'GenerationConfig.MediaResolution') // 'MEDIA_RESOLUTION_LOW'
 */
export function readMediaResolution(value: unknown, at: string, type: string): string | undefined | WireError {
  if (value === undefined || (typeof value === 'string' && MEDIA_RESOLUTIONS.has(value))) return value;
  return bad(`Invalid value at '${at}' (type.googleapis.com/google.ai.generativelanguage.v1beta.${type}), ${JSON.stringify(value)}`);
}

function readThinking(raw: unknown, model: string): Pick<GenerationSettings, 'thinkingBudget' | 'thinkingLevel' | 'includeThoughts'> | WireError {
  const none = { thinkingBudget: undefined, thinkingLevel: undefined, includeThoughts: false };
  if (raw === undefined) return none;
  if (!isJsonObject(raw)) return bad("Invalid JSON payload received. Expected an object at 'generation_config.thinking_config'.");
  const config = normaliseFields(raw, new Set(['includeThoughts', 'thinkingBudget', 'thinkingLevel']), 'generation_config.thinking_config');
  if ('status' in config) return config as WireError;
  // JSON null is a field left unset, as Google reads proto JSON (a level of null was refused on 2.5).
  const budget = config['thinkingBudget'] ?? undefined;
  const level = config['thinkingLevel'] ?? undefined;
  const thoughts = config['includeThoughts'];
  if (thoughts !== undefined && thoughts !== null && typeof thoughts !== 'boolean') {
    return bad(`Invalid value at 'generation_config.thinking_config.include_thoughts' (TYPE_BOOL), ${quoteClipped(thoughts)}`);
  }
  if (budget !== undefined && level !== undefined) return bad('You can only set only one of thinking budget and thinking level.');
  if (level !== undefined) {
    if (!/gemini-([3-9]|\d\d)/.test(model)) return bad('Thinking level is not supported for this model.');
    const named = geminiLevelOf(level);
    if (named === undefined) {
      return bad(`Invalid value at 'generation_config.thinking_config.thinking_level' (type.googleapis.com/google.ai.generativelanguage.v1beta.ThinkingConfig.ThinkingLevel), "${textOf(level)}"`);
    }
    // A level this model does not take (MINIMAL or MEDIUM on Gemini 3 Pro; one table with the gateway).
    const refused = refusedLevelMessage(model, named);
    if (refused) return bad(refused);
  }
  if (budget !== undefined) {
    if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < -1) return bad('The thinking budget must be an integer between -1 and 32768.');
    // Each 2.5 model's bounds (one table with the gateway): 2.5 Pro cannot turn thinking off, and a
    // budget past a model's largest is refused ("The thinking budget (52428) is invalid." on 2.5
    // Pro, RooCodeInc/Roo-Code#4399).
    const bounds = budgetBounds(model);
    if (budget === 0 && bounds?.canStop === false) return bad('Budget 0 is invalid. This model only works in thinking mode.');
    if (bounds !== undefined && budget > bounds.max) return bad(`The thinking budget (${budget}) is invalid.`);
    if (budget > 32_768) return bad('The thinking budget must be an integer between -1 and 32768.');
  }
  return { thinkingBudget: budget as number | undefined, thinkingLevel: level as string | undefined, includeThoughts: config['includeThoughts'] === true };
}

function readFormat(config: JsonObject): OutputFormat {
  if (config['responseMimeType'] !== 'application/json') return { type: 'text' };
  const jsonSchema = config['responseJsonSchema'] ?? config['_responseJsonSchema'];
  if (isJsonObject(jsonSchema)) return { type: 'json_schema', schema: jsonSchema };
  if (isJsonObject(config['responseSchema'])) return { type: 'json_schema', schema: fromGeminiSchema(config['responseSchema']) };
  return { type: 'json_object' };
}

/**
 * Reads `tools[].functionDeclarations`; other tools (search, code execution) are accepted and ignored.
 *
 * @example readTools([{ functionDeclarations: [{ name: 'f' }] }]) // [{ name: 'f', parameters: { type: 'object' } }]
 */
export function readTools(given: unknown): ToolSpec[] | WireError {
  if (given === undefined) return [];
  // Google reads one object where a list is due as a list of it (`@ai-sdk/google` 2 sends
  // `tools: { functionDeclarations: […] }`).
  const raw = isJsonObject(given) ? [given] : given;
  if (!Array.isArray(raw)) return bad("Invalid JSON payload received. Expected a list at 'tools'.");
  const tools: ToolSpec[] = [];
  const names = new Set<string>();
  for (const [i, tool] of raw.entries()) {
    if (!isJsonObject(tool)) return bad(`Invalid JSON payload received. Expected an object at 'tools[${i}]'.`);
    const declarations = tool['functionDeclarations'] ?? tool['function_declarations'];
    if (declarations === undefined) continue;
    if (!Array.isArray(declarations)) return bad(`Invalid JSON payload received. Expected a list at 'tools[${i}].function_declarations'.`);
    for (const [j, fn] of declarations.entries()) {
      const at = `GenerateContentRequest.tools[${i}].function_declarations[${j}]`;
      if (!isJsonObject(fn) || typeof fn['name'] !== 'string' || !FUNCTION_NAME.test(fn['name'])) {
        return bad(`* ${at}.name: Invalid function name. Must start with a letter or an underscore. Must be a-z, A-Z, 0-9, or contain underscores, dots, colons and dashes, with a maximum length of 64.\n`);
      }
      const parameters = fn['parameters'];
      const jsonSchema = fn['parametersJsonSchema'] ?? fn['parameters_json_schema'];
      if (isJsonObject(parameters)) {
        const properties = parameters['properties'];
        if (textOf(parameters['type']).toUpperCase() === 'OBJECT' && (!isJsonObject(properties) || Object.keys(properties).length === 0)) {
          return bad(`* ${at}.parameters.properties: should be non-empty for OBJECT type\n`);
        }
      }
      // Google's words for two declarations of one name, in one tool or across tools.
      if (names.has(fn['name'])) return bad(`Duplicate function declaration found: ${fn['name']}`);
      names.add(fn['name']);
      const schema = isJsonObject(jsonSchema) ? jsonSchema : isJsonObject(parameters) ? fromGeminiSchema(parameters) : { type: 'object' };
      const description = fn['description'];
      tools.push({ name: fn['name'], ...(typeof description === 'string' ? { description } : {}), parameters: schema });
    }
  }
  return tools;
}

/**
 * `toolConfig.functionCallingConfig` as the generator's tool mode; ANY with one allowed name
 * forces that function, with several it narrows the tools.
 *
 * @example readToolMode({ functionCallingConfig: { mode: 'NONE' } }, tools) // { mode: 'none', tools }
 */
export function readToolMode(raw: unknown, tools: ToolSpec[]): { mode: ToolMode; tools: ToolSpec[] } | WireError {
  const config = isJsonObject(raw) ? (raw['functionCallingConfig'] ?? raw['function_calling_config']) : undefined;
  if (!isJsonObject(config)) return { mode: 'auto', tools };
  const mode = config['mode'] ?? 'AUTO';
  const allowed = config['allowedFunctionNames'] ?? config['allowed_function_names'];
  if (mode === 'NONE') return { mode: 'none', tools };
  if (mode === 'AUTO' || mode === 'VALIDATED' || mode === 'MODE_UNSPECIFIED') return { mode: 'auto', tools };
  if (mode !== 'ANY') return bad(`Invalid value at 'tool_config.function_calling_config.mode' (type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode), "${textOf(mode)}"`);
  if (!Array.isArray(allowed) || allowed.length === 0) return { mode: 'required', tools };
  const names = new Set(allowed.map(String));
  const narrowed = tools.filter((tool) => names.has(tool.name));
  if (narrowed.length === 0) return bad('* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: must name declared functions\n');
  return narrowed.length === 1 ? { mode: { name: narrowed[0]!.name }, tools: narrowed } : { mode: 'required', tools: narrowed };
}
