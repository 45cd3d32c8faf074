import type { Config } from './schema.js';
import { configSchema } from './schema.js';

/** Where the embedded default sends requests when no provider key is set. */
export interface SimulatorEndpoint {
  url: string;
}

/**
 * The configuration `switchyard serve` uses without a config file: real providers for the API
 * keys found in the environment, otherwise the built-in simulator under the model names apps
 * already use, so an unchanged app works against it. Providers backed by the simulator are
 * marked `simulated`, and the banner says so.
 */
export function embeddedDefault(env: Record<string, string | undefined>, simulator?: SimulatorEndpoint): Config {
  const providers: Record<string, unknown> = {};
  const models: Record<string, unknown> = {};
  if (env.OPENAI_API_KEY) {
    providers.openai = { type: 'openai', base_url: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1', api_key: env.OPENAI_API_KEY };
    for (const name of ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4.1', 'text-embedding-3-small']) models[name] = { provider: 'openai', model: name };
  }
  if (env.ANTHROPIC_API_KEY) {
    providers.anthropic = { type: 'anthropic', base_url: env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com', api_key: env.ANTHROPIC_API_KEY };
    for (const name of ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1']) models[name] = { provider: 'anthropic', model: name };
  }
  if (simulator) {
    providers['simulated-openai'] = { type: 'openai', base_url: `${simulator.url}/v1`, api_key: 'sk-simulated', simulated: true };
    providers['simulated-anthropic'] = { type: 'anthropic', base_url: simulator.url, api_key: 'sk-ant-simulated', simulated: true };
    // List prices of the real models, so cost accounting shows what the traffic would cost.
    models['gpt-4o-mini'] = { provider: 'simulated-openai', model: 'gpt-4o-mini' };
    models['gpt-4o'] = { provider: 'simulated-openai', model: 'gpt-4o' };
    models['claude-sonnet-4-5'] = { provider: 'simulated-anthropic', model: 'claude-sonnet-4-5' };
    models['text-embedding-3-small'] = { provider: 'simulated-openai', model: 'text-embedding-3-small' };
  }
  return configSchema.parse({
    server: { port: Number(env.PORT ?? 4000) },
    store: { sqlite: env.SWITCHYARD_DB ?? '.switchyard/switchyard.db' },
    providers,
    models,
  });
}

/** True when the environment names no real provider, so the simulator must stand in. */
export function needsSimulator(env: Record<string, string | undefined>): boolean {
  return !env.OPENAI_API_KEY && !env.ANTHROPIC_API_KEY;
}
