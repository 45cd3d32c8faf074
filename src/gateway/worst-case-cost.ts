import type { JsonObject } from '../core/openai-wire.js';
import type { PriceEntry } from '../tokens/price-table.js';
import type { ModelCatalog } from '../routing/catalog.js';
import { PDF_BASE64, pdfPayloads } from '../tokens/pdf-payloads.js';
import { summarisePdf } from '../tokens/pdf-tokens.js';
import { imagesByReference } from '../tokens/image-references.js';
import type { Call } from './call.js';

/** What a request may produce when it names no output cap: reserved so a budget cannot be overrun. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** `value` when it is a whole number above 0 (a cap a client set), else undefined. */
export const positiveInt = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);

/**
 * The most output tokens a request can produce: its cap (`max_tokens`, `max_completion_tokens`,
 * `max_output_tokens`, Gemini-style `generationConfig.maxOutputTokens`), or `fallback` when it
 * names none, held to `modelLimit` (what the model can emit at most, when known: clients send caps
 * far above it, the AI SDK's and agents' defaults among them), times the choices it asks for.
 *
 * @example maxOutputTokens({ max_tokens: 200000 }, 4096, 64000) // 64000
 */
export function maxOutputTokens(body: JsonObject, fallback: number, modelLimit?: number): number {
  const config = body.generationConfig && typeof body.generationConfig === 'object' ? (body.generationConfig as JsonObject) : {};
  const cap = positiveInt(body.max_completion_tokens) ?? positiveInt(body.max_tokens) ?? positiveInt(body.max_output_tokens) ?? positiveInt(config.maxOutputTokens) ?? fallback;
  return (modelLimit === undefined ? cap : Math.min(cap, modelLimit)) * (positiveInt(body.n) ?? 1);
}

/**
 * A request's worst-case cost, reserved against budgets before it is sent: every byte of the
 * body counted as an input token (a text token is at least one byte, and the JSON around the
 * messages outweighs the per-message tokens, so this bounds text prompts from above), plus
 * `mediaTokens` (what its PDFs' pages cost beyond their bytes: a page is read as an image of up to
 * ~1,600 tokens, however few bytes draw it; and its images given by URL, `imageReferenceTokenBound`), plus the output cap (no more than `modelLimit`, the
 * largest output any target can produce, when known), at the highest price the call can be
 * billed. Zero when no price is known.
 *
 * @example worstCaseCost(call, { input_per_mtok: 1, output_per_mtok: 2 }, 4096) // bytes·1e-6 + max_tokens·2e-6
 */
export function worstCaseCost(call: Call, price: PriceEntry | undefined, fallbackOutput = DEFAULT_MAX_OUTPUT_TOKENS, modelLimit?: number, mediaTokens = 0): number {
  if (!price) return 0;
  const inputTokens = Buffer.byteLength(call.input.bodyText) + mediaTokens;
  const outputTokens = call.input.endpoint === 'embeddings' ? 0 : maxOutputTokens(call.body, fallbackOutput, modelLimit);
  return (inputTokens * price.input_per_mtok + outputTokens * price.output_per_mtok) / 1e6;
}

/**
 * The tokens a call's inlined PDFs can cost on any target of its model, beyond their bytes: each
 * PDF's pages read cheaply (`summarisePdf` without text: object streams only, bounded work) and
 * priced by the dearest target's rule (`ModelCatalog.pdfTokenBound`). Zero, after one scan of the
 * body for a PDF's base64 magic, for the calls that carry none.
 *
 * @example pdfTokenBound(call, catalog) // 4,725 for a 3-page Letter PDF to a Claude model
 */
export function pdfTokenBound(call: Call, catalog: ModelCatalog): number {
  if (!call.input.bodyText.includes(PDF_BASE64)) return 0;
  let tokens = 0;
  for (const pdf of pdfPayloads(call.body)) tokens += catalog.pdfTokenBound(call.model, summarisePdf(Buffer.from(pdf, 'base64'), { text: false }));
  return tokens;
}

/**
 * The tokens a call's images given by reference (a URL or a file id: `imagesByReference`) can
 * cost on any target of its model, each as the dearest target's vendor bills an image of unknown
 * size (`ModelCatalog.imageTokenBound`): a reservation counted the URL's few dozen bytes for an
 * image Claude reads as up to 1,600 tokens and gpt-4o-mini as up to 48,169. Images given inline
 * are counted by their bytes, as the rest of the body is. Zero, after a scan of the body for an
 * image part's name, for the calls that have none.
 *
 * @example imageReferenceTokenBound(call, catalog) // 1,600 for one image URL to a Claude model
 */
export function imageReferenceTokenBound(call: Call, catalog: ModelCatalog): number {
  const text = call.input.bodyText;
  if (!text.includes('image')) return 0;
  let tokens = 0;
  for (const image of imagesByReference(call.body)) tokens += catalog.imageTokenBound(call.model, image);
  return tokens;
}
