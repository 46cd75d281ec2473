#!/usr/bin/env node
// `npm run bench`: the speed targets of st-cluster, each a ratio measured side
// by side in one run (repetitions interleaved, median reported). Prints the
// table and writes bench/RESULTS.md. Plain Node; no timing assertions anywhere.
//
//   node bench/run.mjs [--reps N] [--setup-reps N] [--rows a,b] [--quick] [--sizes 3,12] [--no-profile] [--out FILE] [--json FILE] [--render FILE.json]
//
// Rows: startup, ssh, fanout (preflight), overhead (rows 1 and 2: setup --yes with
// realistic simulated durations), ansible (hosts lab, needs root and ansible).
// --quick (for development, never for RESULTS.md): 1 repetition, 3 and 12 nodes,
// a 4-node Ansible row; it writes bench/RESULTS.quick.md unless --out says otherwise.
//
// BENCH_PG_URL=postgres://… reuses a running PostgreSQL instead of starting one.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { summarizeCpuProfile } from './lib/cpuprofile.mjs';
import { openLab, runCli } from './lib/labs.mjs';
import { describeMachine, loadAverage } from './lib/machine.mjs';
import { startPg } from './lib/pg.mjs';
import { renderResults } from './lib/report.mjs';
import { ansibleRow, openHostsLab } from './lib/ansible-row.mjs';
import { DURATIONS, overheadRow } from './lib/overhead-row.mjs';
import { sshRow } from './lib/ssh-row.mjs';
import { median, ms, timed } from './lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = path.join(root, 'dist');
const cli = path.join(root, 'bin/st-cluster');
const argv = process.argv.slice(2);
const flag = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const QUICK = argv.includes('--quick');
const REPS = Number(flag('--reps', QUICK ? 1 : 3));
// Each overhead run takes tens of seconds of mostly waiting: one per size keeps the bench under 8 minutes.
const SETUP_REPS = Number(flag('--setup-reps', 1));
// Two repetitions of the preflight fan-out: its ratios are stable, and the 8-minute budget goes to the long rows.
const FAN_REPS = Math.min(REPS, 2);
const SIZES = flag('--sizes', QUICK ? '3,12' : '3,12,32').split(',').map(Number);
const ANSIBLE_NODES = QUICK ? 4 : 16;
const ROWS = new Set(flag('--rows', 'startup,ssh,fanout,overhead,ansible').split(','));
const PROFILE = !argv.includes('--no-profile');
const OUT = path.resolve(flag('--out', path.join(here, QUICK ? 'RESULTS.quick.md' : 'RESULTS.md')));
// Profiles of missed targets are extra runs: only while the whole bench stays under 8 minutes.
const PROFILE_BUDGET_MS = 330_000;

// --render FILE.json: only re-render RESULTS.md (e.g. after editing FINDINGS.md) from a run saved with --json.
if (flag('--render')) {
  const saved = JSON.parse(await readFile(path.resolve(flag('--render')), 'utf8'));
  const { markdown } = renderResults(saved, await readFile(path.join(here, 'FINDINGS.md'), 'utf8').catch(() => ''));
  await writeFile(OUT, markdown);
  process.exit(0);
}

const t0 = performance.now();
const elapsed = () => performance.now() - t0;
const log = (text) => console.error(`[bench ${ms(elapsed()).padStart(7)}] ${text}`);
const cleanups = [];
const cleanup = async () => {
  while (cleanups.length) await cleanups.pop()().catch((e) => console.error(`cleanup: ${e.message}`));
};
process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

const results = { machine: describeMachine(), cores: cpus().length, loadStart: loadAverage(), startedAt: new Date().toISOString(), reps: REPS, quick: QUICK, rows: {}, profiles: {} };

async function startupRow() {
  const reps = Math.max(REPS * 3, 9);
  const cases = { 'node -e 0': [process.execPath, '-e', '0'], '--help': [process.execPath, cli, '--help'], '--version': [process.execPath, cli, '--version'] };
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const args of Object.values(cases)) await timed(args); // warm the page cache
  for (let i = 0; i < reps; i++) {
    for (const [name, args] of Object.entries(cases)) {
      const r = await timed(args);
      if (r.code !== 0) throw new Error(`${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      times[name].push(r.wallMs);
    }
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  return { reps, median: m, help: m['--help'] / m['node -e 0'], version: m['--version'] / m['node -e 0'] };
}

async function fanOutRow(pgUrl) {
  const sizes = [1, 4, 16, 32];
  const labs = [];
  for (const n of sizes) {
    const lab = await openLab({ dist, pgUrl, nodes: n, latencyMs: 100 });
    cleanups.push(() => lab.down());
    labs.push(lab);
  }
  const runs = Object.fromEntries(sizes.map((n) => [n, []]));
  for (let i = 0; i < REPS; i++) {
    for (const lab of labs) runs[lab.nodes].push(await runCli({ cli, lab, args: ['preflight'] }));
    if (i + 1 >= FAN_REPS) break;
  }
  const m = Object.fromEntries(sizes.map((n) => [n, median(runs[n].map((r) => r.wallMs))]));
  const busy = Object.fromEntries(sizes.map((n) => [n, median(runs[n].map((r) => r.machineBusy ?? 0))]));
  const cpu = Object.fromEntries(sizes.map((n) => [n, median(runs[n].map((r) => (r.usage ? r.usage.userMs + r.usage.systemMs : 0)))]));
  return { labs, reps: FAN_REPS, median: m, machineBusy: busy, cliCpuMs: cpu, r16: m[16] / m[1], r32: m[32] / m[1], sequential: Object.fromEntries(sizes.map((n) => [n, n * m[1]])) };
}

/** One extra run under `node --cpu-prof`: what the st-cluster process itself spends its time on. */
async function profileRun(pgUrl, { nodes, latencyMs, delays, args }) {
  const dir = await mkdtemp(path.join(tmpdir(), 'st-bench-prof-'));
  const lab = await openLab({ dist, pgUrl, nodes, latencyMs, delays });
  cleanups.push(() => lab.down());
  try {
    const run = await runCli({ cli, lab, args, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
    const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
    const summary = summarizeCpuProfile(path.join(dir, files[0]));
    return { command: `${args.join(' ')} on ${nodes} nodes${latencyMs ? ` (latency ${latencyMs} ms${delays ? ', simulated durations' : ''})` : ''}`, wallMs: run.wallMs, machineBusy: run.machineBusy, usage: run.usage, ...summary };
  } finally {
    await lab.down();
    await rm(dir, { recursive: true, force: true });
  }
}

try {
  log(`machine: ${results.machine.cpu}, load ${results.loadStart}; ${REPS} repetitions; rows ${[...ROWS].join(', ')}${QUICK ? ' (quick)' : ''}`);
  if (ROWS.has('startup')) {
    log('start-up …');
    results.rows.startup = await startupRow();
  }
  if (ROWS.has('ssh') || ROWS.has('ansible')) {
    // A hosts lab: its nodes' own sshd and operator account, so the bench needs no account of this machine's.
    const lab = await openHostsLab({ dist, nodes: ROWS.has('ansible') ? ANSIBLE_NODES : 1, log });
    cleanups.push(() => lab.down());
    if (ROWS.has('ssh')) {
      log(`ssh multiplexing (node1's sshd, ${lab.sshd.user}) …`);
      const ssh = await sshRow({ dist, sshd: lab.sshd, reps: REPS });
      results.rows.ssh = { on: median(ssh.on), off: median(ssh.off), ratio: median(ssh.off) / median(ssh.on) };
    }
    if (ROWS.has('ansible')) {
      log(`fan-out against Ansible on ${ANSIBLE_NODES} nodes …`);
      results.rows.ansible = await ansibleRow({ dist, lab, log });
    }
    await cleanups.pop()();
  }
  let pg = null;
  if (ROWS.has('fanout') || ROWS.has('overhead')) {
    log('starting PostgreSQL …');
    pg = await startPg();
    cleanups.push(() => pg.stop());
  }
  if (ROWS.has('fanout')) {
    log('preflight fan-out on 1, 4, 16, 32 nodes, 100 ms latency …');
    const fan = await fanOutRow(pg.url);
    for (const lab of fan.labs) await lab.down();
    delete fan.labs;
    results.rows.fanOut = fan;
    log(`fan-out medians: ${Object.entries(fan.median).map(([n, t]) => `${n}: ${ms(t)}`).join(', ')}`);
  }
  if (ROWS.has('overhead')) {
    log(`orchestration overhead and cost per node: setup --yes on ${SIZES.join(', ')} nodes with simulated durations …`);
    results.rows.overhead = await overheadRow({ cli, dist, pgUrl: pg.url, sizes: SIZES, reps: SETUP_REPS, log, cleanups });
  }
  if (PROFILE && results.rows.overhead && elapsed() < PROFILE_BUDGET_MS) {
    const { bySize } = results.rows.overhead;
    const missed = Object.values(bySize).some((b) => b.overhead > 0.15) || (bySize[12] && bySize[12].overhead > 0.1);
    if (missed) {
      log('profiling setup --yes on 12 nodes with simulated durations (a target was missed) …');
      const { latencyMs, ...delays } = DURATIONS;
      results.profiles.setup = await profileRun(pg.url, { nodes: 12, latencyMs, delays, args: ['setup', '--yes'] });
    }
  }
  if (PROFILE && results.rows.fanOut && elapsed() < PROFILE_BUDGET_MS + 30_000) {
    const fan = results.rows.fanOut;
    if (fan.r16 > 1.5 || fan.r32 > 2.5) {
      log('profiling preflight on 32 nodes (a target was missed) …');
      results.profiles.fanOut = await profileRun(pg.url, { nodes: 32, latencyMs: 100, args: ['preflight'] });
    }
  }
} finally {
  await cleanup();
}

results.loadEnd = loadAverage();
results.totalMs = elapsed();
const findings = await readFile(path.join(here, 'FINDINGS.md'), 'utf8').catch(() => '');
const { table, markdown } = renderResults(results, findings);
console.log(`\n${table}\n`);
await writeFile(OUT, markdown);
// The raw results beside RESULTS.md (a full run's only), so that --render can rewrite it after FINDINGS.md changes.
const JSON_OUT = flag('--json', QUICK || flag('--rows') ? null : path.join(here, 'RESULTS.json'));
if (JSON_OUT) await writeFile(path.resolve(JSON_OUT), JSON.stringify(results, null, 2));
log(`wrote ${path.relative(process.cwd(), OUT)}; whole bench ${ms(results.totalMs)}`);
