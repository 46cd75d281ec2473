// Loaded with `node --require` into the st-cluster process only (never via
// NODE_OPTIONS, so the lab's simulated ST processes are not counted): at exit,
// writes the process's own peak RSS, CPU time and the largest heap/external
// memory seen (sampled every 100 ms: its own CPU counts as the CLI's) to $BENCH_USAGE_FILE.
'use strict';
const fs = require('node:fs');
const file = process.env.BENCH_USAGE_FILE;
if (file) {
  const started = process.hrtime.bigint();
  const peak = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], m[key]);
  };
  setInterval(sample, 100).unref();
  process.on('exit', () => {
    sample();
    const u = process.resourceUsage();
    const mb = (n) => Math.round(n / 1048576);
    fs.writeFileSync(file, JSON.stringify({
      // resourceUsage().maxRSS is in kilobytes.
      maxRssMb: Math.round(u.maxRSS / 1024),
      userMs: Math.round(u.userCPUTime / 1000),
      systemMs: Math.round(u.systemCPUTime / 1000),
      wallMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      peakHeapUsedMb: mb(peak.heapUsed), peakHeapTotalMb: mb(peak.heapTotal), peakExternalMb: mb(peak.external), peakArrayBuffersMb: mb(peak.arrayBuffers),
    }));
  });
}
