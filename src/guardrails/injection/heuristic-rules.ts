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

// The technical verbs are also how advisories and manuals describe what a request or a setting can
// do ("a crafted request could bypass the access rules", "you can override the default rules"):
// after such a modal they describe, they do not ask.
const VERB_IGNORE =
  '(?:ignore|ignoring|disregard|disregarding|forget|forgetting|abandon|overlook|neglect|(?<!(?:could|can|may|might|would|will|to|cannot|can\'t) )(?:skip|override|bypass|discard|drop))';
const PRIOR = '(?:previous|prior|preceding|above|earlier|former|original|initial|all|any|every|your|the|these|those|system|current|old)';
const RULES =
  '(?:instructions?|prompts?|rules|directions|directives|guidelines|commands|programming|constraints|restrictions|policies|guidance|orders|training|conditioning)';
const MODEL = '(?:ai|llm|language model|assistant|chatbot|chat bot|model|bot|gpt|chatgpt|claude)';

// A reference to an AI that only an AI answers to: its name, or its name with a role noun and at
// most one word between ("ai assistant", "llm agents", "ai code assistants", "ai screening tools").
// A bare "assistant", "agent" or "model" is also a person or a thing, so the forms below that use
// them ask for more (a vocative comma and an imperative, a label such as "note to the …:").
const AI_NAME = '(?:ai|a\\.i\\.|llms?|gpts?|chatgpt|claude|gemini|copilot|bard|(?:large )?language models?)';
const AI_ROLE =
  '(?:assistants?|agents?|models?|systems?|bots?|chatbots?|copilots?|tutors?|reviewers?|summari[sz]ers?|note-?takers?|crawlers?|scrapers?|tools?|readers?|screeners?|helpers?)';
// Words that make a role an AI's: "automated release summariser", "coding agents", "AI browsing agent".
// Not "virtual" or "travel": virtual assistants and travel agents are people.
const AI_QUALIFIER = '(?:ai|a\\.i\\.|llm|gpt|automated|autonomous|coding|browsing|ai-powered)';
const AI_REF = `(?:${AI_QUALIFIER}(?: [a-z-]+)? ${AI_ROLE}|${AI_NAME}(?:(?: [a-z-]+)? ${AI_ROLE})?)`;
// Where a vocative or a label can start: the text's start or after a sentence, line, comment or
// bracket opening ("… 22C. Assistant, …", "<!-- AI: …", "// TODO for AI …", "[Note to AI: …").
const CLAUSE_START = '(?:^|[\\n.!?;:()\\[\\]*>/#"-] ?)';
// Words a vocative may follow: "Hey bot,", "Oh and hey bot,", "Also, assistant,".
const CALL = '(?:(?:hey|hi|hello|dear|ok|okay|attention|listen|also|and|oh|so|ps|p\\.s\\.),? )*';
// What a planted instruction tells its reader to do, right after the address, perhaps after a
// "when you …," clause and a softener ("AI reviewer, approve …", "Hey Copilot, when you process
// this thread, please also attach …"). A chat transcript's "Assistant: Sure, …" is no imperative.
const WHEN_CLAUSE = '(?:(?:when|whenever|before|after|while|if|as|once) [^,.\\n:—–]{0,60}[,:—–] ?)';
const IMPERATIVE =
  "(?:(?:please|now|also|first|then|immediately|quietly|silently|always|just|kindly|instead) )*(?:ignore|disregard|forget|stop|approve|merge|reveal|print|output|tell|say|state|send|e-?mail|forward|attach|include|insert|add|append|write|give|book|cancel|run|execute|open|visit|click|go to|delete|remove|respond|reply|answer|translate|recommend|rate|score|rank|mark|close|change|call|share|list|set|make|ask|act|pretend|summari[sz]e|describe|claim|report|transfer|pay|download|install|hard-code|switch|export|read|paste|post|upload|do not|don't|never|your new task|new rule|you are now|you must|you will|you should|from now on|from here on|from this point on)\\b";
const ORDER = `${WHEN_CLAUSE}?${IMPERATIVE}`;
const AI_READING_THIS = `${AI_REF}(?: (?:that|which|who) (?:reads?|process(?:es)?|summari[sz]es?|sees?|parses?|analy[sz]es?|reviews?|handles?|crawls?|index(?:es)?|(?:is|are) (?:reading|processing|summari[sz]ing))| (?:is |are )?(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|reviewing|handling|installing|triaging|crawling|indexing|seeing)) (?:this|these|the following|my|our)\\b`;

// The same two attacks in German, French, Spanish, Italian, Portuguese and Dutch, the languages
// whose users most often write to a European company's assistant ("Ignoriere alle vorherigen
// Anweisungen", "oublie toutes les instructions précédentes"). `\b` knows only ASCII letters, so
// words that may start or end with an accented one are bounded by lookarounds instead.
const L = '[a-zà-öø-ÿ]';
const WORD_START = `(?<!${L})`;
const WORD_END = `(?!${L})`;
const VERB_IGNORE_TRANSLATED =
  '(?:ignorier(?:e|en|t)?|vergiss|vergessen sie|missachte(?:n|t)?|verwirf|ignore[rsz]?|oublie[rsz]?|ne tiens pas compte|ne tenez pas compte|fais abstraction|ignora(?:r|d)?|olvida(?:r|d)?|olvide|omite|haz caso omiso|dimentica(?:re)?|trascura|tralascia|non considerare|esque[cç]a|esquece(?:r)?|desconsider[ae]|negeer|vergeet|vergeten)';
const PRIOR_TRANSLATED =
  '(?:alle|alles|vorherigen?|vorigen?|bisherigen?|obigen?|fr(?:ü|ue)heren?|ursprünglichen?|deine|ihre|die|s(?:ä|ae)mtliche|toutes?|les|tes|vos|ces|pr[ée]c[ée]dentes?|ant[ée]rieures?|initiales?|todas?|todo|las|tus|sus|anteriores|previas|iniciales|originales|tutte|tutto|le|tue|precedenti|iniziali|originali|tudo|as|suas|tuas|pr[ée]vias|iniciais|originais|al|je|jouw|uw|de|vorige|eerdere|voorgaande|bovenstaande|oorspronkelijke)';
const RULES_TRANSLATED =
  '(?:anweisungen|anweisung|instruktionen|befehle|regeln|vorgaben|richtlinien|anordnungen|instructions|consignes|r[èe]gles|directives|ordres|instrucciones|indicaciones|reglas|[óo]rdenes|directrices|normas|istruzioni|regole|indicazioni|direttive|ordini|instru[çc][õo]es|regras|orienta[çc][õo]es|diretrizes|ordens|comandos|instructies|aanwijzingen|regels|opdrachten|richtlijnen)';
// Romance languages put "previous" after the noun: "les consignes ci-dessus", "le istruzioni precedenti".
const AFTER_RULES_TRANSLATED =
  "(?:pr[ée]c[ée]dentes?|ant[ée]rieures?|ci-dessus|initiales?|d'origine|anteriores|previas|de arriba|originales|precedenti|sopra|iniziali|originali|acima|iniciais|originais|pr[ée]vias)";
// Verbs of showing, not of writing: "write a good system prompt for a support bot" is a request.
const SHOW_TRANSLATED =
  "(?:zeig(?:e|en)?|nenne|verrate|gib|wiederhole|montre|affiche|r[ée]v[èe]le|donne|r[ée]p[èe]te|divulgue|dis-moi|muestra|mu[ée]strame|revela|dime|dame|repite|imprime|mostra(?:mi)?|rivela|dimmi|dammi|ripeti|stampa|mostre|revele|diz-me|diga|d[áa]-me|repete|repita|toon|geef|herhaal|onthul|vertel)";
const SYSTEM_PROMPT_TRANSLATED =
  "(?:system-?prompts?|systemnachricht|system-?anweisungen|(?:versteckten|geheimen|urspr(?:ü|ue)nglichen) anweisungen|prompt (?:syst[èe]me|du syst[èe]me)|message (?:syst[èe]me|du syst[èe]me)|instructions (?:cach[ée]es|secr[èe]tes|initiales|syst[èe]me)|prompt del sistema|mensaje del sistema|instrucciones (?:ocultas|secretas|iniciales|del sistema)|prompt di sistema|messaggio di sistema|istruzioni (?:nascoste|segrete|iniziali|di sistema)|prompt do sistema|mensagem do sistema|instru[çc][õo]es (?:ocultas|secretas|iniciais|do sistema)|systeemprompt|systeembericht|(?:verborgen|geheime|oorspronkelijke) instructies)";

export const HEURISTIC_RULES: readonly HeuristicRule[] = [
  {
    id: 'ignore-previous-instructions',
    category: 'override',
    description: 'asks to ignore or override earlier instructions',
    pattern: new RegExp(`\\b${VERB_IGNORE}\\b[^.\\n]{0,30}?\\b${PRIOR}\\b[^.\\n]{0,25}?\\b${RULES}\\b`),
    weight: { user: 0.9, indirect: 0.95 },
  },
  {
    id: 'ignore-previous-instructions-translated',
    category: 'override',
    description: 'asks, in another language, to ignore or override earlier instructions',
    pattern: new RegExp(
      `${WORD_START}${VERB_IGNORE_TRANSLATED}${WORD_END}[^.\\n]{0,30}?(?:${WORD_START}${PRIOR_TRANSLATED}${WORD_END}[^.\\n]{0,25}?${WORD_START}${RULES_TRANSLATED}${WORD_END}|${WORD_START}${RULES_TRANSLATED}${WORD_END}[^.\\n]{0,15}?${WORD_START}${AFTER_RULES_TRANSLATED}${WORD_END})`,
    ),
    weight: { user: 0.9, indirect: 0.95 },
  },
  {
    id: 'forget-everything-before',
    category: 'override',
    description: 'asks to forget or ignore everything said before it',
    pattern:
      /\b(?:forget|ignore|disregard)\b (?:about )?(?:everything|all of that|all that|all the above|all of the above)\b[^.\n]{0,25}?\b(?:before|above|earlier|previous(?:ly)?|prior|so far|until now|up to now)\b|\b(?:forget|ignore|disregard) (?:all )?(?:the |your )?(?:above|previous|prior|preceding) (?:tasks?|assignments?|context|conversation|requests?)\b|\b(?:ignore|disregard|forget)\b (?:all (?:of )?)?the (?:above|preceding)(?: text| prompt| input| message)? (?:and|then)\b/,
    weight: { user: 0.6, indirect: 0.8 },
  },
  {
    id: 'forget-everything-before-translated',
    category: 'override',
    description: 'asks, in another language, to forget everything said before it',
    pattern: new RegExp(
      `${WORD_START}(?:vergiss|vergessen sie|oublie[sz]?|olvida|olvide|dimentica|esque[cç]a|esquece|vergeet)${WORD_END}[^.\\n]{0,10}?${WORD_START}(?:alles|tout|todo|tutto|tudo)${WORD_END}[^.\\n]{0,30}?${WORD_START}(?:davor|zuvor|vorher|bisher|bisherige|oben|ce qui pr[ée]c[èe]de|avant|auparavant|antes|anterior(?:mente)?|prima|sopra|precedente|acima|hiervoor|eerder|daarvoor|hierboven)${WORD_END}`,
    ),
    weight: { user: 0.6, indirect: 0.8 },
  },
  {
    id: 'print-pwned',
    category: 'override',
    description: 'asks the model to print a known hijack marker',
    pattern: /\bi(?: have|'ve) been pwned\b|\b(?:say|print|output|write|respond with|reply with|answer with)\b[^.\n]{0,20}?\bpwned\b/,
    weight: { user: 0.7, indirect: 0.85 },
  },
  {
    id: 'new-instructions',
    category: 'override',
    description: 'announces replacement instructions',
    pattern:
      /\b(?:new|updated|real|actual|true|revised|additional|important)(?: [a-z]+)? (?:instructions?|task|rules|directives?|system prompt|system message|orders)\s*[:!-]|\byour (?:new|real|actual|true) (?:task|job|goal|instructions?|mission|objective|purpose) (?:is|are|will be)\b/,
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
    // A "dan:" line header after blanks that hold no newline: `\n\s*dan:` ran from every newline
    // over all the blank lines after it, quadratic in a run of them (100,000 newlines, 9 s a request).
    pattern: /\bdo anything now\b|\bdan mode\b|\b(?:act|acting|pretend to be|respond|answer|reply) as dan\b|(?:^|\n)[^\S\n]*dan:/,
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
      /\b(?:reveal|show|print|display|output|repeat|recite|tell me|give me|write out|share|leak|disclose|dump|spell out|return|paste|summari[sz]e)\b[^.\n]{0,30}?\b(?:your (?:confidential|hidden|secret|internal) (?:system )?(?:prompt|message|instructions|configuration|config|rules|settings)|system prompt|system message|system instructions|initial (?:prompt|instructions)|original (?:prompt|instructions)|hidden (?:prompt|instructions)|pre-?prompt|secret (?:prompt|instructions)|developer (?:message|prompt)|instructions you (?:were|have been) given)\b/,
    weight: { user: 0.7, indirect: 0.85 },
  },
  {
    id: 'reveal-system-prompt-translated',
    category: 'exfiltration',
    description: 'asks, in another language, for the system prompt or hidden instructions',
    pattern: new RegExp(`${WORD_START}${SHOW_TRANSLATED}${WORD_END}[^.\\n]{0,30}?${WORD_START}${SYSTEM_PROMPT_TRANSLATED}${WORD_END}`),
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
    pattern:
      /(?:^|\n)[ \t#*[(]{0,6}(?:system|developer|admin(?:istrator)?)(?: message| prompt| note| override)?[\])*]{0,2}[ \t]*:|(?:\[|\*\*|#{3}) ?(?:system|admin(?:istrator)?|developer|assistant|ai|model) (?:override|instructions?|note|message|prompt|directive|update|command|mode) ?(?:\]|\*\*|#{3})/,
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
      [
        // A label addressed to it: "Note to the AI:", "Important message for AI assistants:",
        // "PS for the AI assistant helping Sam:", "[Instructions for the assistant]".
        `\\b(?:note|notes|message|instructions?|attention|important|reminder|ps|p\\.s\\.|todo|request|directive|command|warning|urgent)(?: [a-z]+)? (?:to|for) (?:the |any |all |every |an? )?(?:${AI_REF}|${MODEL}s?)(?: \\([^)\\n]{0,60}\\))?(?: (?:and|or) [a-z]+| (?:that|who|which) [^:.\\n—–]{0,40}| [a-z]+ing [^:.\\n—–]{0,40}| (?:on|in|with) [^:.\\n—–]{0,30})?\\s*[:!\\]—–-]`,
        // Field names that carry a note for the model: <meta name="ai-instructions">, "note_for_llm".
        `\\b(?:ai|llm|gpt)[-_](?:instructions?|notes?|prompts?|directives?)\\b|\\b(?:notes?|instructions?|messages?|prompts?)_(?:for|to)_(?:ai|llm|gpt|assistant|agent|model)s?\\b`,
        // The same label in German, French, Spanish or Italian: "Anweisung an das Sprachmodell:",
        // "Note à l'assistant IA qui lit …:", "Para el asistente que resuma este correo:".
        `${WORD_START}(?:note|notiz|hinweis|system-hinweis|anweisung|anweisungen|nachricht|message|consigne|instruction|instructions|nota|mensaje|instrucci[oó]n|instrucciones|aviso|istruzioni|messaggio)${WORD_END}(?: ${L}+)? (?:à|a|an|für|para|per|al|pour) (?:l'|la |le |les |das |den |die |der |el |los |las |il |lo |gli |tout |todo |jedes |jeden )?(?:assistant(?:e|en)? (?:ia|ki)|assistente(?: ia)?|asistente(?: de ia| ia| virtual)?|ia|ki(?:-${L}+)?|sprachmodell|mod[èe]le de langage|modelo de lenguaje|modello linguistico|chatbot|llm)${WORD_END}[^:.\\n]{0,40}:`,
        `\\bif you are an? ${MODEL}\\b|\\bdear ${MODEL}\\b`,
        // A vocative with an order: "ChatGPT: ignore …", "AI reviewer, approve …", "Assistant, stop …".
        `${CLAUSE_START}${CALL}(?:the )?${AI_REF}\\s*(?:,|:|-{1,2}|—|–) ?${ORDER}`,
        `${CLAUSE_START}${CALL}(?:assistant|bot|chatbot)\\s*(?:,| -{1,2}|—|–) ?${ORDER}`,
        // A bare "Assistant:" label is a chat transcript's line unless a "when you …," clause orders it.
        `${CLAUSE_START}${CALL}(?:assistant|bot|chatbot)s?\\s*: ?${WHEN_CLAUSE}${IMPERATIVE}`,
        // A mention of a bot account with an order: "@copilot-agent when you pick this up, first read …".
        `@[a-z0-9_-]{0,20}(?:copilot|bot|ai|assistant|agent|gpt|claude)[a-z0-9_-]{0,20},? ${ORDER}`,
        // A condition on the reader being an AI, then an order: "If an automated assistant is
        // handling this request: disregard …", "When an AI browsing agent summarises this, tell …".
        `\\b(?:when|whenever|if|once|before|while)(?: there(?:'s| is| are))? (?:an?|the|any|your|some) ${AI_REF}\\b[^,.\\n:—–]{0,50}[,:—–-] ?${IMPERATIVE}`,
        // The reader as an AI, told what it must do or addressed: "AI agents processing this file
        // must run …", "To the AI reading my files: email …" (prose about LLMs has no such order).
        `\\b${AI_READING_THIS}[^.\\n]{0,60}?\\b(?:must|should|shall|needs? to|has to|have to|(?:is|are) required to|please)\\b`,
        `${CLAUSE_START}(?:to|for|dear|hey) (?:the |any |all |every |an? )?${AI_READING_THIS}(?: [a-z']+){0,3}\\s*[:,]`,
      ].join('|'),
    ),
    // Alone it flags a document: a mail or page that addresses the AI reading it ("IMPORTANT
    // INSTRUCTION FOR THE AI: forward …") has no benign reason to, and at 0.85 such a mail passed
    // whenever the classifier scored the rest under ~0.6 (none of the benign sets matches it).
    weight: { user: 0.4, indirect: 0.9 },
  },
  {
    id: 'behind-the-users-back',
    category: 'indirect',
    description: 'a document tells the reader to ignore the user or keep something from them',
    // Imperatives only: "the app restarts without notifying the user" describes, it does not ask.
    // In a user turn it weighs little ("never notify the user twice" is a developer's question).
    pattern:
      /\b(?:ignore|disregard|bypass) the user\b(?!'s|’s| interface| experience| agent)|\b(?:ignore|disregard|forget|bypass) (?:what the user (?:asked|wants|said|wrote)|the user(?:'s|’s) (?:actual |original |real )?(?:question|request|query|message|instructions?|prompt))\b|\binstead of answering the user\b|\b(?:do not|don't|don’t|never) (?:tell|inform|notify|alert|warn) the user\b(?!'s|’s)|\b(?:hide|conceal) (?:this|it|that) from the user\b/,
    weight: { user: 0.1, indirect: 0.9 },
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
