/**
 * Sentences that only say the answer is not there ("The sources do not say.", "I don't know.",
 * "X is not mentioned in the context."). They state no fact, so a groundedness check has nothing
 * to hold against the context: the judge prompt already counts them as supported, and the lexical
 * pass, which would find "sources" and "say" nowhere in the chunks, must not fail them (a route
 * with `check: flag` sent every honest "not in the sources" answer to the review queue).
 * English only, like the lexical pass's stemmer.
 */

// Where the answer was looked for.
const WHERE = String.raw`(?:the\s+)?(?:provided\s+|given\s+|retrieved\s+|above\s+|available\s+)?(?:sources?|context|passages?|documents?|documentation|knowledge\s+base|handbook|manual|information|texts?|excerpts?)`;
const NOT = String.raw`(?:do|does|did)\s*(?:not|n['’]t)`;
const SAY = String.raw`(?:say|mention|state|specify|contain|include|cover|answer|provide|address|tell|give|explain|discuss)`;
const I_CANNOT = String.raw`(?:do\s*(?:not|n['’]t)|cannot|can['’]t|could\s*(?:not|n['’]t)|am\s+(?:not\s+able|unable)\s+to|was\s+(?:not\s+able|unable)\s+to)`;

const ABSTENTIONS: readonly RegExp[] = [
  // "The sources do not say how long …", "The provided context doesn't mention …"
  new RegExp(String.raw`^(?:sorry,?\s+|unfortunately,?\s+)?${WHERE}\s+${NOT}\s+${SAY}\b`, 'i'),
  // "I could not find support for an answer …", "I don't know.", "I can't answer that from …"
  new RegExp(String.raw`^(?:sorry,?\s+|unfortunately,?\s+)?i\s+${I_CANNOT}\s+(?:know|find|say|tell|answer|determine|see)\b`, 'i'),
  // "I'm not sure.", "I am not certain …"
  /^(?:sorry,?\s+)?i(?:['’]m|\s+am)\s+not\s+(?:sure|certain)\b/i,
  // "That is not mentioned in the sources.", "… are not covered by the documents."
  new RegExp(String.raw`\b(?:is|are|was|were)\s+not\s+(?:mentioned|stated|specified|covered|given|provided|found|included|addressed)\s+(?:in|by)\s+${WHERE}\W*$`, 'i'),
  // "There is no information about that in the sources."
  new RegExp(String.raw`^there\s+(?:is|was)\s+no\s+(?:information|mention|answer)\b.*\b(?:in|from)\s+${WHERE}\W*$`, 'i'),
];

/** A number, or a turn to a second clause ("…, but the warranty lasts", "…; it costs"), is a claim. */
const CLAIM_INSIDE = /\p{N}|[;:]|,\s*(?:but|however|although|though|yet|so|and)\b|\b(?:but|however|although|instead)\b/iu;

/**
 * Whether a sentence only says the answer is not there (and so states no fact to check).
 *
 * @example isAbstention('The sources do not say.') // true
 * @example isAbstention('The sources do not say, but refunds take 5 days.') // false
 */
export function isAbstention(sentence: string): boolean {
  const text = sentence.trim();
  if (text.length > 300 || CLAIM_INSIDE.test(text)) return false;
  return ABSTENTIONS.some((pattern) => pattern.test(text));
}
