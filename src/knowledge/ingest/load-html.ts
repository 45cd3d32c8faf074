import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Block } from '../types.js';

export interface ParsedHtml {
  /** Readable text: headings, paragraphs, list items and table rows (cells joined by " | "). */
  text: string;
  blocks: Block[];
  title: string | undefined;
}

// Elements that never hold readable content.
const DROP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'BUTTON', 'SELECT', 'CANVAS', 'OBJECT']);
// Page furniture removed when Readability finds no article and the whole body is used.
const FURNITURE = 'nav, header, footer, aside, form, [role="navigation"], [role="banner"], [role="contentinfo"]';
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'UL', 'H1', 'H2',
  'H3', 'H4', 'H5', 'H6',
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  querySelectorAll?(selector: string): ArrayLike<DomNode & { remove(): void }>;
}

/**
 * Extracts the readable part of an HTML page: Readability (Firefox Reader View) removes
 * navigation, banners and footers; headings become structure; tables are kept row by row.
 *
 * @example parseHtml('<h1>Fees</h1><table><tr><td>Card</td><td>€5</td></tr></table>').text // "Fees\n\nCard | €5"
 */
export function parseHtml(html: string): ParsedHtml {
  const pageTitle = parseHTML(html).document.querySelector('title')?.textContent?.trim() || undefined;
  const article = readableArticle(html);
  const root = article?.root ?? fallbackBody(html);
  const out = new TextBuilder();
  walk(root, out);
  out.flushInline();
  const firstHeading = out.blocks.find((b) => b.kind === 'heading')?.heading;
  return { text: out.text, blocks: out.blocks, title: article?.title || pageTitle || firstHeading };
}

function readableArticle(html: string): { root: DomNode; title: string | undefined } | undefined {
  const { document } = parseHTML(html);
  // Readability's scoring needs some text; below its default threshold it would drop short pages.
  const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 100, keepClasses: false }).parse();
  if (!parsed?.content || !parsed.textContent?.trim()) return undefined;
  const body = parseHTML(`<html><body>${parsed.content}</body></html>`).document.body as unknown as DomNode;
  return { root: body, title: parsed.title?.trim() || undefined };
}

function fallbackBody(html: string): DomNode {
  const { document } = parseHTML(html);
  const body = (document.body ?? document.documentElement) as unknown as DomNode;
  const furniture = body.querySelectorAll?.(FURNITURE) ?? [];
  for (const node of Array.from(furniture)) node.remove();
  return body;
}

function walk(node: DomNode, out: TextBuilder): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      out.inline(child.textContent ?? '');
      continue;
    }
    if (child.nodeType !== 1 || DROP.has(child.nodeName)) continue;
    const name = child.nodeName;
    if (name === 'BR') out.inline('\n');
    else if (/^H[1-6]$/.test(name)) out.heading(Number(name[1]), squash(child.textContent ?? ''));
    else if (name === 'TABLE') out.body(tableText(child));
    // trimEnd, not /\s+$/: that is quadratic in a run of spaces followed by text.
    else if (name === 'PRE') out.body((child.textContent ?? '').replace(/^\n+/, '').trimEnd());
    else if (name === 'LI') {
      out.flushInline();
      out.inline('- ');
      walk(child, out);
      out.flushInline();
    } else if (BLOCK.has(name)) {
      out.flushInline();
      walk(child, out);
      out.flushInline();
    } else walk(child, out);
  }
}

function tableText(table: DomNode): string {
  const rows: string[] = [];
  const visit = (node: DomNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeName === 'TR') {
        const cells = Array.from(child.childNodes).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH');
        const line = cells.map((c) => squash(c.textContent ?? '')).join(' | ');
        if (line.replace(/[\s|]/g, '')) rows.push(line);
      } else if (child.nodeType === 1 && child.nodeName !== 'TABLE') visit(child);
    }
  };
  visit(table);
  return rows.join('\n');
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Accumulates text and block offsets; inline runs become one paragraph. */
class TextBuilder {
  text = '';
  blocks: Block[] = [];
  private pending = '';

  inline(text: string): void {
    this.pending += text;
  }

  flushInline(): void {
    const paragraph = this.pending.replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n').replace(/\n{2,}/g, '\n').trim();
    this.pending = '';
    if (paragraph && paragraph !== '-') this.append('body', 0, paragraph);
  }

  heading(level: number, text: string): void {
    this.flushInline();
    if (text) this.append('heading', level, text);
  }

  body(text: string): void {
    this.flushInline();
    if (text.trim()) this.append('body', 0, text);
  }

  private append(kind: Block['kind'], level: number, text: string): void {
    if (this.text) this.text += '\n\n';
    const start = this.text.length;
    this.text += text;
    this.blocks.push(kind === 'heading' ? { kind, level, start, end: this.text.length, heading: text } : { kind, level, start, end: this.text.length });
  }
}
