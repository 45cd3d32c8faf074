import { useEffect } from 'react';
import { count, pct, perStep, USD_CHART, usd } from '../format.js';
import type { CacheReport } from '../types.js';
import { TimeChart } from './chart.js';
import { afterGap, leadingGap, SeriesStart } from './series-start.js';
import { ErrorBox, Label, Stat } from './ui.js';
import { useApi } from './use-api.js';

const RANGE_NAMES = { '1h': 'hour', '24h': '24 hours' } as const;

/**
 * The response cache's hit rate over time (all hits and semantic ones, over lookups), what the hits
 * saved (dollars and tokens), and the same per model or route called, as `GET /api/cache/hits?range=auto` computes them
 * from the rollups. Reloaded with the page (`tick`).
 *
 * @example <CacheHits tick={n} />
 */
export function CacheHits({ tick }: { tick: number }) {
  const { data, error, reload } = useApi<CacheReport>('/api/cache/hits?range=auto');
  useEffect(() => {
    if (tick > 0) reload();
  }, [tick, reload]);
  if (error) return <ErrorBox error={error} />;
  if (!data) return null;
  const t = data.totals;
  const hits = t.exact + t.semantic;
  const lookups = hits + t.misses;
  const range = data.range ? `last ${RANGE_NAMES[data.range]}` : 'range';
  if (lookups + t.bypass + t.skip === 0) {
    return (
      <p className="muted" data-testid="cache-hits-none">
        No call of a cached name in the {range}: the hit rate appears here once one is made.
      </p>
    );
  }
  const gap = leadingGap({ ...data, series: { requests: data.series.ts.map((_, i) => (data.series.exact[i] ?? 0) + (data.series.semantic[i] ?? 0) + (data.series.misses[i] ?? 0)) } });
  // A minute without a lookup has no rate and no saving (null): a break in both lines, never a
  // line drawn through it or a drop to $0.
  const rates = [{ label: 'hit rate', values: afterGap(data.series.hitRate, gap), gaps: true }, ...(t.semantic > 0 ? [{ label: 'semantic hits', values: afterGap(data.series.semanticRate, gap), gaps: true }] : [])];
  return (
    <div data-testid="cache-hits">
      <h3>Hits in the {range}</h3>
      <SeriesStart overview={data} range={data.range ?? ''} what="cache lookups" />
      <div className="stats">
        <Stat label="hit rate" value={pct(t.hitRate, 0)} hint={`${count(hits)} of ${count(lookups)} lookups`} />
        <Stat label="exact / semantic hits" value={`${count(t.exact)} / ${count(t.semantic)}`} />
        <Stat label="saved" value={usd(t.savedUsd)} hint="the hits' answers' tokens at their model's price at the hit" />
        <Stat label="tokens saved" value={count(t.savedTokens)} hint="input and output the hits' answers took, which the hits did not spend" />
        <Stat label="not looked up" value={count(t.bypass + t.skip)} hint={`${count(t.bypass)} opted out, ${count(t.skip)} not cacheable`} />
      </div>
      <div className="grid2">
        <TimeChart title="Cache hit rate" unit={`% of lookups ${perStep(data.stepMs)}`} ts={data.series.ts} series={rates} format={(v) => pct(v, 0)} yRange={[0, 1]} />
        <TimeChart title="Saved by cache hits" unit={`USD ${perStep(data.stepMs)}`} ts={data.series.ts} series={[{ label: 'saved', values: afterGap(data.series.savedUsd, gap), gaps: true }]} {...USD_CHART} />
      </div>
      <div className="scroll-x">
        <table className="table stack" data-testid="cache-names">
          <thead>
            <tr>
              <th>model or route</th>
              <th className="num">lookups</th>
              <th className="num">hits (exact / semantic)</th>
              <th className="num">hit rate</th>
              <th className="num">saved</th>
              <th className="num">tokens saved</th>
              <th className="num">not looked up</th>
            </tr>
          </thead>
          <tbody>
            {data.names.map((n) => (
              <tr key={n.name}>
                <td data-label="model or route">
                  <Label text={n.name} />
                </td>
                <td data-label="lookups" className="num">{count(n.exact + n.semantic + n.misses)}</td>
                <td data-label="hits (exact / semantic)" className="num">
                  {count(n.exact)} / {count(n.semantic)}
                </td>
                <td data-label="hit rate" className="num">{pct(n.hitRate, 0)}</td>
                <td data-label="saved" className="num">{usd(n.savedUsd)}</td>
                <td data-label="tokens saved" className="num">{count(n.savedTokens)}</td>
                <td data-label="not looked up" className="num">{count(n.bypass + n.skip)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data.moreNames > 0 ? <p className="muted small">and {count(data.moreNames)} more names with fewer lookups</p> : null}
      </div>
    </div>
  );
}
