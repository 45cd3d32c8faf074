/** One gateway config for the Responses API tests: the same simulator behind every kind of provider. */
export function responsesConfig(simUrl: string): string {
  return `
providers:
  standin-openai: { type: openai, base_url: ${simUrl}/v1, api_key: sk-upstream }
  openai-native:  { type: openai, base_url: ${simUrl}/v1, api_key: sk-upstream, responses: native }
  standin-anthropic: { type: anthropic, base_url: ${simUrl}, api_key: sk-ant-upstream }
  google: { type: gemini, base_url: ${simUrl}, api_key: AIza-sim-key }
models:
  small:  { provider: standin-openai, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }
  native: { provider: openai-native, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }
  claude: { provider: standin-anthropic, model: claude-standin, price: { input_per_mtok: 3.00, output_per_mtok: 15.00 } }
  flash:  { provider: google, model: gemini-2.5-flash, price: { input_per_mtok: 0.30, output_per_mtok: 2.50 } }
keys:
  - { key: sk-sy-alpha-key, name: alpha }
  - { key: sk-sy-bravo-key, name: bravo }
retry: { base_delay_ms: 5, max_delay_ms: 50 }
`;
}

/** Every model, by the kind of provider behind it. */
export const MODELS = ['small', 'native', 'claude', 'flash'] as const;

/** A function tool the simulator's models call when asked to (`tool_choice: 'required'`). */
export const lookupOrder = {
  type: 'function' as const,
  name: 'lookup_order',
  description: 'Find an order by id',
  parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'], additionalProperties: false },
  strict: true,
};
