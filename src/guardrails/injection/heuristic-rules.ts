/**
 * Hand-written signs of prompt injection and jailbreaking, matched on normalised lower-case
 * text. Each has a weight per source: how much the rule alone should move the score. Strong,
 * unambiguous phrases ("ignore all previous instructions") weigh near 1; phrases that also occur
 * in ordinary text ("developer mode", "in your response") weigh little and need the classifier
 * to agree. Gaps between words are bounded (`[^.\n]{0,40}`), never nested, so every pattern
 * runs in linear time on hostile input.
 */
export type RuleCategory = 'override' | 'roleplay' | 'exfiltration' | 'delimiter' | 'indirect';

export interface HeuristicRule {
  id: string;
  category: RuleCategory;
  /** Shown in reasons; says what the text tries to do, never quotes it. */
  description: string;
  pattern: RegExp;
  weight: { user: number; indirect: number };
}

const VERB_IGNORE = '(?:ignore|ignoring|disregard|disregarding|forget|forgetting|skip|override|bypass|discard|abandon|overlook|neglect|drop)';
const PRIOR = '(?:previous|prior|preceding|above|earlier|former|original|initial|all|any|every|your|the|these|those|system|current|old)';
const RULES =
  '(?:instructions?|prompts?|rules|directions|directives|guidelines|commands|programming|constraints|restrictions|policies|guidance|orders|training|conditioning)';
const MODEL = '(?:ai|llm|language model|assistant|chatbot|chat bot|model|bot|gpt|chatgpt|claude)';

export const HEURISTIC_RULES: readonly HeuristicRule[] = [
  {
    id: 'ignore-previous-instructions',
    category: 'override',
    description: 'asks to ignore or override earlier instructions',
    pattern: new RegExp(`\\b${VERB_IGNORE}\\b[^.\\n]{0,30}?\\b${PRIOR}\\b[^.\\n]{0,25}?\\b${RULES}\\b`),
    weight: { user: 0.9, indirect: 0.95 },
  },
  {
    id: 'new-instructions',
    category: 'override',
    description: 'announces replacement instructions',
    pattern: /\b(?:new|updated|real|actual|true|revised|additional|important) (?:instructions?|task|rules|directives?|system prompt|system message)\s*[:!-]/,
    weight: { user: 0.35, indirect: 0.7 },
  },
  {
    id: 'from-now-on-you',
    category: 'override',
    description: 'redefines how the model behaves from now on',
    pattern: /\bfrom (?:now|this (?:moment|point)) on\b[^.\n]{0,30}?\byou(?: will| are| must| shall|'ll|'re| can| have| need)\b/,
    weight: { user: 0.35, indirect: 0.6 },
  },
  {
    id: 'no-longer-bound',
    category: 'override',
    description: 'claims the model is freed from its rules',
    pattern:
      /\b(?:you are|you're|you will be|you have been|you've been) (?:now )?(?:no longer|not) (?:bound|restricted|limited|constrained|required to follow)\b|\b(?:safety|content|usage|your) (?:rules|guidelines|restrictions|filters|policies) (?:no longer|do not|don't|does not|doesn't) apply\b|\b(?:freed|liberated|released|unshackled) from\b[^.\n]{0,30}\b(?:rules|restrictions|constraints|limitations|confines|shackles|guidelines)\b/,
    weight: { user: 0.7, indirect: 0.8 },
  },
  {
    id: 'do-anything-now',
    category: 'roleplay',
    description: 'uses the "do anything now" (DAN) jailbreak persona',
    pattern: /\bdo anything now\b|\bdan mode\b|\b(?:act|acting|pretend to be|respond|answer|reply) as dan\b|(?:^|\n)\s*dan:/,
    weight: { user: 0.8, indirect: 0.8 },
  },
  {
    id: 'jailbreak-mode',
    category: 'roleplay',
    description: 'switches the model into an unrestricted mode',
    pattern:
      /\b(?:jailbreak|jailbroken|unrestricted|unfiltered|uncensored|unlocked|evil|amoral|chaos|opposite|unhinged) mode\b|\bdeveloper mode (?:enabled|output|activated|on)\b|\b(?:enable|activate|enter|simulate)\b[^.\n]{0,15}\bdeveloper mode\b[^.\n]{0,40}\b(?:chatgpt|ai|model|assistant|you)\b/,
    weight: { user: 0.7, indirect: 0.8 },
  },
  {
    id: 'without-restrictions',
    category: 'roleplay',
    description: 'asks for answers without rules, filters or ethics',
    pattern:
      /\b(?:without|no|zero|free (?:of|from)|not bound by|not restricted by|(?:doesn'?t|does not|don'?t|do not|never) (?:follow|care about|abide by|adhere to|have))\b[^.\n]{0,30}?\b(?:restrictions|filters|filtering|censorship|limitations|ethics|ethical (?:guidelines|constraints|boundaries)|morals|morality|moral (?:guidelines|constraints)|content polic(?:y|ies)|safety (?:guidelines|protocols|measures|filters))\b/,
    weight: { user: 0.45, indirect: 0.5 },
  },
  {
    id: 'amoral-persona',
    category: 'roleplay',
    description: 'describes an amoral or uncensored AI persona',
    pattern: new RegExp(
      `\\b(?:amoral|unethical|immoral|unfiltered|uncensored|unrestricted|unbound|lawless)\\b[^.\\n]{0,30}?\\b${MODEL}s?\\b`,
    ),
    weight: { user: 0.55, indirect: 0.6 },
  },
  {
    id: 'never-refuse',
    category: 'roleplay',
    description: 'forbids refusals, warnings or disclaimers',
    pattern:
      /\b(?:never|not|don'?t|do not|cannot|can'?t|won'?t|will not|must not|mustn'?t|shouldn'?t|should not|without)\s+(?:ever\s+)?(?:refus(?:e|ing)|declin(?:e|ing)|reject(?:ing)?|say(?:ing)? no|apologi[sz](?:e|ing)|warn(?:ing)?|(?:add|adding|include|including|giving|give) (?:any )?(?:warnings|disclaimers|moral(?:s|izing)?))\b/,
    weight: { user: 0.4, indirect: 0.5 },
  },
  {
    id: 'openai-policy',
    category: 'roleplay',
    description: "talks about escaping the provider's content policy",
    pattern: /\b(?:openai|anthropic|google|meta)(?:'s)? (?:content |usage )?(?:polic(?:y|ies)|guidelines|rules|restrictions|filters)\b/,
    weight: { user: 0.3, indirect: 0.4 },
  },
  {
    id: 'stay-in-character',
    category: 'roleplay',
    description: 'insists the model stays in a persona',
    pattern: /\bstay(?:s|ing)? in character\b|\bbreak(?:s|ing)? character\b|\bremain in character\b/,
    weight: { user: 0.3, indirect: 0.4 },
  },
  {
    id: 'dual-response',
    category: 'roleplay',
    description: 'asks for a normal and an unrestricted answer side by side',
    pattern:
      /\b(?:two|2|both|dual|separate) (?:different |separate )?(?:responses|answers|paragraphs|outputs)\b[^.\n]{0,80}?\b(?:normal|classic|standard|filtered|jailbr\w*|unfiltered|developer|dan)\b|\[(?:🔓|🔒)?\s*(?:jailbreak|jailbroken|classic|developer mode output|normal output)\]/,
    weight: { user: 0.6, indirect: 0.6 },
  },
  {
    id: 'reveal-system-prompt',
    category: 'exfiltration',
    description: 'asks for the system prompt or hidden instructions',
    pattern:
      /\b(?:reveal|show|print|display|output|repeat|recite|tell me|give me|write out|share|leak|disclose|dump|spell out|return|paste|summari[sz]e)\b[^.\n]{0,30}?\b(?:your (?:confidential|hidden|secret|internal) (?:system )?(?:prompt|message|instructions)|system prompt|system message|system instructions|initial (?:prompt|instructions)|original (?:prompt|instructions)|hidden (?:prompt|instructions)|pre-?prompt|secret (?:prompt|instructions)|developer (?:message|prompt)|instructions you (?:were|have been) given)\b/,
    weight: { user: 0.7, indirect: 0.85 },
  },
  {
    id: 'repeat-text-above',
    category: 'exfiltration',
    description: 'asks to repeat the text that came before the message',
    pattern:
      /\b(?:repeat|print|output|copy|recite|echo)\b[^.\n]{0,20}?\b(?:the )?(?:words|text|everything|all (?:of )?the text|content|tokens)\b[^.\n]{0,15}?\b(?:above|before this|so far|verbatim|starting with)\b/,
    weight: { user: 0.55, indirect: 0.7 },
  },
  {
    id: 'chat-template-tokens',
    category: 'delimiter',
    description: 'contains chat-template control tokens',
    pattern:
      /<\|(?:im_start|im_end|system|user|assistant|endoftext|begin_of_text|start_header_id|end_header_id|eot_id)\|>|\[\/?inst\]|<<\/?sys>>|<\/?(?:system|sys|instructions?|admin)>/,
    weight: { user: 0.5, indirect: 0.8 },
  },
  {
    id: 'fake-role-header',
    category: 'delimiter',
    description: 'starts a line with a fake system or assistant header',
    pattern: /(?:^|\n)[ \t#*[(]{0,6}(?:system|developer|admin(?:istrator)?)(?: message| prompt| note| override)?[\])*]{0,2}[ \t]*:/,
    weight: { user: 0.3, indirect: 0.6 },
  },
  {
    id: 'end-of-context',
    category: 'delimiter',
    description: 'pretends the document or task has ended',
    pattern:
      /\bend of (?:the )?(?:document|context|email|input|text|data|user input|prompt|instructions)\b|\b(?:the )?(?:above|previous|original) (?:task|request|instructions?) (?:is|are|has been|have been) (?:complete|completed|done|finished|cancelled|void)\b/,
    weight: { user: 0.3, indirect: 0.7 },
  },
  {
    id: 'addresses-the-model',
    category: 'indirect',
    description: 'a document speaks to the AI that reads it',
    pattern: new RegExp(
      `\\b(?:note|message|instructions?|attention|important|reminder) (?:to|for) (?:the |any |all )?${MODEL}s?\\s*[:!-]|\\bif you are an? ${MODEL}\\b|\\b${MODEL}s? (?:reading|processing|summari[sz]ing|reviewing|analy[sz]ing) (?:this|these)\\b|\\bdear ${MODEL}\\b`,
    ),
    weight: { user: 0.4, indirect: 0.85 },
  },
  {
    id: 'shapes-the-response',
    category: 'indirect',
    description: "a document tells the reader what to put in its response",
    pattern:
      /\b(?:in|to|into|within|throughout|at the (?:end|start|beginning) of|before|after|with) (?:your|the|each|every) (?:response|answer|reply|output|completion|code|solution|implementation|program|script|codebase|algorithm)s?\b/,
    weight: { user: 0, indirect: 0.15 },
  },
  {
    id: 'encode-the-response',
    category: 'indirect',
    description: 'asks for the answer in an encoding or cipher',
    pattern:
      /\b(?:response|answer|reply|output|message)\b[^.\n]{0,30}?\b(?:base64|rot13|rot-13|hex(?:adecimal)?|morse|pig latin|emojis?|reverse(?:d)? (?:order|text)|caesar|cipher|leetspeak)\b|\b(?:encode|encrypt|reverse|translate)\b your (?:response|answer|reply|output)\b/,
    weight: { user: 0.1, indirect: 0.4 },
  },
];
