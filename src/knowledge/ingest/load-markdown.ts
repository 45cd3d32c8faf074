import type { RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString as nodeText } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';
import { parse as parseYaml } from 'yaml';
import type { Block, Metadata } from '../types.js';
import { metadataValue } from './metadata-value.js';
import { trimRange } from './paragraph-blocks.js';

export interface ParsedMarkdown {
  /** The source itself: citations point into the file as written. */
  text: string;
  blocks: Block[];
  title: string | undefined;
  /** Scalar fields, and lists of scalars, of a YAML front matter block. */
  metadata: Metadata;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Parses Markdown (CommonMark + GFM tables) into heading and body blocks whose offsets index the
 * source, so a cited chunk is the exact span of the file.
 *
 * @example parseMarkdown('# Setup\n\nRun it.').blocks // heading 0–7, body 9–16
 */
export function parseMarkdown(source: string): ParsedMarkdown {
  const front = FRONT_MATTER.exec(source);
  const metadata = front ? frontMatterFields(front[1] ?? '') : {};
  // Blank the front matter (same length, newlines kept) so offsets stay those of the file.
  const body = front ? front[0].replace(/[^\n]/g, ' ') + source.slice(front[0].length) : source;
  const tree = fromMarkdown(body, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const blocks: Block[] = [];
  let title: string | undefined = typeof metadata.title === 'string' ? metadata.title : undefined;
  for (const node of tree.children) {
    const range = rangeOf(node, source);
    if (!range || node.type === 'thematicBreak' || node.type === 'definition' || node.type === 'yaml') continue;
    if (node.type === 'heading') {
      const heading = nodeText(node).trim();
      if (title === undefined && node.depth === 1 && heading) title = heading;
      blocks.push({ kind: 'heading', level: node.depth, start: range[0], end: range[1], heading });
    } else {
      blocks.push({ kind: 'body', level: 0, start: range[0], end: range[1] });
    }
  }
  return { text: source, blocks, title, metadata };
}

function rangeOf(node: RootContent, source: string): [number, number] | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  return trimRange(source, start, end);
}

function frontMatterFields(yaml: string): Metadata {
  let parsed: unknown;
  try {
    parsed = parseYaml(yaml);
  } catch {
    return {}; // Not YAML after all: the block stays text, and no metadata is invented.
  }
  const out: Metadata = {};
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const [key, raw] of Object.entries(parsed)) {
      const value = metadataValue(raw);
      if (value !== undefined && value !== null) out[key] = value;
    }
  }
  return out;
}
