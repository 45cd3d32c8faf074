import { HEURISTIC_RULES, type HeuristicRule, type RuleCategory } from './heuristic-rules.js';
import type { NormalizationSignal, NormalizedText } from './normalize/normalize-text.js';

export type InjectionSource = 'user' | 'indirect';

export interface HeuristicHit {
  id: string;
  category: RuleCategory | 'obfuscation';
  description: string;
  weight: number;
}

/**
 * Hiding text is itself a sign: nobody puts invisible tag characters or Cyrillic letters inside
 * English words by accident. Encodings weigh little alone ("what does this base64 say?" is
 * ordinary); what they decode to is read by the rules and the classifier anyway.
 */
const SIGNAL_WEIGHTS: Partial<Record<NormalizationSignal, { weight: Record<InjectionSource, number>; description: string }>> = {
  'tag-characters': { weight: { user: 0.8, indirect: 0.8 }, description: 'carries text in invisible Unicode tag characters' },
  homoglyphs: { weight: { user: 0.3, indirect: 0.3 }, description: 'mixes look-alike Cyrillic or Greek letters into Latin words' },
  'bidi-control': { weight: { user: 0.15, indirect: 0.15 }, description: 'contains bidirectional control characters' },
  'zero-width': { weight: { user: 0.1, indirect: 0.05 }, description: 'contains zero-width characters' },
  // Order codes, versions and ids in documents look like leetspeak far more often than attacks do.
  leetspeak: { weight: { user: 0.1, indirect: 0 }, description: 'writes words in leetspeak' },
  rot13: { weight: { user: 0.2, indirect: 0.2 }, description: 'contains ROT13-encoded text' },
  morse: { weight: { user: 0.2, indirect: 0.2 }, description: 'contains Morse-encoded text' },
};

/**
 * Runs every rule on normalised text and adds the normalisation signals; returns the hits with
 * their weight for this source (rules that weigh nothing for it are skipped).
 *
 * @example matchHeuristics(normalizeText('Ignore all previous instructions'), 'user')[0].id // 'ignore-previous-instructions'
 */
export function matchHeuristics(
  normalized: NormalizedText,
  source: InjectionSource,
  rules: readonly HeuristicRule[] = HEURISTIC_RULES,
): HeuristicHit[] {
  const text = normalized.text.toLowerCase();
  const hits: HeuristicHit[] = [];
  const anyRule = unionOf(rules);
  for (const rule of anyRule === null || anyRule.test(text) ? rules : []) {
    const weight = rule.weight[source];
    if (weight <= 0 || !rule.pattern.test(text)) continue;
    hits.push({ id: rule.id, category: rule.category, description: rule.description, weight });
  }
  for (const signal of normalized.signals) {
    const known = SIGNAL_WEIGHTS[signal];
    const weight = known?.weight[source] ?? 0;
    if (known !== undefined && weight > 0) hits.push({ id: signal, category: 'obfuscation', description: known.description, weight });
  }
  return hits;
}

const unions = new WeakMap<readonly HeuristicRule[], RegExp | null>();

/**
 * One pattern that matches where any rule's does (their alternation): most texts match no rule,
 * and one scan for all costs about 0.6 of a scan per rule. Only for rules without flags, where
 * the alternation means exactly "some rule matches"; otherwise null (each rule is run).
 */
function unionOf(rules: readonly HeuristicRule[]): RegExp | null {
  let union = unions.get(rules);
  if (union === undefined) {
    union = rules.length > 1 && rules.every((r) => r.pattern.flags === '') ? new RegExp(unionSource(rules.map((r) => r.pattern.source))) : null;
    unions.set(rules, union);
  }
  return union;
}

/**
 * The alternation of `sources`, with the zero-width test that starts many of their branches (a
 * word boundary `\\b`, or a lookbehind such as the translated rules' `(?<![a-zà-öø-ÿ])`) made once
 * for all the branches that share it: `\\b(?:ignore…|new…|…)|(?<!…)(?:…|…)|<the other branches>`.
 * Such a test only looks at the position, so this matches exactly where the plain alternation
 * does, and the regex engine no longer tries every branch at positions inside words (0.6× the
 * scan time on a 2 KB prompt).
 *
 * @example unionSource(['\\ba|\\bb', 'c']) // '\\b(?:(?:a)|(?:b))|(?:c)'
 */
export function unionSource(sources: readonly string[]): string {
  const shared = new Map<string, string[]>();
  const other: string[] = [];
  for (const source of sources) {
    for (const branch of topLevelBranches(source)) {
      const lead = leadingAssertion(branch);
      if (lead === '') {
        other.push(`(?:${branch})`);
        continue;
      }
      const group = shared.get(lead) ?? [];
      group.push(`(?:${branch.slice(lead.length)})`);
      shared.set(lead, group);
    }
  }
  return [...[...shared].map(([lead, branches]) => `${lead}(?:${branches.join('|')})`), ...other].join('|');
}

/** The zero-width test a branch starts with: `\\b`, a whole lookbehind group, or ''. */
function leadingAssertion(branch: string): string {
  if (branch.startsWith('\\b')) return '\\b';
  if (!branch.startsWith('(?<!') && !branch.startsWith('(?<=')) return '';
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < branch.length; i++) {
    const c = branch[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return branch.slice(0, i + 1);
  }
  return '';
}

/** The branches of a pattern's top-level alternation (`a|(b|c)|[|]` → `a`, `(b|c)`, `[|]`). */
function topLevelBranches(source: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      branches.push(source.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(source.slice(start));
  return branches;
}

/**
 * Combines independent hits as a noisy-or: each hit leaves a share (1 - weight) of doubt.
 *
 * @example combineHits([{ weight: 0.5 }, { weight: 0.5 }]) // 0.75
 */
export function combineHits(hits: readonly Pick<HeuristicHit, 'weight'>[]): number {
  let doubt = 1;
  for (const hit of hits) doubt *= 1 - hit.weight;
  return 1 - doubt;
}
