// Rows 1 and 2: `setup --yes` on labs whose simulated nodes mostly wait, as real
// ones do (realistic durations scaled down), at 3, 12 and 32 nodes. Row 1 compares
// the wall time with the critical path the lab's records allow (critical-path.mjs);
// row 2 is st-cluster's own CPU and peak RSS (usage preload: the CLI process only).
import { criticalPath, readSimOps } from './critical-path.mjs';
import { openLab, runCli } from './labs.mjs';
import { median, ms } from './stats.mjs';

export const DURATIONS = { installDelayMs: 3000, startDelayMs: 1500, stopDelayMs: 500, latencyMs: 20 };

export async function overheadRow({ cli, dist, pgUrl, sizes, reps, log, cleanups }) {
  const { latencyMs, ...delays } = DURATIONS;
  const runs = Object.fromEntries(sizes.map((n) => [n, []]));
  for (let i = 0; i < reps; i++) {
    for (const n of sizes) {
      const lab = await openLab({ dist, pgUrl, nodes: n, latencyMs, delays });
      cleanups.push(() => lab.down());
      try {
        // --parallel N: the procedure lets every node act at once; the default bound (16) would add a second wave at 32 nodes.
        const run = await runCli({ cli, lab, args: ['setup', '--yes', '--parallel', String(n)] });
        const ops = Object.fromEntries(Object.entries(lab.roots).map(([node, root]) => [node, readSimOps(root)]));
        const path = criticalPath(run.steps, run.actions, ops);
        runs[n].push({ wallMs: run.wallMs, path, usage: run.usage, machineBusy: run.machineBusy, steps: run.steps });
        log(`setup --yes, ${n} nodes (${i + 1}/${reps}): wall ${ms(run.wallMs)}, critical path ${ms(path.totalMs)} (${path.opCount} simulated operations${path.outsideOps ? `, ${path.outsideOps} outside any step` : ''}), CPU ${ms(run.usage.userMs + run.usage.systemMs)}, RSS ${run.usage.maxRssMb} MB`);
      } finally {
        await lab.down();
      }
    }
  }
  const per = (n, f) => median(runs[n].map(f));
  const bySize = Object.fromEntries(sizes.map((n) => {
    const wallMs = per(n, (r) => r.wallMs);
    const pathMs = per(n, (r) => r.path.totalMs);
    const cpuMs = per(n, (r) => r.usage.userMs + r.usage.systemMs);
    // The run whose wall time is the median: its per-step path and wall for the detail table.
    const mid = [...runs[n]].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs[n].length / 2)];
    const stepWall = Object.fromEntries(Object.entries(mid.steps).filter(([, s]) => s.start !== null && s.end !== null).map(([k, s]) => [k, { id: s.id, ms: s.end - s.start }]));
    return [n, {
      wallMs, pathMs, overhead: wallMs / pathMs - 1, cpuMs, cpuPerNodeMs: cpuMs / n,
      rssMb: per(n, (r) => r.usage.maxRssMb), heapUsedMb: per(n, (r) => r.usage.peakHeapUsedMb),
      machineBusy: per(n, (r) => r.machineBusy ?? 0), stepPath: mid.path.steps, stepWall,
    }];
  }));
  const [small, , large] = [sizes[0], sizes[1], sizes.at(-1)];
  // What one more node costs: the slope of CPU over node count, without the fixed start-up cost.
  const marginalCpuMs = sizes.length > 1 ? (bySize[large].cpuMs - bySize[small].cpuMs) / (large - small) : null;
  return { durations: DURATIONS, reps, sizes, bySize, marginalCpuMs };
}
