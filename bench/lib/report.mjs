// The bench's table (stdout) and bench/RESULTS.md.
import { ms, ratio } from './stats.mjs';

const pct = (x) => (x === null || x === undefined ? 'n/a' : `${Math.round(x * 100)} %`);
const yes = (ok) => (ok ? 'met' : 'MISSED');

function rows(r) {
  const out = [];
  const o = r.rows.overhead;
  if (o) {
    for (const n of o.sizes) {
      const b = o.bySize[n];
      const target = n === 12 ? 0.1 : n === 32 ? 0.15 : null;
      out.push([`1 orchestration overhead, ${n} nodes`, `wall ${ms(b.wallMs)} vs critical path ${ms(b.pathMs)}`, `+${pct(b.overhead)}`, target === null ? '(reference)' : `≤ +${pct(target)}`, target === null ? '–' : yes(b.overhead <= target)]);
    }
    if (o.bySize[12] && o.bySize[3]) {
      const x = o.bySize[12].wallMs / o.bySize[3].wallMs;
      out.push(['1 whole run 12 vs 3 nodes (simulated durations)', `${ms(o.bySize[12].wallMs)} vs ${ms(o.bySize[3].wallMs)}`, ratio(x), '≤ 1.15×', yes(x <= 1.15)]);
    }
    for (const n of o.sizes) {
      const b = o.bySize[n];
      out.push([`2 st-cluster CPU per node, ${n} nodes`, `${ms(b.cpuMs)} user+sys / ${n}`, `${ms(b.cpuPerNodeMs)}`, n === o.sizes.at(-1) ? '≤ 150 ms' : '(reference)', n === o.sizes.at(-1) ? yes(b.cpuPerNodeMs <= 150) : '–']);
    }
    if (o.marginalCpuMs !== null) {
      const [a, z] = [o.sizes[0], o.sizes.at(-1)];
      out.push([`2 st-cluster CPU per added node (${a} → ${z})`, `(${ms(o.bySize[z].cpuMs)} − ${ms(o.bySize[a].cpuMs)}) / ${z - a}`, ms(o.marginalCpuMs), '≤ 150 ms', yes(o.marginalCpuMs <= 150)]);
    }
    for (const n of o.sizes) {
      const b = o.bySize[n];
      out.push([`2 st-cluster peak RSS, ${n} nodes`, `${b.rssMb} MB`, `${b.rssMb} MB`, n === 32 ? '< 200 MB' : '(reference)', n === 32 ? yes(b.rssMb < 200) : '–']);
    }
  }
  const a = r.rows.ansible;
  if (a) {
    const label = `${a.commands} commands × ${a.nodes} nodes`;
    out.push([`3 fan-out vs Ansible forks 16, ${label}`, `st-cluster ${ms(a.median.st)} vs Ansible ${ms(a.median.f16)}`, ratio(a.vs16), '> 1× (faster)', yes(a.vs16 > 1)]);
    out.push([`3 fan-out vs Ansible forks 5, ${label}`, `st-cluster ${ms(a.median.st)} vs Ansible ${ms(a.median.f5)}`, ratio(a.vs5), '≥ 3×', yes(a.vs5 >= 3)]);
  }
  const s = r.rows.startup;
  if (s) {
    const base = ms(s.median['node -e 0']);
    out.push(['4 start-up `--help`', `${ms(s.median['--help'])} vs node -e 0 ${base}`, ratio(s.help), '≤ 1.3×', yes(s.help <= 1.3)]);
    out.push(['4 start-up `--version`', `${ms(s.median['--version'])} vs node -e 0 ${base}`, ratio(s.version), '≤ 1.3×', yes(s.version <= 1.3)]);
  }
  const f = r.rows.fanOut;
  if (f) {
    out.push(['5 preflight fan-out 16 vs 1 node', `${ms(f.median[16])} vs ${ms(f.median[1])} (sequential ${ms(f.sequential[16])})`, ratio(f.r16), '≤ 1.5×', yes(f.r16 <= 1.5)]);
    out.push(['5 preflight fan-out 32 vs 1 node', `${ms(f.median[32])} vs ${ms(f.median[1])} (sequential ${ms(f.sequential[32])})`, ratio(f.r32), '≤ 2.5×', yes(f.r32 <= 2.5)]);
  }
  const h = r.rows.ssh;
  if (h) out.push(['5 ssh: 20 commands, without / with shared connection', `${ms(h.off)} / ${ms(h.on)}`, ratio(h.ratio), '≥ 8×', yes(h.ratio >= 8)]);
  return out;
}

const HEAD = ['row', 'measured (medians)', 'ratio', 'target', 'result'];

function textTable(data) {
  const all = [HEAD, ...data].map((row) => row.map((c) => c.replace(/`/g, '')));
  const widths = HEAD.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row) => row.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

const md = (head, data) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...data.map((row) => `| ${row.join(' | ')} |`)].join('\n');

function profileSection(title, p) {
  if (!p) return '';
  const busy = p.totalMs / p.wallMs;
  return [
    `### Profile: ${title}`,
    '',
    `One extra run of \`${p.command}\` under \`node --cpu-prof\`: ${ms(p.wallMs)} wall; the st-cluster process's main thread was busy ${ms(p.totalMs)} (${pct(busy)} of the run); machine CPU busy ${pct(p.machineBusy)}; process CPU ${ms((p.usage?.userMs ?? 0) + (p.usage?.systemMs ?? 0))}.`,
    '',
    'Self time by module (main thread, idle excluded):',
    '',
    md(['module', 'self time'], p.byGroup.map(([k, v]) => [`\`${k}\``, ms(v)])),
    '',
    'Self time by function:',
    '',
    md(['function', 'self time'], p.byFunction.map(([k, v]) => [`\`${k}\``, ms(v)])),
    '',
  ].join('\n');
}

export function renderResults(r, findings) {
  const data = rows(r);
  const table = textTable(data);
  const m = r.machine;
  const parts = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.mjs) on ${r.startedAt}; the whole bench took ${ms(r.totalMs)}.`,
    `Every ratio is measured side by side in this one run: repetitions interleaved, median of ${r.reps} (start-up: ${r.rows.startup?.reps ?? '–'}; preflight fan-out: ${r.rows.fanOut?.reps ?? '–'}; overhead: ${r.rows.overhead?.reps ?? '–'} per size; Ansible: ${r.rows.ansible?.reps ?? '–'}).${r.quick ? ' **A --quick run: fewer sizes and nodes, for development only.**' : ''}`,
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu}; memory ${m.memory}`,
    `- OS: ${m.os}`,
    `- Node.js ${m.node}; ${m.ssh}`,
    `- load average (1, 5, 15 min) at start: ${r.loadStart}; at end: ${r.loadEnd} — other engineers' labs and tests share this machine`,
    '',
    '## Results',
    '',
    md(HEAD, data),
    '',
  ];
  const o = r.rows.overhead;
  if (o) {
    const d = o.durations;
    const nums = [...new Set(o.sizes.flatMap((n) => Object.keys(o.bySize[n].stepWall)))].sort((x, y) => x - y);
    parts.push(
      '## 1–2. Orchestration overhead and cost per node: detail',
      '',
      `\`setup --yes --json\` on a fresh lab per size (${o.reps} run${o.reps > 1 ? 's, median' : ''} each), whose simulated nodes mostly wait as real ones do:`,
      `install ${ms(d.installDelayMs)}, each service start ${ms(d.startDelayMs)} (Admin's inside its own process), each running service's stop ${ms(d.stopDelayMs)}, ${d.latencyMs} ms per adapter operation`,
      `(\`lab up --install-delay-ms ${d.installDelayMs} --start-delay-ms ${d.startDelayMs} --stop-delay-ms ${d.stopDelayMs} --latency-ms ${d.latencyMs}\`).`,
      'The lab records every simulated duration per node (`R/.lab/sim-ops.ndjson`); the critical path takes the steps as barriers and, inside',
      "a step, each node's simulated operations as one chain (nodes side by side): the sum over steps of the longest node chain",
      '(bench/lib/critical-path.mjs). Overhead = wall / critical path − 1: what st-cluster, the simulator\'s own process start-ups and the',
      'shared DB add to the waiting. CPU and RSS are the st-cluster process\'s own (usage preload), not the simulated nodes\'.',
      '',
      md(['step', ...o.sizes.flatMap((n) => [`${n} nodes: wall`, 'path'])], nums.map((k) => {
        const id = o.sizes.map((n) => o.bySize[n].stepWall[k]?.id).find(Boolean);
        return [`${k} ${id}`, ...o.sizes.flatMap((n) => [o.bySize[n].stepWall[k] ? ms(o.bySize[n].stepWall[k].ms) : '–', o.bySize[n].stepPath[k] ? ms(o.bySize[n].stepPath[k].ms) : '–'])];
      })),
      '',
      md(['', ...o.sizes.map((n) => `${n} nodes`)], [
        ['whole run (wall)', ...o.sizes.map((n) => ms(o.bySize[n].wallMs))],
        ['critical path', ...o.sizes.map((n) => ms(o.bySize[n].pathMs))],
        ['overhead', ...o.sizes.map((n) => `+${pct(o.bySize[n].overhead)}`)],
        ['st-cluster CPU (user+sys)', ...o.sizes.map((n) => ms(o.bySize[n].cpuMs))],
        ['st-cluster CPU per node', ...o.sizes.map((n) => ms(o.bySize[n].cpuPerNodeMs))],
        ['st-cluster peak RSS', ...o.sizes.map((n) => `${o.bySize[n].rssMb} MB`)],
        ['st-cluster peak V8 heap used', ...o.sizes.map((n) => `${o.bySize[n].heapUsedMb} MB`)],
        ['machine CPU busy during the run', ...o.sizes.map((n) => pct(o.bySize[n].machineBusy))],
      ]),
      '',
    );
  }
  const a = r.rows.ansible;
  if (a) {
    parts.push(
      '## 3. Fan-out against Ansible: detail',
      '',
      `A hosts lab of ${a.nodes} nodes (\`lab up --hosts\`: each node its own network namespace and sshd on a bridge). The same ${a.commands} read-only`,
      'commands (bench/lib/ansible-row.mjs), each on every node before the next: st-cluster through its own ssh adapter',
      '(`createNodeAdapter` from the answers file, one ControlMaster per node, all nodes at once as with `--parallel 16`, one Node process',
      'for all commands: bench/lib/fanout-st.mjs) versus one `ansible all -m command -a CMD -f FORKS` per command',
      `(${a.ansibleVersion}) with the same operator key and prefilled known_hosts (strict checking), ControlPersist=60s and`,
      'pipelining on. Each variant starts with no control master open; a warm-up run of the st-cluster side goes first.',
      '',
      md(['variant', `wall for ${a.commands} commands × ${a.nodes} nodes`, 'per command', 'vs st-cluster'], [
        ['st-cluster ssh adapter', ms(a.median.st), ms(a.median.st / a.commands), '1.00×'],
        ['Ansible ad hoc, forks 16', ms(a.median.f16), ms(a.median.f16 / a.commands), ratio(a.vs16)],
        ['Ansible ad hoc, forks 5 (default)', ms(a.median.f5), ms(a.median.f5 / a.commands), ratio(a.vs5)],
      ]),
      '',
    );
  }
  const f = r.rows.fanOut;
  if (f) {
    parts.push(
      '## 5. Preflight fan-out detail',
      '',
      '`st-cluster preflight --json` (default `--parallel 16`) on labs whose every node adapter adds 100 ms per operation (`lab up --latency-ms 100`).',
      '"Sequential" is what walking the nodes one after another would take: N × the 1-node run.',
      '',
      md(['nodes', 'median', 'sequential (N × 1 node)', 'vs 1 node', 'st-cluster CPU', 'machine CPU busy'], Object.keys(f.median).map((n) => [n, ms(f.median[n]), ms(f.sequential[n]), ratio(f.median[n] / f.median[1]), ms(f.cliCpuMs[n]), pct(f.machineBusy[n])])),
      '',
    );
  }
  const h = r.rows.ssh;
  if (h) {
    parts.push(
      '## 5. SSH multiplexing detail',
      '',
      'The first node of the hosts lab (its own OpenSSH sshd, the lab\'s operator account and key, prefilled known_hosts), 20 `true` commands one after another.',
      '"With": the ssh adapter (`createSshAdapter`), whose first command opens the ControlMaster — the handshake is included.',
      '"Without": the adapter has no switch to turn multiplexing off, so the bench runs the exact command line the adapter',
      'builds (`planSsh`: same options, key, known_hosts, quoting and process runner) with `-o ControlMaster=no -o ControlPath=none`:',
      'one TCP connection, key exchange and authentication per command.',
      '',
      md(['mode', 'median for 20 commands', 'per command'], [['with shared connection', ms(h.on), ms(h.on / 20)], ['without', ms(h.off), ms(h.off / 20)]]),
      '',
    );
  }
  if (r.profiles.setup || r.profiles.fanOut) {
    parts.push('## Profiles of missed targets', '', profileSection('setup --yes, 12 nodes, simulated durations', r.profiles.setup), profileSection('preflight, 32 nodes', r.profiles.fanOut));
  }
  if (findings.trim()) parts.push(findings.trim(), '');
  return { table, markdown: `${parts.join('\n')}\n` };
}
