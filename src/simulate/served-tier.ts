/**
 * How a simulated answer says it was served and billed, as each vendor says it: OpenAI's
 * `service_tier` names the tier that *served* the request (which is the one billed), Claude's
 * usage names its tier, fast mode (`speed`) and region (`inference_geo`). A script's `service_tier`
 * stands for what the simulator cannot know: an organisation with Claude Priority Tier capacity
 * (`priority`), or a flex request OpenAI served at standard (`default`).
 */
import type { JsonObject } from '../core/openai-wire.js';
import type { ScriptRule } from './types.js';

const OPENAI_TIERS = new Set(['flex', 'priority', 'scale']);

/**
 * The models OpenAI serves on its `ultrafast` tier: GPT-6.2 Astra, GPT-6.2 Sol, GPT-6 Astra and
 * GPT-6.1 Sol (OpenAI's Ultrafast guide, 2026-12), and GPT-5.6 Sol, its first preview ("currently
 * available for `gpt-5.6-sol`", openai 7.5's `ServiceTier`); any other is served as `auto` would be.
 */
const ULTRAFAST_MODELS = new Set(['gpt-6.2-astra', 'gpt-6.2-sol', 'gpt-6-astra', 'gpt-6.1-sol', 'gpt-5.6-sol']);

/**
 * OpenAI's `service_tier` of an answer: the script's, else the tier asked for (`flex`, `priority`,
 * `scale` are served as asked; `fast`, fast mode's name for priority, answers `priority`, as OpenAI
 * says it does "regardless of if you specify `fast` or `priority`"; `ultrafast` as asked on the
 * models that have it), else `default` (what OpenAI answers for `auto` and for none).
 *
 * @example openAIServedTier({ service_tier: 'flex' }, undefined) // 'flex'
 * @example openAIServedTier({ service_tier: 'fast' }, undefined) // 'priority'
 * @example openAIServedTier({ service_tier: 'auto' }, undefined) // 'default'
 */
export function openAIServedTier(body: JsonObject, script: ScriptRule | undefined): string {
  if (script?.service_tier) return script.service_tier === 'standard' ? 'default' : script.service_tier;
  const asked = body.service_tier;
  if (asked === 'fast') return 'priority';
  if (asked === 'ultrafast') return typeof body.model === 'string' && ULTRAFAST_MODELS.has(body.model) ? 'ultrafast' : 'default';
  return typeof asked === 'string' && OPENAI_TIERS.has(asked) ? asked : 'default';
}

/**
 * The billing fields of Claude's usage: `service_tier` (the script's `priority`, else `standard`;
 * a `standard_only` request is never served at priority), `inference_geo` as asked (`us` or
 * `global`; `not_available` for a request that names none, as Claude sends it) and `speed`
 * (`fast` when fast mode was asked for, else `standard`).
 *
 * @example claudeBillingFields({ inference_geo: 'us', speed: 'fast' }, undefined) // { service_tier: 'standard', inference_geo: 'us', speed: 'fast' }
 */
export function claudeBillingFields(body: JsonObject, script: ScriptRule | undefined): { service_tier: 'standard' | 'priority'; inference_geo: string; speed: 'standard' | 'fast' } {
  const priority = script?.service_tier === 'priority' && body.service_tier !== 'standard_only';
  const geo = body.inference_geo === 'us' || body.inference_geo === 'global' ? body.inference_geo : 'not_available';
  return { service_tier: priority ? 'priority' : 'standard', inference_geo: geo, speed: body.speed === 'fast' ? 'fast' : 'standard' };
}
