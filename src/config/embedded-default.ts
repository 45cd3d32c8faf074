import { SwitchyardError } from '../core/errors.js';
import { numberInRange } from '../core/number-flag.js';
import type { Config } from './schema.js';
import { configSchema } from './schema.js';

/**
 * Model names served without a config: each provider's current models (checked 2026-11 against
 * the official SDKs' model lists and deprecation tables; `claude-sonnet-4-5` reaches end of life
 * on 2026-11-30), plus `gpt-4o-mini`, which many apps still ask for by name, and
 * `claude-opus-4-8`, Claude Code's default model (2.1.197), so it works unchanged.
 */
export const OPENAI_MODELS = ['gpt-5.4-mini', 'gpt-5.4', 'gpt-4.1-mini', 'gpt-4o-mini', 'text-embedding-3-small'] as const;
export const ANTHROPIC_MODELS = ['claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-7', 'claude-opus-4-8'] as const;
/**
 * Google's, priced in the built-in table: the banner named the Gemini SDK, and no Gemini model
 * answered it. `gemini-embedding-001`, Google's embedding model, because `embedContent` from
 * Google's SDK had no model to name (with only GEMINI_API_KEY set, no embedding model at all).
 */
export const GEMINI_MODELS = ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-flash-preview', 'gemini-embedding-001'] as const;
/** Every name a start without a config can serve (which of them depends on the keys found). */
export const BUILT_IN_MODELS: readonly string[] = [...OPENAI_MODELS, ...ANTHROPIC_MODELS, ...GEMINI_MODELS];

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
    const baseUrl = env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
    // OpenAI itself runs the Responses API (built-in tools such as Codex's web search, reasoning
    // items); another server behind OPENAI_BASE_URL may only speak chat completions.
    const responses = isOpenAiItself(baseUrl) ? 'native' : 'translate';
    providers.openai = { type: 'openai', base_url: baseUrl, api_key: env.OPENAI_API_KEY, responses };
    for (const name of OPENAI_MODELS) models[name] = { provider: 'openai', model: name };
  }
  if (env.ANTHROPIC_API_KEY) {
    providers.anthropic = { type: 'anthropic', base_url: env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com', api_key: env.ANTHROPIC_API_KEY };
    for (const name of ANTHROPIC_MODELS) models[name] = { provider: 'anthropic', model: name };
  }
  if (env.GEMINI_API_KEY) {
    providers.gemini = { type: 'gemini', base_url: env.GEMINI_BASE_URL ?? 'https://generativelanguage.googleapis.com', api_key: env.GEMINI_API_KEY };
    for (const name of GEMINI_MODELS) models[name] = { provider: 'gemini', model: name };
  }
  if (simulator) {
    providers['simulated-openai'] = { type: 'openai', base_url: `${simulator.url}/v1`, api_key: 'sk-simulated', simulated: true };
    providers['simulated-anthropic'] = { type: 'anthropic', base_url: simulator.url, api_key: 'sk-ant-sim', simulated: true };
    providers['simulated-gemini'] = { type: 'gemini', base_url: simulator.url, api_key: 'AIza-simulated', simulated: true };
    // List prices of the real models, so cost accounting shows what the traffic would cost.
    for (const name of OPENAI_MODELS) models[name] = { provider: 'simulated-openai', model: name };
    for (const name of ANTHROPIC_MODELS) models[name] = { provider: 'simulated-anthropic', model: name };
    for (const name of GEMINI_MODELS) models[name] = { provider: 'simulated-gemini', model: name };
  }
  const port = env.PORT === undefined || env.PORT.trim() === '' ? 4000 : numberInRange(env.PORT.trim(), { min: 0, max: 65_535, integer: true });
  // Checked here: the schema's own error would name server.port, a field no one wrote.
  if (port === undefined) throw new SwitchyardError('config_invalid', `PORT must be an integer from 0 to 65535, got "${env.PORT}"`);
  return configSchema.parse({
    server: { port },
    store: { sqlite: env.SWITCHYARD_DB ?? '.switchyard/switchyard.db' },
    providers,
    models,
  });
}

/**
 * The built-in model names a start without a config leaves out for want of their provider's key,
 * each with what would serve it: with only OPENAI_API_KEY set, the README's `claude.mjs` was told
 * "model "claude-sonnet-4-6" is not configured" and no more. Empty when nothing is left out (every
 * key set, or none and the simulator serves them all).
 *
 * @example unservedBuiltIns({ OPENAI_API_KEY: 'sk-…' }).get('claude-sonnet-4-6') // 'without a config, Claude models are served when ANTHROPIC_API_KEY is set, and this gateway started with OPENAI_API_KEY only: …'
 */
export function unservedBuiltIns(env: Record<string, string | undefined>): ReadonlyMap<string, string> {
  const vendors = [
    { key: 'OPENAI_API_KEY', who: 'OpenAI', names: OPENAI_MODELS },
    { key: 'ANTHROPIC_API_KEY', who: 'Claude', names: ANTHROPIC_MODELS },
    { key: 'GEMINI_API_KEY', who: 'Gemini', names: GEMINI_MODELS },
  ];
  const found = vendors.filter((v) => env[v.key]).map((v) => v.key);
  const unserved = new Map<string, string>();
  if (found.length === 0) return unserved;
  const started = found.length === 1 ? `${found[0]} only` : found.join(' and ');
  for (const vendor of vendors) {
    if (env[vendor.key]) continue;
    const why = `without a config, ${vendor.who} models are served when ${vendor.key} is set, and this gateway started with ${started}: set ${vendor.key} and start it again (or unset every key to try all the models on the built-in simulator)`;
    for (const name of vendor.names) unserved.set(name, why);
  }
  return unserved;
}

function isOpenAiItself(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

/** True when the environment names no real provider, so the simulator must stand in. */
export function needsSimulator(env: Record<string, string | undefined>): boolean {
  return !env.OPENAI_API_KEY && !env.ANTHROPIC_API_KEY && !env.GEMINI_API_KEY;
}
