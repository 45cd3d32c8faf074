import { z } from 'zod';

/**
 * The shape of a `LoadReport` as `POST /api/loadtests` takes it: every figure a number (or null
 * where the report says unknown), every text bounded. The Load tests page reads each field as
 * typed: one report of another shape (a `bottleneck.kind` that is an object, no `ttftMs`) made it
 * "This page failed to render" in place of every run, and a 100,000-character reason went into
 * the table whole.
 */
const figure = z.number();
const maybe = z.number().nullable();
const distribution = z.looseObject({ p50: maybe, p90: maybe, p99: maybe, max: maybe });
/** Counts by name (error causes, cache outcomes): a cause is a status and the error's message. */
const counts = z.record(z.string().max(1_000), figure).refine((record) => Object.keys(record).length <= 1_000, { message: 'at most 1000 names' });

export const loadReportSchema = z.looseObject({
  target: z.string().max(2_048),
  durationMs: figure,
  arrivals: z.string().max(64),
  requests: z.looseObject({ due: figure, sent: figure, ok: figure, failed: figure }),
  latencyMs: distribution,
  ttftMs: distribution,
  sendLagMs: distribution,
  errors: counts,
  errorMessages: z
    .record(z.string().max(1_000), z.string().max(1_000))
    .refine((record) => Object.keys(record).length <= 1_000, { message: 'at most 1000 names' })
    .optional(),
  cache: counts,
  tokens: z.looseObject({ input: figure, output: figure, perRequestInput: figure, perRequestOutput: figure }),
  cost: z.looseObject({
    totalUsd: maybe,
    perRequestUsd: maybe,
    perHourUsd: maybe,
    perMonthUsd: maybe,
    known: figure,
    unpriced: figure.optional(),
    unpricedModels: z.array(z.string().max(256)).max(1_000).optional(),
  }),
  gateway: z.looseObject({ overheadMs: distribution, upstreamMs: distribution, cpuMsPerRequest: maybe, traced: figure }),
  projection: z.looseObject({ users: figure, requestsPerUserPerDay: figure, requestsPerMonth: figure, costPerMonthUsd: maybe, averageRps: figure, peakRps: figure }).nullable(),
  bottleneck: z.looseObject({
    kind: z.enum(['none', 'refused requests', 'rate limits', 'provider errors', 'provider latency', 'gateway CPU', 'load generator']),
    reason: z.string().max(2_000),
  }),
});
