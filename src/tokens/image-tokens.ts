/**
 * What an image in a prompt costs in tokens, as OpenAI, Gemini and Anthropic count it, for a local
 * count (Anthropic's `count_tokens` on a model that has no counting endpoint of its own to call,
 * Google's `countTokens` and OpenAI's `input_tokens` on any model) and for the simulator.
 */
import type { ChatMessage } from '../core/openai-wire.js';
import { highResolutionVision } from '../core/claude-models.js';
import { type ImageSize, imageSizeOfDataUrl } from './image-size.js';

/** An image part of a chat message: a data: or https URL, and OpenAI's `detail`. */
export interface ChatImage {
  url: string;
  detail?: string | undefined;
}

/**
 * The images of a chat conversation, in order.
 *
 * @example imagesIn([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }]) // [{ url: 'https://x/y.png' }]
 */
export function imagesIn(messages: readonly ChatMessage[]): ChatImage[] {
  const images: ChatImage[] = [];
  for (const message of messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content) {
      // Loose parts are any client's JSON: checked, not trusted to be an image part.
      const image = part.type === 'image_url' ? (part as { image_url?: unknown }).image_url : undefined;
      if (image && typeof (image as ChatImage).url === 'string') images.push(image as ChatImage);
    }
  }
  return images;
}

/** `openAIImageTokens` of a chat image part (its size read from a data: URL's header). */
export function openAIChatImageTokens(model: string, image: ChatImage): number {
  return openAIImageTokens(model, imageSizeOfDataUrl(image.url), image.detail);
}

/** `claudeImageTokens` of a chat image part. */
export function claudeChatImageTokens(model: string, image: ChatImage): number {
  return claudeImageTokens(model, imageSizeOfDataUrl(image.url));
}

/** `geminiImageTokens` of a chat image part. */
export function geminiChatImageTokens(model: string, image: ChatImage): number {
  return geminiImageTokens(model, imageSizeOfDataUrl(image.url));
}

/** OpenAI's tile accounting: a fixed base, and per 512 px tile of the image scaled as the docs say. */
interface TileCost {
  base: number;
  tile: number;
}

/**
 * OpenAI's per-model image costs (the vision guide, "Calculating costs"). Patch models count
 * 32 px patches (at most 1,536) times a multiplier; the others a base plus 512 px tiles. First
 * match wins, so the minis and nanos come before their families.
 */
const OPENAI_IMAGE_COSTS: readonly (readonly [RegExp, { patches: number } | TileCost])[] = [
  [/^gpt-4o-mini/, { base: 2833, tile: 5667 }],
  [/^gpt-(?:4\.1|5(?:\.\d+)?)-mini/, { patches: 1.62 }],
  [/^gpt-(?:4\.1|5(?:\.\d+)?)-nano/, { patches: 2.46 }],
  [/^o4-mini/, { patches: 1.72 }],
  [/^gpt-5/, { base: 70, tile: 140 }],
  [/^o[13]/, { base: 75, tile: 150 }],
  [/^computer-use/, { base: 65, tile: 129 }],
];
/** GPT-4o, 4.1 and 4.5, and what OpenAI-compatible servers of unknown models are counted as. */
const DEFAULT_TILES: TileCost = { base: 85, tile: 170 };
const MAX_PATCHES = 1536;

/**
 * Tokens OpenAI counts for one image. `detail` "low" is the base alone; "high" and "auto" (which
 * lets the model choose, and chooses high for any image worth tiling) count tiles. An image whose
 * size is unknown (a URL the gateway does not fetch) is counted at the largest cost the formula
 * allows, so a count made to check that a prompt fits never comes out short.
 *
 * @example openAIImageTokens('gpt-4o', { width: 1024, height: 1024 }, 'high') // 765 (4 tiles)
 * @example openAIImageTokens('gpt-4.1-mini', { width: 1024, height: 1024 }) // 1659 (1,024 patches × 1.62)
 */
export function openAIImageTokens(model: string, size: ImageSize | undefined, detail?: string): number {
  const cost = OPENAI_IMAGE_COSTS.find(([pattern]) => pattern.test(model))?.[1] ?? DEFAULT_TILES;
  // The docs give patch models no low-detail rule: their cost is the patches either way.
  if ('patches' in cost) return Math.ceil((size ? patchCount(size) : MAX_PATCHES) * cost.patches);
  if (detail === 'low') return cost.base;
  // Scaled to 768 px on the short side within 2,048 px, the most tiles an image can make is 2 × 4.
  return cost.base + cost.tile * (size ? tileCount(size) : 8);
}

/** 512 px tiles after fitting the image in 2,048 × 2,048 and scaling its short side to 768 px. */
function tileCount({ width, height }: ImageSize): number {
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / w, 2048 / h);
  w *= fit;
  h *= fit;
  const toShortSide = 768 / Math.min(w, h);
  // Only scaled down: an image already under 768 px keeps its size (a 512 × 512 image is one tile).
  if (toShortSide < 1) {
    w *= toShortSide;
    h *= toShortSide;
  }
  return Math.ceil(w / 512 - 1e-9) * Math.ceil(h / 512 - 1e-9);
}

/** 32 px patches, the image shrunk (on the patch grid) to at most 1,536 of them. */
function patchCount({ width, height }: ImageSize): number {
  const raw = Math.ceil(width / 32) * Math.ceil(height / 32);
  if (raw <= MAX_PATCHES) return raw;
  const shrink = Math.sqrt((32 * 32 * MAX_PATCHES) / (width * height));
  const grid = Math.min(Math.floor((width * shrink) / 32) / ((width * shrink) / 32), Math.floor((height * shrink) / 32) / ((height * shrink) / 32));
  const factor = shrink * grid;
  // The epsilon absorbs float error: 1,800 × 2,400 shrinks to exactly 1,056 × 1,408 (33 × 44 patches).
  return Math.min(MAX_PATCHES, Math.ceil((width * factor) / 32 - 1e-9) * Math.ceil((height * factor) / 32 - 1e-9));
}

/** Gemini's cost of one image tile, and of any image up to 384 px on both sides. */
const GEMINI_TILE = 258;
/** Before Gemini 3, what an image (or a video frame, or a page) costs at `MEDIA_RESOLUTION_LOW`. */
const GEMINI_LOW = 66;
/** Gemini 3's fixed costs by media resolution (the media resolution guide, "Token counts"). */
const GEMINI_3_IMAGE: Readonly<Record<string, number>> = { LOW: 280, MEDIUM: 560, HIGH: 1120, ULTRA_HIGH: 2240 };
const GEMINI_3_PAGE: Readonly<Record<string, number>> = { LOW: 280, MEDIUM: 560, HIGH: 1120, ULTRA_HIGH: 1120 };

/** Gemini 3 and later (`gemini-3-flash-preview`, `gemini-3.1-pro`), whose media costs are fixed by resolution. */
export function isGemini3(model: string): boolean {
  return /^gemini-(?:[3-9]|\d{2})/.test(model);
}

/**
 * A media resolution as a request states it (`MEDIA_RESOLUTION_LOW`, or `low` as the
 * Interactions API writes it), as the level's name; undefined for the default (`…_UNSPECIFIED`,
 * absent, or anything Google does not define).
 *
 * @example mediaResolutionLevel('MEDIA_RESOLUTION_HIGH') // 'HIGH'
 */
export function mediaResolutionLevel(resolution: unknown): string | undefined {
  if (typeof resolution !== 'string') return undefined;
  const level = resolution.toUpperCase().replace(/^MEDIA_RESOLUTION_/, '');
  return level in GEMINI_3_IMAGE ? level : undefined;
}

/**
 * Tokens Gemini counts for one image. Gemini 3 (the media resolution guide, "Token counts"): a
 * fixed cost by media resolution, 1,120 by default and at HIGH, 560 at MEDIUM, 280 at LOW, 2,240
 * at ULTRA_HIGH. Earlier models (the token guide, "Count multimodal tokens", and the media
 * resolution guide's Gemini 2.5 table): by default and at HIGH, 258 for an image within
 * 384 × 384, else 258 per tile, tiles of the short side ÷ 1.5 (between 256 and 768 px) each scaled
 * to 768 × 768 ("256 + Pan & Scan" in the guide's table, which leaves out the 2 tokens around each
 * image that the token guide's 258 has); one tile (258) at MEDIUM; 66 at LOW (the guide's 64, plus
 * the same 2, which is what the video guide states for a frame at low resolution). An image of
 * unknown size counts as one tile.
 *
 * @example geminiImageTokens('gemini-2.5-flash', { width: 300, height: 200 }) // 258
 * @example geminiImageTokens('gemini-2.5-flash', { width: 1024, height: 1024 }) // 1032 (2 × 2 tiles)
 * @example geminiImageTokens('gemini-3-flash-preview', undefined, 'MEDIA_RESOLUTION_LOW') // 280
 */
export function geminiImageTokens(model: string, size: ImageSize | undefined, resolution?: string): number {
  const level = mediaResolutionLevel(resolution);
  if (isGemini3(model)) return GEMINI_3_IMAGE[level ?? 'HIGH'] as number;
  if (level === 'LOW') return GEMINI_LOW;
  if (level === 'MEDIUM' || !size || (size.width <= 384 && size.height <= 384)) return GEMINI_TILE;
  const tile = Math.min(768, Math.max(256, Math.floor(Math.min(size.width, size.height) / 1.5)));
  return GEMINI_TILE * Math.ceil(size.width / tile) * Math.ceil(size.height / tile);
}

/**
 * Tokens Gemini counts for one page of a PDF: before Gemini 3, 258 a page (the document
 * processing guide, "Each document page is equivalent to 258 tokens"), 66 at LOW; Gemini 3 by
 * media resolution, 560 by default and at MEDIUM, 280 at LOW, 1,120 at HIGH (the media resolution
 * guide; ULTRA_HIGH is not offered for PDFs and counts as HIGH). Gemini 3 also reads the page's
 * native text but does not charge it (the document processing guide).
 *
 * @example geminiPageTokens('gemini-3-flash-preview') // 560
 */
export function geminiPageTokens(model: string, resolution?: string): number {
  const level = mediaResolutionLevel(resolution);
  if (isGemini3(model)) return GEMINI_3_PAGE[level ?? 'MEDIUM'] as number;
  return level === 'LOW' ? GEMINI_LOW : GEMINI_TILE;
}

/** Claude's visual token: a 28 × 28 px patch of the image as Claude sees it. */
const CLAUDE_PATCH = 28;
/** The native resolution Claude reads before resizing, as a long edge and at most so many patches. */
const CLAUDE_LIMITS = { edge: 1568, patches: 1600 };
/** Opus 4.7 and later: 2,576 px on the long edge, about 3.75 megapixels (3.75 M / 784 px a patch). */
const CLAUDE_HIGH_RES_LIMITS = { edge: 2576, patches: 4784 };

/**
 * Tokens Claude counts for one image (Anthropic's vision guide, "Evaluate image size"): an image
 * larger than the model's native resolution is first scaled down, keeping its aspect ratio, until
 * its long edge and its token count fit (1,568 px and about 1,600 tokens; 2,576 px and about
 * 4,784 on Opus 4.7 and later, `highResolutionVision`); it then costs one token per 28 × 28 px
 * patch, ⌈width / 28⌉ × ⌈height / 28⌉, the padding to whole patches included. Earlier versions of
 * the guide gave the same as width × height / 750 (a patch is 784 px²). An image of unknown size
 * (a URL or a Files API id the gateway does not fetch) counts as the largest the model reads, so
 * a count made to check that a prompt fits never comes out short.
 *
 * @example claudeImageTokens('claude-sonnet-4-6', { width: 1000, height: 1000 }) // 1296 (36 × 36 patches)
 * @example claudeImageTokens('claude-sonnet-4-6', { width: 4000, height: 3000 }) // 1564 (scaled down to 46 × 34 patches)
 */
export function claudeImageTokens(model: string, size: ImageSize | undefined): number {
  const limits = highResolutionVision(model) ? CLAUDE_HIGH_RES_LIMITS : CLAUDE_LIMITS;
  return size ? claudePatchesWithin(limits, size) : limits.patches;
}

/** Patches of an image scaled down (aspect kept) until its long edge and its patches fit `limits`. */
function claudePatchesWithin(limits: { edge: number; patches: number }, { width, height }: ImageSize): number {
  let scale = Math.min(1, limits.edge / Math.max(width, height), Math.sqrt((limits.patches * CLAUDE_PATCH * CLAUDE_PATCH) / (width * height)));
  // Rounding up to whole patches can still overshoot the budget by a row: shrink a little more until it fits.
  for (;;) {
    const patches = claudePatches(width * scale, height * scale);
    if (scale === 1 || patches <= limits.patches) return patches;
    scale *= 0.995;
  }
}

/**
 * Tokens of a PDF page's image (Anthropic's PDF guide: each page is also read as an image, at the
 * image rates): the page rendered as large as Claude reads, its shape kept, within the standard
 * native resolution (1,568 px, ~1,600 tokens; a third-party measurement found the same ~1,600 for
 * a scanned page on the high-resolution models).
 *
 * @example claudePageImageTokens({ width: 612, height: 792 }) // 1,575 for US Letter
 */
export function claudePageImageTokens(page: ImageSize): number {
  // Rendered well past the limits, then scaled down as any large image is.
  const render = (CLAUDE_LIMITS.edge * 4) / Math.max(page.width, page.height);
  return claudePatchesWithin(CLAUDE_LIMITS, { width: Math.round(page.width * render), height: Math.round(page.height * render) });
}

function claudePatches(width: number, height: number): number {
  return Math.ceil(Math.max(1, Math.floor(width)) / CLAUDE_PATCH) * Math.ceil(Math.max(1, Math.floor(height)) / CLAUDE_PATCH);
}
