import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

/** GitHub's anchor for a heading: lower case, punctuation dropped (hyphens and underscores kept), spaces as hyphens. */
function githubSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** Text outside fenced blocks, where a heading is a heading. */
function outsideFences(markdown: string): string {
  return markdown.replace(/^ {0,3}```[\s\S]*?^ {0,3}```/gm, '');
}

/** Text outside fenced blocks and inline code, where a link is a link. */
function prose(markdown: string): string {
  return outsideFences(markdown).replace(/`[^`\n]*`/g, '');
}

const anchorCache = new Map<string, Set<string>>();

/** Every anchor a Markdown file has: one per heading (repeats get -1, -2 …, as GitHub numbers them). */
function anchorsOf(file: string): Set<string> {
  const cached = anchorCache.get(file);
  if (cached) return cached;
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of outsideFences(readFileSync(file, 'utf8')).matchAll(/^#{1,6} (.*)$/gm)) {
    const slug = githubSlug(match[1] ?? '');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  anchorCache.set(file, anchors);
  return anchors;
}

/** Relative links of a file whose target file or heading does not exist, as `file: link`. */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const match of prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
    const href = match[1] ?? '';
    if (/^[a-z]+:/.test(href)) continue;
    const [path = '', fragment] = href.split('#');
    const target = path ? resolve(dirname(file), path) : file;
    const where = `${relative(root, file)}: ${href}`;
    if (!existsSync(target)) broken.push(`${where} (no such file)`);
    else if (fragment && target.endsWith('.md') && !anchorsOf(target).has(fragment)) broken.push(`${where} (no such heading)`);
  }
  return broken;
}

describe('links in the README and docs/', () => {
  const files = [join(root, 'README.md'), ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join(root, 'docs', name))];

  it('all lead to a file that exists and a heading it has', () => {
    // A section moved between the README and a docs page changes the page its anchor is on.
    expect(files.flatMap(brokenLinks)).toEqual([]);
  });

  it('makes anchors as GitHub does', () => {
    expect(githubSlug('Capacity planning: `switchyard loadtest`')).toBe('capacity-planning-switchyard-loadtest');
    expect(githubSlug('Knowledge bases (RAG)')).toBe('knowledge-bases-rag');
    expect(githubSlug('Routes: the cheapest model that is good enough')).toBe('routes-the-cheapest-model-that-is-good-enough');
    expect(githubSlug('Local task models: the README\'s write-ups')).toBe('local-task-models-the-readmes-write-ups');
    expect(githubSlug('Drift detection (`bench:drift`)')).toBe('drift-detection-benchdrift');
  });
});
