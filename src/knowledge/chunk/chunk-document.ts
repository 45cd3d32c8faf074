import { SwitchyardError } from '../../core/errors.js';
import type { ChunkDraft, ChunkingOptions, LoadedDocument } from '../types.js';
import { headingName } from '../heading-name.js';
import { trimRange } from '../ingest/paragraph-blocks.js';
import { overlapStart, splitRange } from './split-range.js';

export const DEFAULT_CHUNKING: ChunkingOptions = { maxChars: 1600, overlapChars: 200 };

interface Unit {
  start: number;
  end: number;
  /** Index of the section (heading scope) the unit belongs to: chunks never cross sections. */
  section: number;
  /** Start of the section's heading when this is the section's first unit. */
  headingStart: number | undefined;
  headingPath: string[];
}

/**
 * Splits a document by structure: each section (the body under a heading) is packed into chunks
 * of at most `maxChars`; a section that does not fit is split between paragraphs (or sentences,
 * inside a long paragraph), and each continuation repeats about `overlapChars` of the end of the
 * previous chunk. A chunk's `text` is always `document.text.slice(start, end)`.
 *
 * @example chunkDocument(doc, { maxChars: 1600, overlapChars: 200 })[0].headingPath // ['Guide', 'Setup']
 */
export function chunkDocument(document: LoadedDocument, options: ChunkingOptions = DEFAULT_CHUNKING): ChunkDraft[] {
  checkOptions(options);
  const units = unitsOf(document, options.maxChars);
  const ranges: { start: number; end: number; headingPath: string[] }[] = [];
  let current: { start: number; end: number; section: number; headingPath: string[] } | undefined;
  for (const unit of units) {
    if (current && unit.section === current.section && unit.end - current.start <= options.maxChars) {
      current.end = unit.end;
      continue;
    }
    let start = unit.start;
    if (current && unit.section === current.section && options.overlapChars > 0) {
      // Continue the section: repeat the end of the previous chunk when it fits.
      const from = overlapStart(document.text, current.start + 1, current.end, options.overlapChars);
      if (from < current.end && unit.end - from <= options.maxChars) start = from;
    } else if (unit.headingStart !== undefined && unit.end - unit.headingStart <= options.maxChars) {
      start = unit.headingStart; // the heading opens its section's first chunk
    }
    if (current) ranges.push(current);
    current = { start, end: unit.end, section: unit.section, headingPath: unit.headingPath };
  }
  if (current) ranges.push(current);
  const chunks: ChunkDraft[] = [];
  for (const range of ranges) {
    const trimmed = trimRange(document.text, range.start, range.end);
    if (!trimmed) continue;
    const ordinal = chunks.length;
    chunks.push({
      chunkId: `${document.id}#${ordinal}`,
      ordinal,
      text: document.text.slice(trimmed[0], trimmed[1]),
      start: trimmed[0],
      end: trimmed[1],
      headingPath: range.headingPath,
    });
  }
  return chunks;
}

function unitsOf(document: LoadedDocument, maxChars: number): Unit[] {
  const units: Unit[] = [];
  const stack: { level: number; heading: string }[] = [];
  let section = 0;
  let headingStart: number | undefined;
  for (const block of document.blocks) {
    if (block.kind === 'heading') {
      while (stack.length > 0 && (stack[stack.length - 1] as { level: number }).level >= block.level) stack.pop();
      stack.push({ level: block.level, heading: headingName(block.heading ?? document.text.slice(block.start, block.end)) });
      section++;
      headingStart = block.start;
      continue;
    }
    const headingPath = stack.map((h) => h.heading);
    for (const [start, end] of splitRange(document.text, block.start, block.end, maxChars)) {
      units.push({ start, end, section, headingStart, headingPath });
      headingStart = undefined;
    }
  }
  return units;
}

function checkOptions(options: ChunkingOptions): void {
  const { maxChars, overlapChars } = options;
  if (!Number.isInteger(maxChars) || maxChars < 50 || maxChars > 100_000) {
    throw new SwitchyardError('invalid_request', `chunking.maxChars must be an integer from 50 to 100000, got ${maxChars}`, { param: 'maxChars' });
  }
  if (!Number.isInteger(overlapChars) || overlapChars < 0 || overlapChars > maxChars / 2) {
    throw new SwitchyardError('invalid_request', `chunking.overlapChars must be an integer from 0 to maxChars/2 (${maxChars / 2}), got ${overlapChars}`, { param: 'overlapChars' });
  }
}
