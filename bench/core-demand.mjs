// What a gateway cell of bench:gateway asks of its pinned core: its CPU per request (every thread
// of the process, all on that core) times the floor's req/s in the same run, in cores. At 64
// connections the simulator answers each request after exactly 20 ms, so requests travel in
// convoys: the answers of a convoy reach the proxy together and each waits behind the others' CPU
// on the one core. Latency then grows by up to 64 × the extra CPU per request (wrk's latency is
// connections ÷ req/s) even while the core is half idle: the JSON floor given 300 µs more work a
// request read p50 44.6 ms (20 + 64 × 0.423 = 47.1) at 0.61 of its core. Over the non-streamed
// cells of 2026-12-01 to 12-05, p99 within 2 ms of the floor's was read only below 0.8 of a core
// and req/s ≥ 0.9× almost only below 0.8 (docs/measurements.md, "The gateway's p99 at 64
// connections follows its CPU per request").

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
