// bench/gateway-rss.mjs DIAG=1, preloaded into the gateway (node --require): every thread writes its V8 heap figures to $RSS_DIAG_DIR/<pid>.<threadId>.json every 500 ms;
// with RSS_SNAP_DIR set, each worker thread writes one heap snapshot when asked (bench/gateway-rss.mjs SNAP_AT_S);
// the main thread adds process.memoryUsage() and /proc/self/smaps_rollup.
const dir = process.env.RSS_DIAG_DIR;
if (dir) {
  const fs = require('node:fs');
  const v8 = require('node:v8');
  const { threadId, isMainThread } = require('node:worker_threads');
  const file = `${dir}/${process.pid}.${threadId}.json`;
  const write = () => {
    const h = v8.getHeapStatistics();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_size / 1024)]));
    const out = { threadId, isMainThread, t: Date.now(), totalHeapKb: Math.round(h.total_heap_size / 1024), usedHeapKb: Math.round(h.used_heap_size / 1024), physKb: Math.round(h.total_physical_size / 1024), mallocedKb: Math.round(h.malloced_memory / 1024), peakMallocedKb: Math.round(h.peak_malloced_memory / 1024), externalKb: Math.round(h.external_memory / 1024), spaces };
    if (isMainThread) {
      const m = process.memoryUsage();
      out.mem = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v / 1024)]));
      try { out.smaps = fs.readFileSync('/proc/self/smaps_rollup', 'utf8'); } catch {}
      try { out.status = fs.readFileSync('/proc/self/status', 'utf8').split('\n').filter((l) => /^(VmRSS|VmHWM|RssAnon|RssFile|RssShmem|Threads)/.test(l)).join('; '); } catch {}
    }
    fs.writeFileSync(file, JSON.stringify(out));
  };
  const gc = {};
  const { PerformanceObserver } = require('node:perf_hooks');
  new PerformanceObserver((list) => { for (const e of list.getEntries()) { const k = e.detail?.kind ?? e.kind; const g = (gc[k] ??= [0, 0]); g[0]++; g[1] = Math.round((g[1] + e.duration) * 10) / 10; } }).observe({ entryTypes: ['gc'] });
  const write0 = write;
  // SNAP_DIR: a worker thread writes one heap snapshot there when the probe drops a `snap` file in the diag dir (under load).
  const snapDir = process.env.RSS_SNAP_DIR;
  let snapped = false;
  const snapIfAsked = () => {
    if (!snapDir || isMainThread || snapped || !fs.existsSync(`${dir}/snap`)) return;
    snapped = true;
    v8.writeHeapSnapshot(`${snapDir}/thread-${threadId}-${Date.now()}.heapsnapshot`);
  };
  setInterval(() => { snapIfAsked(); write0(); try { const o = JSON.parse(fs.readFileSync(file, 'utf8')); o.gc = gc; fs.writeFileSync(file, JSON.stringify(o)); } catch {} }, 500).unref();
  write();
}
