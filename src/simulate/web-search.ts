/**
 * What the simulator's web search "finds": two pages per search, made from the query and the
 * prompt's seed (the same request finds the same pages), on the domains the request allows when
 * it names some. Anthropic's and Gemini's modes dress them in their own wire shapes.
 */
import { fnvString } from '../core/fnv-hash.js';
import { trimEndRun } from '../core/trim-end-run.js';

export interface SimulatedPage {
  url: string;
  title: string;
  /** A sentence of the page, as a citation quotes it. */
  text: string;
  /** How old the page is, in Anthropic's words ("2 days ago"). */
  age: string;
}

const DOMAINS = ['docs.example.com', 'news.example.org'];

/**
 * The query a simulated model searches for: the user's last words, at most 12 of them.
 *
 * @example searchQuery('What is the latest Node.js LTS release?') // 'What is the latest Node.js LTS release'
 */
export function searchQuery(userText: string): string {
  const words = trimEndRun(userText, /[?!.]/).split(/\s+/).filter(Boolean).slice(0, 12);
  return words.length > 0 ? words.join(' ') : 'search';
}

/**
 * The pages a search finds.
 *
 * @example searchPages('node lts', 7)[0]?.url // 'https://docs.example.com/node-lts-…'
 */
export function searchPages(query: string, seed: number, allowedDomains: readonly string[] = []): SimulatedPage[] {
  const domains = allowedDomains.length > 0 ? allowedDomains : DOMAINS;
  const slug = query.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'result';
  return [0, 1].map((k) => {
    const domain = domains[k % domains.length]!;
    const tag = (fnvString(`${query}#${k}`, seed) % 100_000).toString(36);
    return {
      url: `https://${domain}/${slug}-${tag}`,
      title: `${query} (${k === 0 ? 'overview' : 'details'}) - ${domain}`,
      text: `${query}: the ${k === 0 ? 'overview' : 'details'} page on ${domain} covers this.`,
      age: `${1 + (tag.length % 5)} days ago`,
    };
  });
}
