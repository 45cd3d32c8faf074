// What a gateway cell of bench:gateway asks of its pinned core: its CPU per request (every thread
// of the process, all on that core) times the floor's req/s in the same run, in cores. At 64
// connections with a 20 ms upstream the bench runs near the knee of a closed loop: the floor's
// rate is set by the simulator and wrk on the other core, and a gateway whose demand at that rate
// nears its one core queues every request behind the others, so its req/s falls and its whole
// latency distribution moves up (wrk's latency is connections ÷ req/s). Over 119 non-streamed
// cells of 2026-12-01 to 12-05, p99 within 2 ms of the floor's was read only below 0.8 of a core
// and req/s ≥ 0.9× only below 0.9 (docs/measurements.md, "The gateway's p99 at 64 connections is
// its core's saturation").

/** Cores a gateway would need on its pinned core to answer at the floor's rate; null without figures. */
export function coreDemand(gatewayCpuMsPerRequest, floorReqPerSec) {
  if (!(gatewayCpuMsPerRequest > 0) || !(floorReqPerSec > 0)) return null;
  return Math.round(gatewayCpuMsPerRequest * floorReqPerSec) / 1000;
}

/**
 * The gateway's CPU per request at which its demand would be `share` of a core at the floor's
 * rate: the CPU budget for the p99 and req/s bars on this run's host (0.7 by default, where
 * past runs met the p99 bar about as often as not).
 */
export function cpuBudgetMs(floorReqPerSec, share = 0.7) {
  if (!(floorReqPerSec > 0)) return null;
  return Math.round((share * 1e6) / floorReqPerSec) / 1000;
}
