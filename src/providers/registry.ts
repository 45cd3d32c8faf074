import type { ProviderConfig } from '../config/schema.js';
import { AnthropicProvider } from './anthropic/anthropic-provider.js';
import { GeminiProvider } from './gemini/gemini-provider.js';
import { OpenAICompatibleProvider } from './openai-compatible/openai-provider.js';
import type { ChatProvider } from './spec.js';

type ProviderFactory = (name: string, config: ProviderConfig) => ChatProvider;

/** One line per wire format a provider can speak (`providers.<name>.type` in the config). */
const FACTORIES: Record<ProviderConfig['type'], ProviderFactory> = {
  openai: (name, config) => new OpenAICompatibleProvider(name, config),
  anthropic: (name, config) => new AnthropicProvider(name, config),
  gemini: (name, config) => new GeminiProvider(name, config),
};

/**
 * Builds a provider from its config entry.
 *
 * @example const openai = createProvider('openai', { type: 'openai', base_url: 'https://api.openai.com/v1', … });
 */
export function createProvider(name: string, config: ProviderConfig): ChatProvider {
  return FACTORIES[config.type](name, config);
}
