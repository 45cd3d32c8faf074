// Where a gateway's RSS goes over a bench:gateway run, second by second: preloaded into `switchyard serve`
// (BENCH_SWITCHYARD_NODE_ARGS="--require /abs/path/bench/gateway-rss-timeline.cjs" TIMELINE_DIR=/abs/dir), every thread
// (the event loop, the trace-write and token-count threads) appends a line every 200 ms to $TIMELINE_DIR/<pid>.jsonl:
// its V8 heap committed and used, new / old / large-object space, external and malloced memory (MB); the event loop adds
// the process's VmRSS and VmHWM and process.memoryUsage().arrayBuffers. bench/gateway-rss.mjs reads one gateway under
// wrk instead; this one rides along a bench:gateway run, whose VmHWM is the figure the RSS bar checks.
const dir = process.env.TIMELINE_DIR;
if (dir && (process.argv.includes('serve') || !require('node:worker_threads').isMainThread)) {
  const fs = require('node:fs'); const v8 = require('node:v8');
  const { threadId, isMainThread } = require('node:worker_threads');
  const fd = fs.openSync(`${dir}/${process.pid}.jsonl`, 'a');
  const t0 = Date.now();
  setInterval(() => {
    const h = v8.getHeapStatistics(); const sp = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name.replace('_space', ''), Math.round(s.space_size / 1048576)]));
    const o = { t: Date.now() - t0, th: threadId, heap: Math.round(h.total_heap_size / 1048576), used: Math.round(h.used_heap_size / 1048576), ext: Math.round(h.external_memory / 1048576), malloc: Math.round(h.malloced_memory / 1048576), new: sp.new, old: sp.old, lo: sp.large_object };
    if (isMainThread) { const st = fs.readFileSync('/proc/self/status', 'utf8'); o.rss = Math.round(Number(st.match(/VmRSS:\s+(\d+)/)[1]) / 1024); o.hwm = Math.round(Number(st.match(/VmHWM:\s+(\d+)/)[1]) / 1024); o.ab = Math.round(process.memoryUsage().arrayBuffers / 1048576); }
    fs.writeSync(fd, JSON.stringify(o) + '\n');
  }, 200).unref();
}
