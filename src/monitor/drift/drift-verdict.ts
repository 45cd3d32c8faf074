import type { DriftReport } from './drift-types.js';

export type DriftVerdict = 'drift' | 'no drift' | 'not tested';

/**
 * What a report can claim: a report whose every test was skipped for too few values has not
 * shown that nothing moved, so it says "not tested" rather than "no drift". Features with one
 * value throughout are not tests either way.
 *
 * @example driftVerdict(report) // 'not tested' when both windows hold fewer than 30 traces
 */
export function driftVerdict(report: Pick<DriftReport, 'drifted' | 'features'>): DriftVerdict {
  if (report.drifted) return 'drift';
  const untested = report.features.some((f) => f.skipped) && report.features.every((f) => f.constant || f.skipped);
  return untested ? 'not tested' : 'no drift';
}
