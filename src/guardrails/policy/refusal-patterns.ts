/**
 * The refusal patterns and their matcher, without the config schema (refusal.ts): the trace-write
 * thread scores every stored answer with the defaults (monitoring's `refused` signal), and
 * importing refusal.ts there loaded zod, 95 modules in that thread's heap for a schema it never
 * parses (docs/measurements.md, "The gateway's memory under load: zod out of the trace thread ...").
 */

/**
 * How models say no, in several phrasings. Each pattern is a fixed phrase with bounded
 * alternatives (no nested repetition), matched on lower-cased text with typographic
 * apostrophes straightened.
 */
const SUBJECT = "(?:i|we)(?:'m| am|'re| are)?";
const NEGATION =
  "(?:can't|cannot|can ?not|won't be able to|will not be able to|won't|will not|am unable to|'m unable to|am not able to|'m not able to|are unable to|must decline to|am not allowed to|'m not allowed to|am not permitted to|'m not permitted to|don't feel comfortable|do not feel comfortable|'m not comfortable|am not comfortable|shouldn't|should not|must not)";
// Not "tell", "make" or "recommend" (as in "I can't recommend it enough"), nor "help but".
const VERB =
  '(?:help(?! but\\b)|assist|provide|comply|do that|do this|fulfil|fulfill|support|create|write|generate|share|give|answer|engage|continue|participate|produce|offer|discuss|tell you that|explain how|complete|carry out|go along|describe how|disclose|reveal)';

export const DEFAULT_REFUSAL_PATTERNS: readonly RegExp[] = [
  new RegExp(`\\b${SUBJECT} ?${NEGATION}\\s+(?:\\w+\\s+)?${VERB}\\b`),
  /\b(?:i'm|i am|we're|we are) (?:sorry|afraid)[,.!]? (?:but )?(?:i|we) (?:can't|cannot|can not|won't|will not|am unable|'m unable|'m not able|am not able)\b/,
  /\b(?:sorry|apologies|i apologi[sz]e)[,.!]? (?:but )?(?:i|we) (?:can't|cannot|can not|won't|will not|'m unable|am unable|'m not able|am not able)\b/,
  /\bas an ai(?: language model| assistant| model)?[, ]+(?:i|we) (?:can't|cannot|can not|don't|do not|am not|'m not|won't|will not|must not)\b/,
  /\b(?:i|we) must (?:respectfully )?(?:decline|refuse)\b/,
  /\b(?:against|violates?|violating|goes against|not in line with) (?:my|our|the|openai's|anthropic's) (?:guidelines|policies|policy|principles|programming|usage policies|content policy|ethical guidelines|terms)\b/,
  /\b(?:that's|that is|this is|it's|it is) not something (?:i|we) (?:can|will|am able to) (?:help|assist|do|provide)\b/,
  /\bi (?:won't|will not|refuse to) (?:be )?(?:help|assist|provide|participate|engage|write|create|generate)\w*\b/,
  /\b(?:lo siento|disculpa)[,.]? (?:pero )?no puedo\b/,
  /\b(?:je suis désolé|désolé|je regrette)[,.]? (?:mais )?je ne (?:peux|suis) pas\b/,
  /\b(?:es tut mir leid|leider)[,.]? (?:aber )?(?:ich kann|kann ich) (?:\w+ ){0,2}(?:nicht|keine)\b/,
];

/** How far into an answer a refusal is looked for unless a config says otherwise. */
export const DEFAULT_REFUSAL_WINDOW_CHARS = 400;

export interface RefusalResult {
  refused: boolean;
  /** 1 when the refusal opens the answer, less the later it starts in the window, 0 for none. */
  score: number;
  /** Which pattern or phrase matched, for reports. */
  matched?: string;
}

/**
 * Whether `text` opens with a refusal by `patterns`, looked for in its first `windowChars`
 * characters (lower-cased, typographic apostrophes straightened).
 *
 * @example matchRefusal("I'm sorry, but I can't help with that.", 400, DEFAULT_REFUSAL_PATTERNS).refused // true
 */
export function matchRefusal(text: string, windowChars: number, patterns: readonly RegExp[]): RefusalResult {
  const opening = text.slice(0, windowChars).toLowerCase().replaceAll('’', "'");
  let best: RefusalResult = { refused: false, score: 0 };
  for (const pattern of patterns) {
    const match = pattern.exec(opening);
    if (match === null) continue;
    // A refusal in the first sentence is certain; one further in still counts, a little less.
    const score = match.index < 120 ? 1 : Math.max(0.6, 1 - match.index / (2 * windowChars));
    if (score > best.score) best = { refused: true, score, matched: pattern.source.slice(0, 60) };
  }
  return best;
}
