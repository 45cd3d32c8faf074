import { quoteClipped } from '../core/clip.js';
import { BIDI_CONTROLS } from '../core/terminal-text.js';
import { BUILT_IN_MODELS } from './embedded-default.js';
import { knownOnce } from './known-names.js';
import type { Config } from './schema.js';

/** A model name's length at most: what a route's target (and so a client's `model`) can name. */
export const MAX_MODEL_NAME_CHARS = 256;

/** C0 and C1 controls, DEL, and the bidirectional controls (terminal-text's set). */
const HIDDEN = new RegExp(`[\u0000-\u001f\u007f-\u009f${BIDI_CONTROLS}]`);

/** How every reference check words a name that is neither a model nor a route. */
const UNKNOWN_NAME = /: unknown (target|model)\b/;

/**
 * Said once, first, when a file that defines no models names some: such a file is usually an
 * example (the README's routes) written for the models `switchyard serve` has without a config,
 * and a line per target saying "models: none" does not say why there are none.
 */
const NO_MODELS = `models: none defined, so no name below can be found: a config file replaces the built-in models (${BUILT_IN_MODELS.join(', ')}) of a start without one; define the ones you use under providers: and models: (README, "Configuration"; examples/switchyard.sim.yaml fronts the simulator)`;

/**
 * Checks what the schema cannot of the `models` section: a name a route can name, exactly one way
 * to send requests, and providers that are configured.
 *
 * @example validateModels({ small: { provider: 'sim', model: 'x', … } }, {}) // ['models.small.provider: unknown provider "sim" (none configured)']
 */
export function validateModels(models: Config['models'], providers: Readonly<Record<string, unknown>>): string[] {
  const errors: string[] = [];
  const known = knownOnce(() => Object.keys(providers));
  const checkProvider = (path: string, name: string) => {
    if (!Object.hasOwn(providers, name)) errors.push(`${path}: unknown provider "${name}" (${known()})`);
  };
  for (const [name, model] of Object.entries(models)) {
    if (name.length > MAX_MODEL_NAME_CHARS) {
      errors.push(`models: the model name ${quoteClipped(name, 60)} has ${name.length} characters; at most ${MAX_MODEL_NAME_CHARS} (a route's target can name no longer one)`);
      continue;
    }
    // A route's name is held to a plain alphabet; a model's may be anything a provider calls one,
    // but never a control or a bidi override: it goes into the banner, headers, traces and the
    // dashboard, where an RLO reorders what is shown and a BEL or ESC reaches the terminal.
    if (HIDDEN.test(name)) {
      errors.push(`models: the model name ${quoteClipped(name, 60)} holds a control character or a bidirectional override; a model name is shown in headers, traces and the dashboard: remove it`);
      continue;
    }
    const path = `models.${name}`;
    const ways = [model.provider !== undefined, model.fallbacks !== undefined, model.loadbalance !== undefined].filter(Boolean).length;
    if (ways !== 1) {
      errors.push(`${path}: give exactly one of "provider" (with "model"), "fallbacks" or "loadbalance"`);
      continue;
    }
    if (model.provider !== undefined) {
      checkProvider(`${path}.provider`, model.provider);
      if (model.model === undefined) errors.push(`${path}.model: expected the provider's model name, got nothing`);
    }
    model.fallbacks?.forEach((target, i) => checkProvider(`${path}.fallbacks[${i}].provider`, target.provider));
    model.loadbalance?.forEach((target, i) => checkProvider(`${path}.loadbalance[${i}].provider`, target.provider));
  }
  return errors;
}

/**
 * `errors`, led by why no name can be found when the config defines no models and some error is
 * an unknown name.
 */
export function withNoModelsNote(errors: string[], models: Config['models']): string[] {
  if (Object.keys(models).length === 0 && errors.some((error) => UNKNOWN_NAME.test(error))) errors.unshift(NO_MODELS);
  return errors;
}
