/**
 * Every `finishReason` Gemini can end a candidate with, as @google/genai 3.6.1's `FinishReason`
 * enum lists them (FINISH_REASON_UNSPECIFIED aside: no finished answer carries it). A script's
 * `gemini_finish_reason` must be one of these, so a typo fails the test that wrote it.
 */
export const GEMINI_FINISH_REASONS = [
  'STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', 'LANGUAGE', 'OTHER', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII',
  'MALFORMED_FUNCTION_CALL', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_OTHER', 'NO_IMAGE', 'IMAGE_RECITATION',
  'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS', 'MISSING_THOUGHT_SIGNATURE', 'MALFORMED_RESPONSE', 'ESCALATION',
  'PUP_LIMITED_DISABLED', 'CONTINUATION', 'MODEL_ARMOR',
] as const;

export type GeminiFinishReasonName = (typeof GEMINI_FINISH_REASONS)[number];
