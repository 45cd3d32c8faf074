// bench:gateway BENCH_LOOP_DIAG=dir: preloaded into each `switchyard serve` (node --require), it writes
// a line a second to <dir>/<gateway>.<pid>.jsonl: event-loop delay (p50/p99/max, ms), GC pauses by kind ([count, ms, max ms]),
// collections over 4 ms and loop turns late by over 6 ms ([ms since start, ms]), and each thread name's
// [CPU ms, run-queue wait ms, times scheduled] over the second (/proc/self/task/*/schedstat; the event loop is "loop").
// Its own 1 ms timer adds work: compare runs that all have it.
const { isMainThread } = require('node:worker_threads');
if (isMainThread && process.argv.includes('serve') && process.env.LOOP_DIAG_OUT) {
  const { monitorEventLoopDelay, PerformanceObserver, constants } = require('node:perf_hooks');
  const fs = require('node:fs');
  const out = fs.openSync(`${process.env.LOOP_DIAG_OUT}.${process.pid}.jsonl`, 'w');
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const kinds = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'scav', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mc', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incr', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak' };
  let gc = {};
  const longGc = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const k = kinds[e.detail?.kind ?? e.kind] ?? 'other';
      const g = (gc[k] ??= { n: 0, ms: 0, max: 0 });
      g.n++;
      g.ms += e.duration;
      if (e.duration > g.max) g.max = e.duration;
      if (e.duration > 4) longGc.push([Math.round(performance.now()), k, Math.round(e.duration * 10) / 10]);
    }
  }).observe({ entryTypes: ['gc'] });
  const sched = () => {
    const r = {};
    for (const tid of fs.readdirSync('/proc/self/task')) {
      try {
        const [run, wait, slices] = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
        const name = Number(tid) === process.pid ? 'loop' : fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
        const x = (r[name] ??= { run: 0, wait: 0, slices: 0 });
        x.run += run / 1e6;
        x.wait += wait / 1e6;
        x.slices += slices;
      } catch {}
    }
    return r;
  };
  // Long turns: a 1 ms interval timer's lateness beyond 5 ms, with the time it happened.
  const late = [];
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 6) late.push([Math.round(last), Math.round(now - last)]);
    last = now;
  }, 1).unref();
  let prev = sched();
  const t0 = performance.now();
  setInterval(() => {
    const s = sched();
    const d = {};
    for (const [k, v] of Object.entries(s)) {
      const p = prev[k] ?? { run: 0, wait: 0, slices: 0 };
      d[k] = [Math.round(v.run - p.run), Math.round(v.wait - p.wait), v.slices - p.slices];
    }
    prev = s;
    const line = {
      t: Math.round(performance.now() - t0),
      eld: [h.percentile(50) / 1e6, h.percentile(99) / 1e6, h.max / 1e6].map((x) => Math.round(x * 10) / 10),
      gc: Object.fromEntries(Object.entries(gc).map(([k, g]) => [k, [g.n, Math.round(g.ms * 10) / 10, Math.round(g.max * 10) / 10]])),
      longGc: longGc.splice(0),
      late: late.splice(0),
      sched: d,
      heapMb: Math.round(process.memoryUsage().heapUsed / 1e5) / 10,
      rssMb: Math.round(process.memoryUsage.rss() / 1e5) / 10,
    };
    fs.writeSync(out, `${JSON.stringify(line)}\n`);
    h.reset();
    gc = {};
  }, 1000).unref();
}
