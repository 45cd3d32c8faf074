import { countOf } from '../../core/plural.js';
import { fitToTerminal, joinToTerminal, TerminalTable } from '../../core/terminal-table.js';
import type { RunSummary } from '../runner/summarize-run.js';
import type { RunRecord } from '../types.js';
import { usd } from '../../core/usd.js';
import { costPerCaseWithUnpriced, costWithUnpriced, diffPoints, ms, qualityRuleOfThreeLines, withInterval, zeroWidth, zeroWidthLines } from './format-numbers.js';
import { percent } from '../../core/percent.js';
import { ruleOfThreeReason } from '../stats/paired-mean.js';

/**
 * The terminal report of a run: one row per variant with quality and pass rate intervals,
 * cost, tokens, latency and the Pareto frontier, then per-scorer means and paired differences.
 *
 * @example console.log(formatRun(run, summary));
 */
export function formatRun(run: RunRecord, summary: RunSummary): string {
  const noErrors = summary.variants.every((v) => v.errors + v.scorerErrors === 0);
  const table = new TerminalTable({
    head: ['variant', 'model', 'quality (95% CI)', 'pass (Wilson 95%)', 'cost', 'cost/case', 'tokens in/out', 'p50', 'p95', 'errors', 'frontier'],
    // Under a width, what the other columns imply or the JSON report keeps: quality, cost/case,
    // p50, errors and frontier are what a comparison of variants reads. A column of zero errors
    // says nothing a line cannot; the model goes last (a variant is usually named after it), as
    // real model names are what push the table past 80 columns.
    dropToFit: ['p95', 'pass (Wilson 95%)', 'tokens in/out', 'cost', ...(noErrors ? ['errors'] : []), 'model'],
    // On a terminal the interval goes under its estimate, "(simulated)" under the model name; to
    // a pipe each variant stays one line, for grep.
    wrapsOnTerminal: ['model', 'quality (95% CI)'],
    // A model name past 16 columns is cut with "…" before the figures give way: a 200-character
    // name dropped every column but quality, cost/case, p50 and frontier, even at 120 columns.
    shrinks: ['model'],
  });
  const simulated = (variant: string) => run.variants[variant]?.targets.some((t) => t.simulated) === true;
  // A variant whose every call failed scored 0 on each case and cost $0: "frontier yes" (the
  // cheapest) and a paired difference of its zeros read as findings about a model never heard.
  const unanswered = new Set(summary.variants.filter((v) => v.results > 0 && v.errors === v.results).map((v) => v.variant));
  for (const v of summary.variants) {
    table.push([
      v.variant,
      simulated(v.variant) ? `${v.model} (simulated)` : v.model,
      withInterval(v.quality),
      withInterval(v.passRate),
      costWithUnpriced(v.costUsd, v.unpricedResults ?? 0, v.results),
      costPerCaseWithUnpriced(v.costPerCaseUsd, v.unpricedResults ?? 0, v.results),
      `${v.inputTokens}/${v.outputTokens}`,
      ms(v.latencyP50Ms),
      ms(v.latencyP95Ms),
      v.errors + v.scorerErrors === 0 ? '0' : `${countOf(v.errors, 'call')}, ${countOf(v.scorerErrors, 'score')}`,
      unanswered.has(v.variant) ? '–' : v.pareto ? 'yes' : 'dominated',
    ]);
  }
  const lines = [
    joinToTerminal([`run ${run.id}`, run.status, run.name, `dataset ${run.dataset}@${run.datasetVersion} (${run.datasetHash.slice(0, 12)})`, `git ${run.gitCommit?.slice(0, 12) ?? 'unknown'}`]),
  ];
  const tableText = table.toString();
  lines.push(tableText);
  for (const line of zeroWidthLines(summary.variants.filter((v) => !unanswered.has(v.variant)).map((v) => ({ name: v.variant, quality: v.quality, cases: v.cases })))) lines.push(fitToTerminal(line, '  '));
  for (const line of qualityRuleOfThreeLines(summary.variants.filter((v) => !unanswered.has(v.variant)).map((v) => ({ name: v.variant, quality: v.quality, cases: v.cases })))) lines.push(fitToTerminal(line, '  '));
  if (noErrors && /\(not shown to fit [\s\S]*\berrors[,)]/.test(tableText)) lines.push(fitToTerminal('errors: none (every call and every scorer answered)', '  '));
  const scorerTable = new TerminalTable({ head: ['variant', 'scorer', 'mean score', 'pass rate', 'n'], wrapsOnTerminal: ['scorer'] });
  for (const v of summary.variants) for (const s of v.scorers) scorerTable.push([v.variant, s.scorer, percent(s.mean), percent(s.passRate), String(s.n)]);
  if (summary.variants.some((v) => v.scorers.length > 1)) lines.push(scorerTable.toString());
  if (summary.pairs.length > 0) {
    lines.push('paired quality differences (same cases):');
    for (const p of summary.pairs) lines.push(`  ${p.b} − ${p.a}: ${pairText(p, unanswered)}`);
  }
  const cached = summary.variants.reduce((n, v) => n + v.cached, 0);
  const scorerCost = summary.variants.reduce((n, v) => n + v.scorerCostUsd, 0);
  if (cached > 0) lines.push(fitToTerminal(`${countOf(cached, 'answer')} came from the response cache (cost and latency shown are what ${cached === 1 ? 'it' : 'they'} took when made; --no-cache to call again)`, '  '));
  if (scorerCost > 0) lines.push(`scorers (judges, embeddings) spent ${usd(scorerCost)}`);
  const unpriced = unpricedLine(summary);
  if (unpriced) lines.push(fitToTerminal(unpriced, '  '));
  if (summary.variants.some((v) => simulated(v.variant))) lines.push(fitToTerminal('(simulated): answered by the built-in simulator, not a real model; scores say nothing about the real model', '  '));
  lines.push(fitToTerminal(`frontier: cost–quality Pareto frontier; a variant is dominated only when one at most as costly is better with 95% confidence${unanswered.size > 0 ? ' (– where no case was answered)' : ''}`, '  '));
  return lines.join('\n');
}

/** One paired difference, or why there is none: a side that answered no case was never measured. */
function pairText(p: RunSummary['pairs'][number], unanswered: ReadonlySet<string>): string {
  const silent = [p.b, p.a].filter((v) => unanswered.has(v));
  if (silent.length > 0) return `not compared: ${silent.join(' and ')} answered no case (every call failed; the errors are below)`;
  const reason = ruleOfThreeReason(p.difference);
  // A stored interval of no width around a nonzero difference "excluded zero" from five cases.
  const significant = !zeroWidth(p.difference) && (p.difference.low > 0 || p.difference.high < 0);
  return `${diffPoints(p.difference)} over ${p.n} cases${significant ? ' (significant)' : ''}${reason ? ` (${reason})` : ''}`;
}

/**
 * Which results were answered by models with no price, whose cost the totals leave out: said
 * once under the table, with the fix.
 */
function unpricedLine(summary: RunSummary): string | undefined {
  const results = summary.variants.reduce((n, v) => n + v.results, 0);
  const unpriced = summary.variants.reduce((n, v) => n + (v.unpricedResults ?? 0), 0);
  if (unpriced === 0) return undefined;
  const models = [...new Set(summary.variants.flatMap((v) => v.unpricedModels ?? []))];
  return `unpriced: ${unpriced} of ${countOf(results, 'result')} answered by ${models.join(', ')}, which ${models.length === 1 ? 'has' : 'have'} no price: their cost is unknown, not $0 (add price: to the model in the gateway config)`;
}
