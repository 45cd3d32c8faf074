import type { Random } from '../core/clock.js';
/**
 * Deterministic text: a hash of the request seeds a small PRNG that assembles readable
 * sentences from a fixed vocabulary, so the same request always gets the same answer and
 * different requests get visibly different ones, at the cost of a few microseconds.
 */

export type Rng = Random;

/**
 * Picks one element; the arrays here are constant and non-empty.
 *
 * @example pick(seededRandom(1), ['a', 'b']) // 'a' or 'b', the same every time
 */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

const SUBJECTS = [
  'The gateway', 'A small model', 'Each request', 'The review queue', 'Our evaluation',
  'The cache', 'A careful reader', 'This route', 'The team', 'The dashboard', 'A good prompt',
  'The simulator', 'Every trace', 'The budget', 'A clear answer', 'The fallback chain',
] as const;
const VERBS = [
  'measures', 'improves', 'routes', 'summarises', 'checks', 'balances', 'explains', 'records',
  'compares', 'protects', 'shortens', 'clarifies', 'reviews', 'tracks', 'validates', 'ranks',
] as const;
const OBJECTS = [
  'the latency budget', 'every answer', 'the evaluation set', 'a few examples', 'the main idea',
  'the cost per request', 'the user question', 'each step', 'the expected output',
  'the slowest path', 'the error rate', 'the final result', 'the relevant facts', 'the plan',
] as const;
const TAILS = [
  'with little effort', 'in most cases', 'before anything else', 'without surprises',
  'step by step', 'for the next release', 'at a fraction of the cost', 'as expected',
  'in plain words', 'with good accuracy', 'under heavy load', 'on the first try',
] as const;
const OPENERS = ['Regarding', 'About', 'On the topic of', 'As for', 'Considering'] as const;

/**
 * Words an answer may echo: the last few of the user's text (where the topic usually is:
 * "Tell me about rate limits"), letters and digits only, and a guardrail's placeholder
 * ("<PERSON_1>") whole, as models repeat it, so the gateway can put the value back.
 *
 * @example echoWords('Tell me about rate limits!', 3) // ['about', 'rate', 'limits']
 */
export function echoWords(text: string, count: number): string[] {
  const words = text.match(/<[A-Z][A-Z_]*_\d{1,9}>|[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
  return words.slice(Math.max(0, words.length - count));
}

/**
 * A readable answer of one to five sentences, echoing a few words of the user's message.
 *
 * @example generateText(seededRandom(7), 'What is a gateway?')
 * // 'Regarding "is a gateway", here is a short answer. The simulator compares the cost per request for the next release. …'
 */
export function generateText(rng: Rng, userText: string): string {
  const echo = echoWords(userText, 3 + Math.floor(rng() * 4));
  const parts: string[] = [];
  if (echo.length > 0) parts.push(`${pick(rng, OPENERS)} "${echo.join(' ')}", here is a short answer.`);
  const sentences = 1 + Math.floor(rng() * 4);
  for (let i = 0; i < sentences; i++) parts.push(generateSentence(rng));
  return parts.join(' ');
}

/**
 * One sentence: subject, verb, object and a tail.
 *
 * @example generateSentence(seededRandom(4)) // 'A clear answer balances a few examples with little effort.'
 */
export function generateSentence(rng: Rng): string {
  return `${pick(rng, SUBJECTS)} ${pick(rng, VERBS)} ${pick(rng, OBJECTS)} ${pick(rng, TAILS)}.`;
}

/**
 * A short phrase (two to four words), for string values in generated JSON.
 *
 * @example generatePhrase(seededRandom(2)) // 'the error'
 */
export function generatePhrase(rng: Rng): string {
  const words = `${pick(rng, OBJECTS)} ${pick(rng, TAILS)}`.split(' ');
  return words.slice(0, 2 + Math.floor(rng() * 3)).join(' ');
}

/**
 * A word from the vocabulary, for alternatives in `top_logprobs`.
 *
 * @example generateWord(seededRandom(5)) // 'rate'
 */
export function generateWord(rng: Rng): string {
  return pick(rng, pick(rng, [VERBS, OBJECTS]) as readonly string[]).split(' ').pop() ?? 'the';
}

const TOKEN_PATTERN = /\s*\S{1,6}|\s+/g;

/**
 * Splits text into output "tokens": a word with its leading space, long words in pieces of six
 * characters. The pieces join back to the text exactly, and each becomes one stream delta.
 *
 * @example splitTokens('Hello there, world') // ['Hello', ' there,', ' world']
 */
export function splitTokens(text: string): string[] {
  return text.match(TOKEN_PATTERN) ?? [];
}

/**
 * Cheap token estimate for prompts: four characters a token. A tokenizer would be exact, and
 * far too slow for a simulator that serves thousands of requests a second.
 *
 * @example estimateTokens(9) // 3
 */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export interface Truncation {
  pieces: string[];
  text: string;
  /** Why the text ended: naturally, at `maxTokens`, or before a stop sequence. */
  finish: 'stop' | 'length' | 'stop_sequence';
  stopSequence: string | null;
}

/**
 * Applies stop sequences (the earliest occurrence wins, and is not included) and then the
 * token limit, the way a model that generated `text` would have stopped.
 *
 * @example truncate('one two three', ['three'], 10) // text 'one two ', finish 'stop_sequence'
 * @example truncate('one two three', [], 2)          // text 'one two', finish 'length'
 */
export function truncate(text: string, stops: readonly string[], maxTokens: number | undefined): Truncation {
  let cut = text;
  let stopSequence: string | null = null;
  let at = -1;
  for (const stop of stops) {
    if (stop.length === 0) continue;
    const index = text.indexOf(stop);
    if (index >= 0 && (at < 0 || index < at)) {
      at = index;
      stopSequence = stop;
    }
  }
  if (stopSequence !== null) cut = text.slice(0, at);
  const pieces = splitTokens(cut);
  if (maxTokens !== undefined && pieces.length > maxTokens) {
    const kept = pieces.slice(0, Math.max(0, maxTokens));
    return { pieces: kept, text: kept.join(''), finish: 'length', stopSequence: null };
  }
  return { pieces, text: cut, finish: stopSequence === null ? 'stop' : 'stop_sequence', stopSequence };
}
