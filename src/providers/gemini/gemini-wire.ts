/**
 * The Google Gemini API wire format (`v1beta` of generativelanguage.googleapis.com), as far as
 * Switchyard writes and reads it: `generateContent`, `streamGenerateContent`, `embedContent`,
 * `batchEmbedContents`, `countTokens` and the error body. Field names follow Google's REST
 * reference (camelCase JSON of the protobuf messages). Objects keep unknown fields, because
 * Google adds response fields often and a gateway must not choke on them.
 */
export type GeminiJson = { [key: string]: unknown };

export type GeminiRole = 'user' | 'model';

/** One piece of a turn. Exactly one data field is set (text, inlineData, fileData, …). */
export interface GeminiPart {
  text?: string;
  /** Base64 bytes with their media type. */
  inlineData?: { mimeType: string; data: string };
  /** A file by URI: a Files API upload, a YouTube link or (Gemini 2.5+) a public http(s) URL. */
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
  /** True on a thought-summary part (only with `thinkingConfig.includeThoughts`). */
  thought?: boolean;
  /** Opaque, base64: must go back unchanged with the part it came on (Gemini 3 enforces it for function calls). */
  thoughtSignature?: string;
  [key: string]: unknown;
}

export interface GeminiFunctionCall {
  name: string;
  args?: GeminiJson;
  /** Set by some models; a functionResponse must then echo it. */
  id?: string;
}

export interface GeminiFunctionResponse {
  name: string;
  /** A JSON object; Google suggests `{ output }` or `{ error }`. */
  response: GeminiJson;
  id?: string;
}

export interface GeminiContent {
  /** Absent on `systemInstruction`; `user` or `model` in `contents`. */
  role?: GeminiRole;
  parts: GeminiPart[];
}

export type GeminiType = 'TYPE_UNSPECIFIED' | 'STRING' | 'NUMBER' | 'INTEGER' | 'BOOLEAN' | 'ARRAY' | 'OBJECT' | 'NULL';

/** The OpenAPI 3.0 subset Gemini accepts in `parameters` and `responseSchema`. */
export interface GeminiSchema {
  type?: GeminiType;
  format?: string;
  title?: string;
  description?: string;
  nullable?: boolean;
  /** Strings only (with `format: "enum"`). */
  enum?: string[];
  items?: GeminiSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  propertyOrdering?: string[];
  minProperties?: number;
  maxProperties?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: GeminiSchema[];
  default?: unknown;
  example?: unknown;
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: GeminiSchema;
  /** JSON Schema as is, instead of `parameters` (Gemini 2.5 and later). */
  parametersJsonSchema?: unknown;
}

export interface GeminiTool {
  functionDeclarations?: GeminiFunctionDeclaration[];
  [key: string]: unknown;
}

export type GeminiFunctionCallingMode = 'MODE_UNSPECIFIED' | 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED';

export interface GeminiToolConfig {
  functionCallingConfig?: { mode?: GeminiFunctionCallingMode; allowedFunctionNames?: string[] };
}

export type GeminiThinkingLevel = 'THINKING_LEVEL_UNSPECIFIED' | 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'XHIGH';

export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  /** Tokens; 0 turns thinking off where the model allows it, -1 lets the model decide (Gemini 2.5). */
  thinkingBudget?: number;
  /** Gemini 3 and later; a request must not carry both a level and a budget. */
  thinkingLevel?: GeminiThinkingLevel;
}

export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxOutputTokens?: number;
  /** At most 5. */
  stopSequences?: string[];
  candidateCount?: number;
  responseMimeType?: string;
  responseSchema?: GeminiSchema;
  responseJsonSchema?: unknown;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseLogprobs?: boolean;
  /** Number of top alternatives per token, with `responseLogprobs`. */
  logprobs?: number;
  thinkingConfig?: GeminiThinkingConfig;
  [key: string]: unknown;
}

export interface GeminiSafetySetting {
  category: string;
  threshold: string;
}

export interface GenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: GeminiContent;
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
  safetySettings?: GeminiSafetySetting[];
  cachedContent?: string;
  /** Flex or Priority inference (gemini-service-tier.ts); absent: standard. */
  service_tier?: 'flex' | 'priority';
}

export type GeminiFinishReason =
  | 'FINISH_REASON_UNSPECIFIED'
  | 'STOP'
  | 'MAX_TOKENS'
  | 'SAFETY'
  | 'RECITATION'
  | 'LANGUAGE'
  | 'OTHER'
  | 'BLOCKLIST'
  | 'PROHIBITED_CONTENT'
  | 'SPII'
  | 'MALFORMED_FUNCTION_CALL'
  | 'IMAGE_SAFETY'
  | 'IMAGE_PROHIBITED_CONTENT'
  | 'IMAGE_OTHER'
  | 'NO_IMAGE'
  | 'IMAGE_RECITATION'
  | 'UNEXPECTED_TOOL_CALL'
  | 'TOO_MANY_TOOL_CALLS'
  | 'MISSING_THOUGHT_SIGNATURE'
  | 'MALFORMED_RESPONSE'
  | 'ESCALATION'
  | 'PUP_LIMITED_DISABLED'
  | 'CONTINUATION'
  | 'MODEL_ARMOR';

export type GeminiBlockReason = 'BLOCK_REASON_UNSPECIFIED' | 'SAFETY' | 'OTHER' | 'BLOCKLIST' | 'PROHIBITED_CONTENT' | 'IMAGE_SAFETY';

export interface GeminiSafetyRating {
  category: string;
  probability: string;
  blocked?: boolean;
}

export interface GeminiLogprobsCandidate {
  token?: string;
  tokenId?: number;
  logProbability?: number;
}

export interface GeminiLogprobsResult {
  /** One entry per generated token, alternatives sorted by log probability. */
  topCandidates?: { candidates?: GeminiLogprobsCandidate[] }[];
  /** One entry per generated token: the token chosen. */
  chosenCandidates?: GeminiLogprobsCandidate[];
}

export interface GeminiCandidate {
  content?: GeminiContent;
  /** Grounding with Google Search: the queries run, the pages found and what of the text they support. */
  groundingMetadata?: { webSearchQueries?: string[]; groundingChunks?: unknown[]; groundingSupports?: unknown[]; [key: string]: unknown };
  /** Absent until the candidate is finished (in a stream, on the last event). */
  finishReason?: GeminiFinishReason | (string & {});
  finishMessage?: string;
  safetyRatings?: GeminiSafetyRating[];
  index?: number;
  avgLogprobs?: number;
  logprobsResult?: GeminiLogprobsResult;
  tokenCount?: number;
  [key: string]: unknown;
}

export interface GeminiModalityTokenCount {
  modality: string;
  tokenCount: number;
}

/**
 * Token counts. `promptTokenCount` includes `cachedContentTokenCount`; `candidatesTokenCount`
 * excludes `thoughtsTokenCount`; `totalTokenCount` is the sum of prompt, tool-use prompt,
 * candidates and thoughts.
 */
export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  cachedContentTokenCount?: number;
  candidatesTokenCount?: number;
  toolUsePromptTokenCount?: number;
  thoughtsTokenCount?: number;
  totalTokenCount?: number;
  promptTokensDetails?: GeminiModalityTokenCount[];
  cacheTokensDetails?: GeminiModalityTokenCount[];
  candidatesTokensDetails?: GeminiModalityTokenCount[];
  [key: string]: unknown;
}

export interface GeminiPromptFeedback {
  blockReason?: GeminiBlockReason | (string & {});
  blockReasonMessage?: string;
  safetyRatings?: GeminiSafetyRating[];
}

/** A whole answer, or one event of a stream (each `data:` line is a complete response). */
export interface GenerateContentResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: GeminiPromptFeedback;
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  [key: string]: unknown;
}

export interface EmbedContentRequest {
  /** `models/{model}`; required inside `batchEmbedContents`, optional on `embedContent`. */
  model?: string;
  content: GeminiContent;
  taskType?: string;
  title?: string;
  outputDimensionality?: number;
}

export interface BatchEmbedContentsRequest {
  requests: EmbedContentRequest[];
}

export interface GeminiContentEmbedding {
  values: number[];
}

export interface EmbedContentResponse {
  embedding: GeminiContentEmbedding;
}

export interface BatchEmbedContentsResponse {
  embeddings: GeminiContentEmbedding[];
}

export interface CountTokensResponse {
  totalTokens: number;
  cachedContentTokenCount?: number;
  promptTokensDetails?: GeminiModalityTokenCount[];
}

/** A `google.rpc.Status` detail: ErrorInfo, RetryInfo (`retryDelay: "37s"`), QuotaFailure, … */
export interface GeminiErrorDetail {
  '@type': string;
  [key: string]: unknown;
}

/** Google's error body: `{ error: { code, message, status, details } }`. */
export interface GeminiErrorBody {
  error: {
    /** The HTTP status. */
    code: number;
    message: string;
    /** The canonical code name: INVALID_ARGUMENT, RESOURCE_EXHAUSTED, UNAVAILABLE, … */
    status: string;
    details?: GeminiErrorDetail[];
  };
}
