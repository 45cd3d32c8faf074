import { missingPath, whyUnreadable } from '../../core/missing-file.js';
import { readFileWithinSync } from '../../core/read-at-most.js';
import { readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { SwitchyardError } from '../../core/errors.js';

export interface SourceDocument {
  /** Path relative to the folder, kept on every generated item. */
  path: string;
  text: string;
}

const TEXT = new Set(['.md', '.markdown', '.txt', '.text']);
const HTML = new Set(['.html', '.htm']);

/**
 * Plain text of an HTML page: scripts, styles and tags dropped, common entities decoded,
 * block elements turned into paragraph breaks so chunking still sees structure.
 *
 * @example htmlToText('<p>Fees &amp; limits</p><script>x()</script>') // 'Fees & limits'
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|noscript)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/(p|div|h[1-6]|li|tr|section|article|br)\s*>|<br\s*\/?>/gi, '\n\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*/g, '\n\n')
    .trim();
}

/** A document's bound, as one `guard scan` reads whole: questions come from its first passages anyway. */
export const MAX_DOCUMENT_BYTES = 64 << 20;

/**
 * The Markdown, text and HTML files under a folder (recursively, sorted for reproducibility).
 *
 * @example readDocuments('docs/') // [{ path: 'faq.md', text: '# FAQ…' }]
 */
export function readDocuments(dir: string): SourceDocument[] {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // "is not a folder" read as if the path were a file: it is not there at all, likely a typo.
    throw new SwitchyardError('not_found', `--from ${dir}: ${missingPath(dir)}`);
  }
  if (!isDir) throw new SwitchyardError('not_found', `--from ${dir} is a file, not a folder: name the folder that holds the documents`);
  const documents: SourceDocument[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(path);
        continue;
      }
      const ext = extname(entry.name).toLowerCase();
      if (!TEXT.has(ext) && !HTML.has(ext)) continue;
      // Bounded as it is read: a document linked to `/dev/zero` was read until memory ran out.
      const raw = readFileWithinSync(path, MAX_DOCUMENT_BYTES, 'a document', (error) => new SwitchyardError('not_found', `--from ${dir}: cannot read ${path}: ${whyUnreadable(path, error)}`)).toString('utf8');
      const text = HTML.has(ext) ? htmlToText(raw) : raw.trim();
      if (text !== '') documents.push({ path: relative(dir, path), text });
    }
  };
  walk(dir);
  if (documents.length === 0) throw new SwitchyardError('not_found', `no Markdown, text or HTML files with content under ${dir}`);
  return documents;
}

/**
 * Passages of at most `maxChars`, cut at paragraph breaks (a paragraph longer than that is cut
 * at sentence ends), so each question is grounded in one readable piece of a document.
 *
 * @example chunkText('One.\n\nTwo.', 5) // ['One.', 'Two.']
 */
export function chunkText(text: string, maxChars = 1_200): string[] {
  const pieces = text.split(/\n\s*\n/).flatMap((p) => (p.length <= maxChars ? [p.trim()] : (p.match(/[^.!?]+[.!?]+\s*|[^.!?]+$/g) ?? [p]).map((s) => s.trim())));
  const passages: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (piece === '') continue;
    if (current !== '' && current.length + piece.length + 2 > maxChars) {
      passages.push(current);
      current = '';
    }
    current = current === '' ? piece.slice(0, maxChars) : `${current}\n\n${piece}`;
  }
  if (current !== '') passages.push(current);
  return passages;
}
