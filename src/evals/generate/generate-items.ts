import { quoteClipped } from '../../core/clip.js';
import { toSwitchyardError } from '../../core/errors.js';
import type { Random } from '../../core/clock.js';
import type { ModelCaller } from '../client/model-caller.js';
import { contentHash } from '../datasets/content-hash.js';
import { shuffled } from '../../core/seeded-random.js';
import type { DatasetItem } from '../types.js';
import { chunkText, type SourceDocument } from './read-documents.js';


/**
 * Structured output, not just JSON mode: OpenAI models are held to the schema, Anthropic ones get
 * it as a forced tool through the gateway, and the simulator answers it without any script.
 */
const ITEMS_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'eval_items',
    strict: true,
    schema: {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: { question: { type: 'string' }, answer: { type: 'string' } },
            required: ['question', 'answer'],
            additionalProperties: false,
          },
        },
      },
      required: ['items'],
      additionalProperties: false,
    },
  },
};
export interface GenerateOptions {
  model: string;
  count: number;
  random: Random;
  /** Tags calls with this id as their `eval_run`. */
  generationId: string;
  /** Question/answer pairs asked per passage. */
  perPassage?: number;
  /** Minimum passage length worth asking about; headings and one-liners are skipped. */
  minChars?: number;
}

export interface GenerateResult {
  items: DatasetItem[];
  /** Passages whose reply could not be used, with why. */
  failures: { source: string; error: string }[];
}

const INSTRUCTIONS = [
  'You write evaluation questions for a customer-facing assistant from company documents.',
  'From the passage, write questions a real user could ask whose answers are stated in the passage, each with a short, complete answer using only the passage.',
  'Reply with only JSON: {"items": [{"question": "...", "answer": "..."}]}.',
].join(' ');

/**
 * Asks a model (through the gateway) for question/answer pairs grounded in passages of the
 * documents. Each item keeps its source file and passage and is marked unreviewed, so the review
 * queue can accept or fix it before it counts.
 *
 * @example await generateItems(caller, readDocuments('docs'), { model: 'claude', count: 20, random: seededRandom(1), generationId: 'gen_1' })
 */
export async function generateItems(caller: ModelCaller, documents: readonly SourceDocument[], options: GenerateOptions): Promise<GenerateResult> {
  const perPassage = options.perPassage ?? 2;
  const passages = shuffled(
    documents.flatMap((d) => chunkText(d.text).filter((p) => p.length >= (options.minChars ?? 80)).map((passage) => ({ source: d.path, passage }))),
    options.random,
  );
  const failures: GenerateResult['failures'] = [];
  const items: DatasetItem[] = [];
  const ids = new Set<string>();
  let asked = 0;
  // A reply may hold fewer pairs than asked, or repeat one: the next passages are asked for the
  // rest (`--count 3` added 2 when each reply held one question). A round that adds nothing ends
  // it, so a model that answers nothing usable is not asked about every passage of the folder.
  while (items.length < options.count && asked < passages.length) {
    const missing = options.count - items.length;
    const round = passages.slice(asked, asked + Math.ceil(missing / perPassage));
    const replies = await Promise.all(
      round.map((chosen, j) => askPassage(caller, chosen, { ask: Math.min(perPassage, missing - j * perPassage), index: asked + j, options, failures })),
    );
    asked += round.length;
    const before = items.length;
    for (const { source, passage, pairs } of replies) {
      for (const pair of pairs) {
        const id = `gen_${contentHash({ q: pair.question, source }).slice(0, 12)}`;
        if (ids.has(id)) continue;
        ids.add(id);
        items.push({ id, input: pair.question, expected: pair.answer, metadata: { source, passage, reviewed: false, generated_by: options.model } });
      }
    }
    if (items.length === before) break;
  }
  return { items: items.slice(0, options.count), failures };
}

/** One passage's question/answer pairs (at most `ask`); a failed call is recorded and yields none. */
async function askPassage(
  caller: ModelCaller,
  { source, passage }: { source: string; passage: string },
  { ask, index, options, failures }: { ask: number; index: number; options: GenerateOptions; failures: GenerateResult['failures'] },
): Promise<{ source: string; passage: string; pairs: { question: string; answer: string }[] }> {
  try {
    const reply = await caller.chat({
      model: options.model,
      messages: [
        { role: 'system', content: INSTRUCTIONS },
        { role: 'user', content: `Write ${ask} question(s).\n\nPassage (from ${source}):\n${passage}` },
      ],
      params: { temperature: 0.7, response_format: ITEMS_FORMAT },
      tags: { eval_run: options.generationId, case: `${source}#${index}`, variant: 'generate' },
    });
    return { source, passage, pairs: parsePairs(reply.text).slice(0, ask) };
  } catch (error) {
    failures.push({ source, error: toSwitchyardError(error).message });
    return { source, passage, pairs: [] };
  }
}

function parsePairs(text: string): { question: string; answer: string }[] {
  const start = text.indexOf('{');
  const arrayStart = text.indexOf('[');
  let value: unknown;
  try {
    value = JSON.parse(start !== -1 && (arrayStart === -1 || start < arrayStart) ? text.slice(start, text.lastIndexOf('}') + 1) : text.slice(arrayStart, text.lastIndexOf(']') + 1));
  } catch {
    throw new Error(`the reply is not JSON: ${quoteClipped(text, 120)}`);
  }
  const list = Array.isArray(value) ? value : (value as { items?: unknown }).items;
  if (!Array.isArray(list)) throw new Error('the reply has no "items" array');
  return list.filter(
    (p): p is { question: string; answer: string } => !!p && typeof (p as { question?: unknown }).question === 'string' && typeof (p as { answer?: unknown }).answer === 'string' && (p as { question: string }).question.trim() !== '',
  );
}
