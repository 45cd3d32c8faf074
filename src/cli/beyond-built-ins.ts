import { unservedBuiltIns } from '../config/embedded-default.js';
import { PRICED_MODELS } from '../tokens/price-table.js';

/**
 * The 404 words for a model the price table knows but a start without a config does not serve
 * (`o3-pro`, `gpt-5`, `claude-opus-4-1`): the README says models such as o3-pro answer every
 * client, and `npm start` with OPENAI_API_KEY answered only "not configured on this gateway".
 * Each says which models a start without a config has (`served`, its banner's), and the config
 * line that serves this one. Names the price table writes with a date (`…-2024-08-06`) are left
 * to the usual 404, which names the model a typo meant.
 *
 * @example beyondBuiltIns(['gpt-5.4-mini']).get('o3-pro') // 'a gateway started without a config serves only the models its banner lists (gpt-5.4-mini); …'
 */
export function beyondBuiltIns(served: readonly string[], priced: readonly string[] = PRICED_MODELS): ReadonlyMap<string, string> {
  const servedSet = new Set(served);
  const beyond = new Map<string, string>();
  for (const name of priced) {
    if (servedSet.has(name) || /-\d{4}-\d{2}-\d{2}$/.test(name)) continue;
    const type = name.startsWith('claude-') ? 'anthropic' : name.startsWith('gemini-') ? 'gemini' : 'openai';
    beyond.set(
      name,
      `a gateway started without a config serves only the models its banner lists (${served.join(', ')}); a config serves this one under models: (models: { ${name}: { provider: NAME, model: ${name} } }, NAME a provider of type ${type}, as in the README's Configuration)`,
    );
  }
  return beyond;
}

/**
 * What a start without a config refuses with words of its own: the built-in models whose
 * provider key is missing (`unservedBuiltIns`, which wins) and the priced models beyond them.
 */
export function unservedWithoutConfig(env: Record<string, string | undefined>, served: readonly string[]): ReadonlyMap<string, string> {
  return new Map([...beyondBuiltIns(served), ...unservedBuiltIns(env)]);
}
