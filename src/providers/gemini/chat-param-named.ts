/**
 * The chat request's field for each `generationConfig` field the gateway fills from one, so a
 * Google 400 about a translated request (`generation_config.candidate_count: must be … got 10`)
 * names the field the client sent (`n`).
 */
const CHAT_FIELD: Readonly<Record<string, string>> = {
  candidateCount: 'n',
  maxOutputTokens: 'max_tokens',
  temperature: 'temperature',
  topP: 'top_p',
  stopSequences: 'stop',
  seed: 'seed',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  responseLogprobs: 'logprobs',
  logprobs: 'top_logprobs',
  responseSchema: 'response_format',
  responseJsonSchema: 'response_format',
  responseMimeType: 'response_format',
};

/** `generation_config.candidate_count` or `generationConfig.candidateCount`, as Google's messages write a field's path. */
const CONFIG_FIELD = /\bgeneration_?config\.([A-Za-z_]+)/i;

/**
 * The chat field a Google error message is about, when it names a generation setting the gateway
 * translated from one; undefined otherwise.
 *
 * @example chatParamOf('* GenerateContentRequest.generation_config.candidate_count: must be an integer between 1 and 8, got 10') // 'n'
 */
export function chatParamOf(message: string): string | undefined {
  const field = CONFIG_FIELD.exec(message)?.[1];
  if (field === undefined) return undefined;
  const camel = field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return Object.hasOwn(CHAT_FIELD, camel) ? CHAT_FIELD[camel] : undefined;
}
