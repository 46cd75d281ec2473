// Lab helpers: unique loopback bases (others run labs on this machine too),
// an st-cluster state dir per lab, and the CLI run under the usage preload.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMeter } from './cpu.mjs';
import { timed } from './stats.mjs';

const PRELOAD = fileURLToPath(new URL('./usage-preload.cjs', import.meta.url));
const usedBases = new Set();

export function uniqueAddressBase() {
  for (;;) {
    const base = `127.${20 + Math.floor(Math.random() * 230)}.${Math.floor(Math.random() * 250)}.10`;
    if (!usedBases.has(base)) {
      usedBases.add(base);
      return base;
    }
  }
}

/** delays: {installDelayMs, startDelayMs, stopDelayMs} (lab up's simulated durations). */
export async function openLab({ dist, pgUrl, nodes, latencyMs, delays = {} }) {
  const { labUp, labDown } = await import(`${dist}/lab/index.js`);
  const parent = await mkdtemp(path.join(tmpdir(), 'st-bench-lab-'));
  const dir = path.join(parent, 'lab');
  const info = await labUp({ dir, nodes, dbUrl: pgUrl, addressBase: uniqueAddressBase(), ...(latencyMs === undefined ? {} : { latencyMs }), ...delays });
  let down = false;
  return {
    nodes,
    roots: Object.fromEntries(info.nodes.map((n) => [n.name, n.root])),
    answersFile: info.answersFile,
    stateDir: path.join(parent, 'st-cluster-state'),
    parent,
    async down() {
      if (down) return;
      down = true;
      await labDown(dir);
      await rm(parent, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `st-cluster ARGS --answers LAB --json` and returns wall time, exit code,
 * per-step timings (from the event stream, stamped on arrival), the CLI's own
 * peak RSS / CPU (usage preload) and the machine's CPU busy share.
 */
export async function runCli({ cli, lab, args, nodeArgs = [], timeoutMs = 240_000 }) {
  const usageFile = path.join(lab.parent, `usage-${Date.now()}-${Math.random().toString(16).slice(2)}.json`);
  const env = { ...process.env, NO_COLOR: '1', ST_CLUSTER_STATE_DIR: lab.stateDir, BENCH_USAGE_FILE: usageFile };
  const steps = {};
  // Actions' start/end (epoch ms, stamped on arrival): the critical path splits steps at their phases.
  const actions = {};
  const meter = cpuMeter();
  const run = timed([process.execPath, ...nodeArgs, '--require', PRELOAD, cli, ...args, '--answers', lab.answersFile, '--json'], {
    env,
    timeoutMs,
    onLine(line, t) {
      if (!line.startsWith('{')) return;
      const e = JSON.parse(line);
      if (e.type === 'action' && (e.status === 'started' || e.status === 'done' || e.status === 'failed')) {
        const a = (actions[e.id] ??= { step: e.step, node: e.node, kind: e.kind, startEpoch: null, endEpoch: null });
        if (e.status === 'started') a.startEpoch = Date.now();
        else a.endEpoch = Date.now();
        return;
      }
      if (e.type !== 'step') return;
      const s = (steps[e.number] ??= { id: e.step, start: null, end: null, startEpoch: null, endEpoch: null, status: null });
      if (e.status === 'started') [s.start, s.startEpoch] = [t, Date.now()];
      else {
        [s.end, s.endEpoch] = [t, Date.now()];
        s.status = e.status;
      }
    },
  });
  const result = await run;
  const machineBusy = meter();
  const usage = await readFile(usageFile, 'utf8').then(JSON.parse, () => null);
  if (result.code !== 0) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-8).join('\n');
    throw new Error(`st-cluster ${args.join(' ')} on a ${lab.nodes}-node lab exited ${result.code}:\n${tail}`);
  }
  return { wallMs: result.wallMs, steps, actions, usage, machineBusy };
}
