export { actionFor, allowSet, PII_ACTIONS, piiPolicySchema, type PiiAction, type PiiPolicy, type PiiPolicyInput } from './policy.js';
export { redactChatRequest, type PiiOutcome, type RedactionResult } from './redact-chat-request.js';
export { redactText, type PolicyFinding } from './redact-text.js';
export { restoreChatCompletion, restoreText, type RestoreOptions } from './restore.js';
export { createStreamRestorer, type StreamRestorer } from './stream-restorer.js';
export { createVault, PLACEHOLDER_PATTERN, type PiiVault } from './vault.js';
export { type NativeRedaction, redactAnthropicRequest } from './redact-anthropic-request.js';
export { redactResponsesRequest } from './redact-responses-request.js';
export { redactGeminiRequest } from './redact-gemini-request.js';
