/** A user turn with the documents pasted into it taken out. */
export interface PastedSplit {
  /** What the user wrote around the documents (labels and blocks removed), trimmed. */
  prompt: string;
  /** The pasted blocks, in order: retrieved passages, quoted documents. */
  documents: string[];
}

/** Block labels that introduce pasted content ("Context:", "Document 2:", "## Sources"). */
const DOCUMENT_LABELS = new Set([
  'context',
  'contexts',
  'document',
  'documents',
  'doc',
  'docs',
  'passage',
  'passages',
  'source',
  'sources',
  'article',
  'excerpt',
  'excerpts',
  'reference',
  'references',
  'background',
  'snippet',
  'snippets',
  'search results',
  'retrieved context',
  'retrieved documents',
  'retrieved passages',
  'knowledge',
  'text',
]);

/** Labels that end a document block: what the user asks about it. */
const PROMPT_LABELS = new Set(['question', 'questions', 'query', 'q', 'user question', 'task', 'instruction', 'instructions', 'request', 'answer']);

/** Tags that wrap pasted content (`<document>…</document>`, `<context id="1">…</context>`). */
const DOCUMENT_TAGS = new Set(['document', 'documents', 'doc', 'context', 'passage', 'passages', 'source', 'sources', 'article', 'excerpt', 'search_results', 'search_result', 'retrieved', 'reference', 'snippet']);

/** Blocks shorter than this stay in the prompt: the user-turn head reads short quotes well. */
const MIN_BLOCK_CHARS = 80;

/**
 * Takes the documents a user pasted into their turn out of it, the way RAG apps put retrieved
 * context in the user message ("Context: <passage>\n\nQuestion: …", `<document>…</document>`,
 * text between triple quotes, or a long unlabelled passage followed by a one-line question). Such a block is content the user did not write, like a tool
 * result: the guard scores it with the document (indirect-injection) head, sentence by sentence,
 * and the rest with the user-turn head, which was trained on prompts and reads a long
 * encyclopaedic passage as a long jailbreak. A turn without a recognised block comes back whole.
 * Linear in the text's length.
 *
 * @example splitPastedDocuments('Context: The Normans were… (a long passage)\n\nQuestion: Who were the Normans?')
 * // { prompt: 'Question: Who were the Normans?', documents: ['The Normans were…'] }
 */
export function splitPastedDocuments(text: string): PastedSplit {
  const documents: string[] = [];
  const kept: string[] = [];
  let i = 0;
  let keptFrom = 0;
  // A closing tag or quote not found once is not found later either: the search stays linear.
  const unclosed = new Set<string>();
  const take = (blockStart: number, contentStart: number, contentEnd: number, next: number): boolean => {
    const content = text.slice(contentStart, contentEnd).trim();
    if (content.length < MIN_BLOCK_CHARS) return false;
    kept.push(text.slice(keptFrom, blockStart));
    documents.push(content);
    keptFrom = next;
    i = next;
    return true;
  };
  while (i < text.length) {
    const lineStart = i;
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const tag = openingTag(line);
    if (tag !== undefined && !unclosed.has(tag.name)) {
      const close = text.indexOf(`</${tag.name}>`, lineStart + tag.end);
      if (close === -1) unclosed.add(tag.name);
      else if (take(lineStart, lineStart + tag.end, close, close + tag.name.length + 3)) continue;
    }
    const quote = line.trimStart().startsWith('"""') ? '"""' : line.trimStart().startsWith("'''") ? "'''" : undefined;
    if (quote !== undefined && !unclosed.has(quote)) {
      const open = text.indexOf(quote, lineStart);
      const close = text.indexOf(quote, open + 3);
      if (close === -1) unclosed.add(quote);
      else if (take(lineStart, open + 3, close, close + 3)) continue;
    }
    const label = lineLabel(line);
    if (label !== undefined && DOCUMENT_LABELS.has(label.name)) {
      const end = blockEnd(text, lineEnd);
      if (take(lineStart, lineStart + label.end, end, end)) continue;
    }
    i = lineEnd + 1;
  }
  if (documents.length === 0) return trailingQuestion(text) ?? leadingInstruction(text) ?? { prompt: text, documents };
  kept.push(text.slice(keptFrom));
  return { prompt: kept.join('\n').replace(/\n{3,}/g, '\n\n').trim(), documents };
}

/** An unlabelled passage needs this many characters before a trailing question to count as pasted. */
const MIN_UNLABELLED_CHARS = 300;
/** The longest trailing question after an unlabelled passage. */
const MAX_QUESTION_CHARS = 200;

/**
 * An unlabelled passage followed, after a blank line, by a one-line question ("<passage>\n\nWho
 * founded the city?"): the passage is the document. Only a last paragraph of one line, at most
 * 200 characters and ending with "?", after at least 300 characters.
 */
function trailingQuestion(text: string): PastedSplit | undefined {
  const trimmed = text.trimEnd();
  const gap = trimmed.lastIndexOf('\n\n');
  if (gap === -1 || trimmed.length - gap > MAX_QUESTION_CHARS + 2) return undefined;
  const question = trimmed.slice(gap + 2).trim();
  const passage = trimmed.slice(0, gap).trim();
  if (question === '' || !question.endsWith('?') || question.includes('\n') || passage.length < MIN_UNLABELLED_CHARS) return undefined;
  return { prompt: question, documents: [passage] };
}

/** The longest one-line instruction before an unlabelled passage. */
const MAX_INSTRUCTION_CHARS = 200;

/**
 * A one-line instruction ending in a colon, then on the following lines an unlabelled passage
 * ("Summarise the following article:\n\n<passage>", "Translate this into French:\n<passage>"):
 * the passage is the document. Only a first line of at most 200 characters, before at least 300.
 */
function leadingInstruction(text: string): PastedSplit | undefined {
  const trimmed = text.trimStart();
  const lineEnd = trimmed.indexOf('\n');
  if (lineEnd === -1 || lineEnd > MAX_INSTRUCTION_CHARS) return undefined;
  const instruction = trimmed.slice(0, lineEnd).trim();
  const passage = trimmed.slice(lineEnd + 1).trim();
  if (!instruction.endsWith(':') || passage.length < MIN_UNLABELLED_CHARS) return undefined;
  return { prompt: instruction, documents: [passage] };
}

/** Where a labelled block ends: at the next line labelled as a prompt or a document, or the text's end. */
function blockEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const lineStart = i + 1;
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const label = lineLabel(line);
    if (label !== undefined && (PROMPT_LABELS.has(label.name) || DOCUMENT_LABELS.has(label.name))) return lineStart;
    if (openingTag(line) !== undefined) return lineStart;
    i = lineEnd;
  }
  return text.length;
}

/**
 * A line's leading label, lower-cased, and where its content starts: "Context:", "## Sources",
 * "Document 2 (wiki):", "**Question:**". Labels are one to three words; numbers and a
 * parenthesis after them are allowed.
 */
function lineLabel(line: string): { name: string; end: number } | undefined {
  const match = /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?([A-Za-z]+(?:[ _][A-Za-z]+){0,2})(?:[ \t]*#?\d{1,3})?(?:[ \t]*\([^)\n]{0,60}\))?[ \t]*(?:\*\*|__)?(:|：|\n|$)(?:\*\*|__)?/.exec(line.length > 120 ? line.slice(0, 120) : line);
  if (match === null) return undefined;
  const name = (match[1] as string).toLowerCase().replace(/_/g, ' ');
  // A bare word on its own line is a label only when it is a heading ("## Context") or a known label.
  if (match[2] !== ':' && match[2] !== '：' && !/^[ \t]*#/.test(line)) return undefined;
  return { name, end: match[0].length };
}

/** An opening document tag at the start of a line, and where its content starts. */
function openingTag(line: string): { name: string; end: number } | undefined {
  const match = /^[ \t]*<([a-z_]+)(?:[ \t][^>\n]{0,200})?>/i.exec(line);
  if (match === null) return undefined;
  const name = match[1] as string;
  if (!DOCUMENT_TAGS.has(name.toLowerCase())) return undefined;
  return { name, end: match[0].length };
}
