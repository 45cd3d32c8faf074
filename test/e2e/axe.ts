import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's script, read once: it is 1.5 MB, injected into every page checked. */
const AXE_SOURCE: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** One rule a page breaks, as axe reports it, with the elements (CSS selectors) that break it. */
export interface AxeViolation {
  rule: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  targets: string[];
}

/** The impacts a page must not have: a screen-reader or keyboard user is blocked, or text is unreadable. */
export const BLOCKING = new Set<AxeViolation['impact']>(['serious', 'critical']);

/**
 * Runs axe-core (WCAG 2.x A and AA rules and its best practices) on the page as it is now and
 * returns what it breaks. The page is checked where it stands: wait for its data first.
 *
 * @example expect((await axeViolations(page)).filter((v) => BLOCKING.has(v.impact))).toEqual([])
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the debugging protocol: the dashboard's CSP (script-src 'self') blocks a script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: AxeViolation['impact']; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
  });
}

/** "rule (impact) ×n: first element" lines, for a failure message and the measurements. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `${v.rule} (${v.impact}) ×${v.targets.length}: ${v.help} — ${v.targets.slice(0, 3).join(' | ')}`).join('\n');
}
