/**
 * How much each Gemini model can be told to think, in one table: the simulator refuses what
 * Google refuses, and the gateway's translation sends a level or budget the model takes.
 *
 * Gemini 3 and later take a `thinkingLevel` and cannot turn thinking off. Google's thinking
 * guide: Gemini 3 Pro takes LOW and HIGH; Gemini 3.1 Pro LOW, MEDIUM and HIGH; the Flash and
 * Flash-Lite models MINIMAL to HIGH, but Gemini 3.7 Flash (and 3.8 Flash, whose row in Google's
 * table starts at LOW) not MINIMAL. Google answers any other level 400 "Thinking level MEDIUM is
 * not supported for this model. Please retry with other thinking level." (chatwise-releases#1206).
 * XHIGH (`@google/genai` 3.6's `ThinkingLevel.XHIGH`) is taken by Gemini 4 Hydrogen and Neon,
 * which start at LOW (the AI SDK's `@ai-sdk/google` 4.0.123 model table: `low` to `xhigh`); the
 * other Gemini 4 models stop at HIGH.
 *
 * Gemini 2.5 takes a `thinkingBudget` in tokens: 2.5 Pro 128–32,768 and cannot turn thinking off
 * ("Budget 0 is invalid. This model only works in thinking mode."); 2.5 Flash 1–24,576, 0 off;
 * 2.5 Flash-Lite 512–24,576, 0 off.
 */

import { nearestInOrder } from './nearest-in-order.js';

/** Gemini's thinking levels, least to most. */
export const GEMINI_LEVELS = ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH', 'XHIGH'] as const;
export type GeminiLevel = (typeof GEMINI_LEVELS)[number];
/**
 * The level `value` names, read in any case as Google reads its enums (the AI SDK sends "high");
 * undefined for anything else. Only ASCII letters are folded: JavaScript upper-cases the Turkish
 * dotless "ı" to "I", which read "hıgh" as HIGH.
 *
 * @example geminiLevelOf('high') // 'HIGH'
 * @example geminiLevelOf('hıgh') // undefined
 */
export function geminiLevelOf(value: unknown): GeminiLevel | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z]{1,8}$/.test(value)) return undefined;
  const upper = value.toUpperCase();
  return GEMINI_LEVELS.find((level) => level === upper);
}

/** What a Gemini 3 or later model the table does not name takes. */
const USUAL_LEVELS: readonly GeminiLevel[] = ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'];

const PREFIX = '(?:^|/)gemini-';
const LEVELS: readonly (readonly [RegExp, readonly GeminiLevel[]])[] = [
  [new RegExp(`${PREFIX}3-pro`), ['LOW', 'HIGH']],
  [new RegExp(`${PREFIX}3\\.1-pro`), ['LOW', 'MEDIUM', 'HIGH']],
  [new RegExp(`${PREFIX}3\\.[78]-flash(?!-lite)`), ['LOW', 'MEDIUM', 'HIGH']],
  [new RegExp(`${PREFIX}4-(?:hydrogen|neon)(?:-|$)`), ['LOW', 'MEDIUM', 'HIGH', 'XHIGH']],
];
const LEVELLED = /(?:^|\/)gemini-(?:[3-9]|\d\d)/;

/**
 * The thinking levels `model` takes, least first; undefined for a model that takes a budget
 * instead (Gemini 2.5) or is not Gemini's. A Gemini 3 or later model this table does not name
 * takes MINIMAL to HIGH.
 *
 * @example thinkingLevels('gemini-3-pro-preview') // ['LOW', 'HIGH']
 * @example thinkingLevels('gemini-3-flash-preview') // ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH']
 * @example thinkingLevels('gemini-2.5-flash') // undefined
 */
export function thinkingLevels(model: string): readonly GeminiLevel[] | undefined {
  if (!LEVELLED.test(model)) return undefined;
  for (const [pattern, levels] of LEVELS) if (pattern.test(model)) return levels;
  return USUAL_LEVELS;
}

/**
 * The level `model` takes nearest to `level` (the least it takes below it, the most above, the
 * higher of two as near: a client asking for MEDIUM on Gemini 3 Pro wanted more than LOW);
 * undefined for a model that does not take levels.
 *
 * @example nearestLevel('gemini-3-pro-preview', 'MINIMAL') // 'LOW'
 * @example nearestLevel('gemini-3-pro-preview', 'MEDIUM') // 'HIGH'
 */
export function nearestLevel(model: string, level: GeminiLevel): GeminiLevel | undefined {
  const taken = thinkingLevels(model);
  return taken === undefined ? undefined : nearestInOrder(GEMINI_LEVELS, taken, level, 'higher');
}

/**
 * Google's 400 for a level `model` does not take, or undefined when it takes it (or is not a
 * levelled model: Google's words for those are its own, "Thinking level is not supported for this model.").
 *
 * @example refusedLevelMessage('gemini-3-pro-preview', 'MEDIUM') // 'Thinking level MEDIUM is not supported for this model. Please retry with other thinking level.'
 */
export function refusedLevelMessage(model: string, level: string): string | undefined {
  const taken = thinkingLevels(model);
  if (taken === undefined || !(GEMINI_LEVELS as readonly string[]).includes(level) || (taken as readonly string[]).includes(level)) return undefined;
  return `Thinking level ${level} is not supported for this model. Please retry with other thinking level.`;
}

/** A Gemini 2.5 model's budget bounds, in tokens, and whether 0 turns its thinking off. */
export interface BudgetBounds {
  min: number;
  max: number;
  canStop: boolean;
}

/**
 * Budget bounds of the Gemini 2.5 models; undefined for models that are not budgeted thinkers.
 *
 * @example budgetBounds('gemini-2.5-pro') // { min: 128, max: 32768, canStop: false }
 */
export function budgetBounds(model: string): BudgetBounds | undefined {
  if (/(?:^|\/)gemini-2\.5-pro(?:-|$)/.test(model)) return { min: 128, max: 32_768, canStop: false };
  if (/(?:^|\/)gemini-2\.5-flash-lite(?:-|$)/.test(model)) return { min: 512, max: 24_576, canStop: true };
  if (/(?:^|\/)gemini-2\.5-flash(?:-|$)/.test(model)) return { min: 1, max: 24_576, canStop: true };
  return undefined;
}
