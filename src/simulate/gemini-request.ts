/**
 * Reads a Gemini `generateContent` request: validates it with Google's wording, digests the
 * prompt (system instruction, tools, contents) for the answer's seed, the token estimate and
 * implicit prompt caching, and enforces Gemini 3's rule that function calls of the current turn
 * come back with their thought signature.
 */
import { clip, quoteClipped, textOf } from '../core/clip.js';
import { isMimeType } from '../core/mime-type.js';
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';
import { geminiImageTokens, geminiPageTokens, isGemini3 } from '../tokens/image-tokens.js';
import { geminiPdfTokens } from '../tokens/pdf-tokens.js';
import { imageSizeOfBase64 } from '../tokens/image-size.js';
import { fnvString } from '../core/fnv-hash.js';
import { bad, type GenerationSettings, normaliseRequest, readGeneration, readMediaResolution, readToolMode, readTools } from './gemini-request-config.js';
import { PromptDigest, type PrefixCheckpoint } from './prompt-digest.js';
import type { ReplyRequest } from './reply.js';
import type { WireError } from './wire-errors.js';
import { geminiError } from './gemini-errors.js';
import { isBase64 } from '../core/base64-data.js';
import { questionText } from './question-text.js';

export interface GeminiPlan {
  model: string;
  promptTokens: number;
  /** The part of `promptTokens` that is images and other media, by modality. */
  media: MediaCount;
  checkpoints: PrefixCheckpoint[];
  reply: Omit<ReplyRequest, 'seed' | 'script'>;
  /** Hash of model, prompt and `seed`; candidate i uses it mixed with i. */
  seed: number;
  settings: GenerationSettings;
  /** The model thinks before answering (reports thoughtsTokenCount, signs function calls). */
  thinks: boolean;
  /** The request offers Grounding with Google Search (`google_search`): the answer is grounded. */
  grounded: boolean;
}

/** A `tools` entry asking for Google Search (either spelling the API takes). */
function searchesGoogle(tools: unknown): boolean {
  const list = isJsonObject(tools) ? [tools] : tools;
  return Array.isArray(list) && list.some((tool) => isJsonObject(tool) && (isJsonObject(tool['google_search']) || isJsonObject(tool['googleSearch'])));
}

// Implicit caching starts at 1024 tokens; prefixes are matched in steps (4 characters a token here).
const CACHE_STEP_CHARS = 512;
const CACHE_MIN_CHARS = 4096;
// What Gemini charges for media other than an image or a PDF (audio, video), roughly: one 258-token tile.
const MEDIA_TOKENS = 258;
// Google's documented stand-ins for a lost signature.
const SENTINELS = new Set(['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go']);

/**
 * What a media part costs at `resolution` (the part's or the request's media resolution), and
 * its modality: an image (`geminiImageTokens`) by the size its inline data's header states; by
 * reference (`fileData`, not fetched) or when the header does not parse, as one tile (Gemini 3:
 * its fixed cost); a PDF by its pages; other media one tile.
 *
 * @example mediaTokens('gemini-2.5-flash', { inlineData: { mimeType: 'image/png', data: '…1000×1000…' } }) // { tokens: 1032, modality: 'IMAGE' }
 */
function mediaTokens(model: string, part: JsonObject, resolution: string | undefined): { tokens: number; modality: string } {
  const media = (isJsonObject(part['inlineData']) ? part['inlineData'] : part['fileData']) as JsonObject;
  const mime = textOf(media['mimeType'] ?? media['mime_type'] ?? '');
  const data = isJsonObject(part['inlineData']) && typeof media['data'] === 'string' ? media['data'] : undefined;
  if (mime === 'application/pdf') {
    // A fixed cost a page (`geminiPdfTokens`); by reference (not fetched) one page. Gemini 3
    // reports a PDF's pages as images (the document processing guide), earlier models as DOCUMENT.
    const tokens = data === undefined ? geminiPageTokens(model, resolution) : geminiPdfTokens(model, Buffer.from(data, 'base64'), resolution);
    return { tokens, modality: isGemini3(model) ? 'IMAGE' : 'DOCUMENT' };
  }
  if (!mime.startsWith('image/')) return { tokens: MEDIA_TOKENS, modality: /^(video|audio)\//.test(mime) ? mime.slice(0, 5).toUpperCase() : 'DOCUMENT' };
  return { tokens: geminiImageTokens(model, data === undefined ? undefined : imageSizeOfBase64(data), resolution), modality: 'IMAGE' };
}

/**
 * The media resolution a part is counted at: its own `mediaResolution.level` on Gemini 3 (the
 * media resolution guide: per part on Gemini 3 only, over the request's), else the request's
 * `generationConfig.mediaResolution`.
 */
function partResolution(part: JsonObject, at: string, model: string, global: string | undefined): string | undefined | WireError {
  const own = part['mediaResolution'] ?? part['media_resolution'];
  if (own === undefined || !isGemini3(model)) return global;
  if (!isJsonObject(own)) return bad(`Invalid JSON payload received. Expected an object at '${at}.media_resolution'.`);
  return readMediaResolution(own['level'], `${at}.media_resolution.level`, 'Part.MediaResolution.Level') ?? global;
}

/** The prompt's media tokens by modality (IMAGE, DOCUMENT, AUDIO, VIDEO), for `promptTokensDetails`. */
export type MediaCount = Map<string, number>;

/**
 * `promptTokensDetails` as Google reports it: the tokens of each modality in the prompt, text first.
 *
 * @example promptTokensDetails(1050, new Map([['IMAGE', 1032]])) // [{ modality: 'TEXT', tokenCount: 18 }, { modality: 'IMAGE', tokenCount: 1032 }]
 */
export function promptTokensDetails(total: number, media: MediaCount): { modality: string; tokenCount: number }[] {
  let text = total;
  for (const tokens of media.values()) text -= tokens;
  return [{ modality: 'TEXT', tokenCount: Math.max(0, text) }, ...[...media].map(([modality, tokenCount]) => ({ modality, tokenCount }))];
}

interface ContentsDigest {
  lastUserText: string;
  answeringToolResult: boolean;
}

/**
 * Google refuses inline data that is not base64 as it refuses any bytes field that does not
 * decode: `Invalid value at 'contents[0].parts[2].inline_data.data' (TYPE_BYTES), Base64 decoding
 * failed for "…"`, the same in a `BadRequest` field violation, as a LibreChat user quoted it
 * (github.com/danny-avila/LibreChat/issues/6593; gemini-cli users met it for `thought_signature`,
 * github.com/google-gemini/gemini-cli/issues/8003). The simulator answered such an image. Then
 * what Google refuses of a blob that parsed: no bytes (`data` null, absent or empty) and a
 * `mimeType` that is no MIME type, `Unsupported MIME type: png` as Google words it
 * (charmbracelet/crush#995); the simulator answered both as if an image had come.
 */
function inlineDataProblem(part: JsonObject, at: string): WireError | undefined {
  const inline = part['inlineData'];
  if (!isJsonObject(inline)) return undefined;
  const data = inline['data'];
  const mimeType = inline['mimeType'];
  // A number or a boolean is no bytes at all, in the same words without the decoding (proto JSON's
  // "(TYPE_BYTES), 5"); the simulator answered a PDF whose data was 5.
  const scalar = typeof data === 'number' || typeof data === 'boolean';
  if (scalar || (typeof data === 'string' && !isBase64(data, { urlSafe: true }))) {
    const field = `${at}.inline_data.data`;
    const message = scalar ? `Invalid value at '${field}' (TYPE_BYTES), ${String(data)}` : `Invalid value at '${field}' (TYPE_BYTES), Base64 decoding failed for ${quoteClipped(data)}`;
    return geminiError(400, { message, fieldViolations: [{ field, description: message }] });
  }
  if (typeof mimeType === 'number' || typeof mimeType === 'boolean') {
    const field = `${at}.inline_data.mime_type`;
    const message = `Invalid value at '${field}' (TYPE_STRING), ${String(mimeType)}`;
    return geminiError(400, { message, fieldViolations: [{ field, description: message }] });
  }
  // Null reads as the field's default in proto JSON: no bytes, refused in Google's words for an empty blob.
  if (typeof data !== 'string' || data === '') return geminiError(400, { message: 'Unable to submit request because it has an empty inlineData parameter. Add a value to the parameter and try again.' });
  if (typeof mimeType !== 'string' || !isMimeType(mimeType)) return geminiError(400, { message: `Unsupported MIME type: ${typeof mimeType === 'string' ? clip(mimeType, 100) : ''}` });
  return undefined;
}

/** A turn's parts digested: the question in its text (without an agent's tagged context: question-text.ts) and its function responses. */
function addParts(digest: PromptDigest, parts: unknown[], at: string, model: string, media: MediaCount, resolution: string | undefined): { question: string; functionResponses: number } | WireError {
  const texts: string[] = [];
  let functionResponses = 0;
  for (const [k, part] of parts.entries()) {
    if (!isJsonObject(part)) return bad(`Invalid JSON payload received. Expected an object at '${at}.parts[${k}]'.`);
    if (typeof part['text'] === 'string') {
      if (part['thought'] === true) continue;
      digest.add(part['text']);
      if (part['text']) texts.push(part['text']);
    } else if (isJsonObject(part['functionCall'])) {
      digest.add(`${textOf(part['functionCall']['name'])}${JSON.stringify(part['functionCall']['args'] ?? {})}`);
    } else if (isJsonObject(part['functionResponse'])) {
      const response = part['functionResponse'];
      if (typeof response['name'] !== 'string') return bad(`* GenerateContentRequest.${at}.parts[${k}].function_response.name: name is not specified\n`);
      digest.add(`${response['name']}${JSON.stringify(response['response'] ?? {})}`);
      functionResponses++;
    } else if (isJsonObject(part['inlineData']) || isJsonObject(part['fileData'])) {
      const refused = inlineDataProblem(part, `${at}.parts[${k}]`);
      if (refused) return refused;
      digest.mix(JSON.stringify(part).slice(0, 256));
      const level = partResolution(part, `${at}.parts[${k}]`, model, resolution);
      if (typeof level === 'object') return level;
      const { tokens, modality } = mediaTokens(model, part, level);
      digest.overhead += tokens;
      media.set(modality, (media.get(modality) ?? 0) + tokens);
    } else {
      return bad(`* GenerateContentRequest.${at}.parts[${k}].data: required oneof field 'data' must have one initialized field\n`);
    }
  }
  return { question: questionText(texts), functionResponses };
}

/** Gemini 3.6 and later refuse `role: "function"` in these words (reported from gemini-3.6-flash and 3.7). */
const FUNCTION_ROLE_REFUSED = "Role 'function' is not supported. Please use a valid role: SYSTEM, SYSTEM_1, USER, ASSISTANT, DEVELOPER, CONTEXT, USER_CONTEXT, MODEL, USER.";

/**
 * Whether the model refuses a content whose role is `function`. Earlier models took it as the
 * user's (Google's own SDK sent it until 2025, and its 2024 guide's example did too); Gemini 3.6
 * and later refuse it (gemini-3.1-flash-lite took it, gemini-3.6-flash did not, in the reports).
 *
 * @example refusesFunctionRole('gemini-2.5-flash') // false
 */
export function refusesFunctionRole(model: string): boolean {
  const version = /gemini-(\d+)(?:\.(\d+))?/.exec(model);
  if (!version) return false;
  const major = Number(version[1]);
  return major > 3 || (major === 3 && Number(version[2] ?? 0) >= 6);
}

function readContents(contents: unknown, digest: PromptDigest, gemini3: boolean, model: string, media: MediaCount, resolution: string | undefined): ContentsDigest | WireError {
  if (!Array.isArray(contents) || contents.length === 0) return bad('* GenerateContentRequest.contents: contents is not specified\n');
  let lastUserText = '';
  let answeringToolResult = false;
  let turnStart = 0;
  for (const [i, content] of contents.entries()) {
    const at = `contents[${i}]`;
    if (!isJsonObject(content)) return bad(`Invalid JSON payload received. Expected an object at '${at}'.`);
    const given = content['role'] ?? 'user';
    if (given === 'function' && refusesFunctionRole(model)) return bad(FUNCTION_ROLE_REFUSED);
    // The role Google's older SDK (@google/generative-ai) gives a turn of function responses:
    // taken as the user's before Gemini 3.6.
    const role = given === 'function' ? 'user' : given;
    if (role !== 'user' && role !== 'model') return bad('Please use a valid role: user, model.');
    const parts = content['parts'];
    if (!Array.isArray(parts) || parts.length === 0) return bad(`* GenerateContentRequest.${at}.parts: contents.parts must not be empty.\n`);
    digest.message(role);
    const read = addParts(digest, parts, at, model, media, resolution);
    if ('status' in read) return read;
    if (role === 'user') {
      if (read.question) lastUserText = read.question;
      answeringToolResult = read.functionResponses > 0;
      if (read.functionResponses === 0) turnStart = i;
    } else answeringToolResult = false;
  }
  if (gemini3) {
    const missing = missingSignature(contents as JsonObject[], turnStart);
    if (missing) return missing;
  }
  return { lastUserText, answeringToolResult };
}

/** Gemini 3: the first function call of each model step in the current turn must carry its signature. */
function missingSignature(contents: JsonObject[], turnStart: number): WireError | undefined {
  for (let i = turnStart + 1; i < contents.length; i++) {
    const content = contents[i]!;
    if (content['role'] !== 'model') continue;
    const first = (content['parts'] as JsonObject[]).find((part) => isJsonObject(part['functionCall']));
    if (!first) continue;
    const signature = first['thoughtSignature'] ?? first['thought_signature'];
    if (typeof signature === 'string' && (SENTINELS.has(signature) || signature.length > 0)) continue;
    const name = textOf((first['functionCall'] as JsonObject)['name']);
    return bad(
      `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
    );
  }
  return undefined;
}

/**
 * Validates and digests a request body for `model` (from the path).
 *
 * @example parseGenerateRequest({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }, 'gemini-2.5-flash')
 */
export function parseGenerateRequest(raw: JsonObject, model: string): GeminiPlan | WireError {
  const body = normaliseRequest(raw);
  if ('status' in body) return body as WireError;
  const gemini3 = /gemini-([3-9]|\d\d)/.test(model);
  const settings = readGeneration(body['generationConfig'], model);
  if ('status' in settings) return settings;
  const declared = readTools(body['tools']);
  if (!Array.isArray(declared)) return declared;
  const toolMode = readToolMode(body['toolConfig'], declared);
  if ('status' in toolMode) return toolMode;

  const digest = new PromptDigest(CACHE_STEP_CHARS, CACHE_MIN_CHARS);
  const media: MediaCount = new Map();
  digest.mix(model);
  const system = body['systemInstruction'];
  let systemText = '';
  if (system !== undefined) {
    const parts = isJsonObject(system) ? system['parts'] : undefined;
    if (!Array.isArray(parts)) return bad("Invalid JSON payload received. Expected a list at 'system_instruction.parts'.");
    digest.message('system');
    const read = addParts(digest, parts, 'system_instruction', model, media, settings.mediaResolution);
    if ('status' in read) return read;
    systemText = parts.map((part) => (isJsonObject(part) && typeof part['text'] === 'string' ? part['text'] : '')).join('\n');
  }
  if (declared.length > 0 || body['tools'] !== undefined) digest.add(JSON.stringify(body['tools']));
  const contents = readContents(body['contents'], digest, gemini3, model, media, settings.mediaResolution);
  if ('status' in contents) return contents;
  const thinks = /gemini-(2\.5|[3-9]|\d\d)/.test(model) && settings.thinkingBudget !== 0;

  return {
    model,
    promptTokens: digest.tokens(),
    media,
    checkpoints: digest.checkpoints,
    seed: fnvString(settings.seed, digest.hash),
    settings,
    thinks,
    grounded: searchesGoogle(body['tools']),
    reply: {
      lastUserText: contents.lastUserText,
      systemText,
      answeringToolResult: contents.answeringToolResult,
      calledTools: calledFunctions(body['contents'] as JsonObject[]),
      tools: toolMode.tools,
      toolMode: toolMode.mode,
      parallelToolCalls: true,
      format: settings.format,
      maxTokens: settings.maxTokens,
      stop: settings.stop,
    },
  };
}

/**
 * `countTokens` accepts `{ contents }` or `{ generateContentRequest }`; both count like the
 * prompt of the equivalent `generateContent` call.
 *
 * @example countTokensBody({ contents: [...] }) // { contents: [...] }
 */
export function countTokensBody(body: JsonObject): JsonObject {
  const nested = body['generateContentRequest'] ?? body['generate_content_request'];
  if (isJsonObject(nested)) {
    const { model: _model, ...rest } = nested;
    return rest;
  }
  return { contents: body['contents'] };
}

/** Names of the functions the model's turns have called (contents already validated). */
function calledFunctions(contents: JsonObject[]): Set<string> {
  const names = new Set<string>();
  for (const content of contents) {
    if (content['role'] !== 'model') continue;
    for (const part of content['parts'] as unknown[]) {
      const call = isJsonObject(part) ? part['functionCall'] : undefined;
      if (isJsonObject(call) && typeof call['name'] === 'string') names.add(call['name']);
    }
  }
  return names;
}
