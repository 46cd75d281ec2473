// The bench's table (stdout) and bench/RESULTS.md.
import { ms, ratio } from './stats.mjs';

const pct = (x) => (x === null || x === undefined ? 'n/a' : `${Math.round(x * 100)} %`);
const yes = (ok) => (ok ? 'met' : 'MISSED');

function rows(r) {
  const out = [];
  const s = r.rows.startup;
  if (s) {
    const base = ms(s.median['node -e 0']);
    out.push(['1 start-up `--help`', `${ms(s.median['--help'])} vs node -e 0 ${base}`, ratio(s.help), '≤ 1.3×', yes(s.help <= 1.3)]);
    out.push(['1 start-up `--version`', `${ms(s.median['--version'])} vs node -e 0 ${base}`, ratio(s.version), '≤ 1.3×', yes(s.version <= 1.3)]);
  }
  const f = r.rows.fanOut;
  if (f) {
    out.push(['2 fan-out preflight 16 vs 1 node', `${ms(f.median[16])} vs ${ms(f.median[1])} (sequential ${ms(f.sequential[16])})`, ratio(f.r16), '≤ 1.5×', yes(f.r16 <= 1.5)]);
    out.push(['2 fan-out preflight 32 vs 1 node', `${ms(f.median[32])} vs ${ms(f.median[1])} (sequential ${ms(f.sequential[32])})`, ratio(f.r32), '≤ 2.5×', yes(f.r32 <= 2.5)]);
  }
  const h = r.rows.ssh;
  if (h) out.push(['3 ssh: 20 commands, without / with shared connection', `${ms(h.off)} / ${ms(h.on)}`, ratio(h.ratio), '≥ 8×', yes(h.ratio >= 8)]);
  const u = r.rows.setup;
  if (u) {
    out.push(['4 whole run `setup --yes` 12 vs 3 nodes', `${ms(u.median[12])} vs ${ms(u.median[3])}`, ratio(u.ratio), '≤ 2×', yes(u.ratio <= 2)]);
    out.push(['5 peak RSS of st-cluster, 12-node setup', `${u.memory.rssMb} MB (max ${u.memory.rssMaxMb} MB)`, `${u.memory.rssMb} MB`, '< 150 MB', yes(u.memory.rssMb < 150)]);
  }
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
    `Every ratio is measured side by side in this one run: repetitions interleaved, median of ${r.reps} (start-up: ${r.rows.startup?.reps ?? '–'}).`,
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
  const f = r.rows.fanOut;
  if (f) {
    parts.push(
      '## 2. Fan-out detail',
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
      '## 3. SSH detail',
      '',
      'A real OpenSSH sshd on 127.0.0.1 (temp host key, a plain `/bin/sh` user), 20 `true` commands one after another.',
      '"With": the ssh adapter (`createSshAdapter`), whose first command opens the ControlMaster — the handshake is included.',
      '"Without": the adapter has no switch to turn multiplexing off, so the bench runs the exact command line the adapter',
      'builds (`planSsh`: same options, key, known_hosts, quoting and process runner) with `-o ControlMaster=no -o ControlPath=none`:',
      'one TCP connection, key exchange and authentication per command.',
      '',
      md(['mode', 'median for 20 commands', 'per command'], [['with shared connection', ms(h.on), ms(h.on / 20)], ['without', ms(h.off), ms(h.off / 20)]]),
      '',
    );
  }
  const u = r.rows.setup;
  if (u) {
    const nums = [...new Set([...Object.keys(u.steps[3]), ...Object.keys(u.steps[12])])].sort((a, b) => a - b);
    parts.push(
      '## 4. Whole run detail',
      '',
      '`setup --yes --json` on a fresh lab per repetition (no added latency); step times from the event stream, stamped on arrival.',
      '',
      md(['step', '3 nodes', '12 nodes', '12 / 3'], nums.map((n) => {
        const a = u.steps[3][n];
        const b = u.steps[12][n];
        return [`${n} ${(a ?? b).id}${(b ?? a).status === 'done' ? '' : ` (${(b ?? a).status})`}`, a ? ms(a.ms) : '–', b ? ms(b.ms) : '–', a && b && a.ms > 0 ? ratio(b.ms / a.ms) : '–'];
      })),
      '',
      md(['', '3 nodes', '12 nodes'], [
        ['whole run (median)', ms(u.median[3]), ms(u.median[12])],
        ['st-cluster process CPU (user+sys)', ms(u.cliCpuMs[3]), ms(u.cliCpuMs[12])],
        ['machine CPU busy during the run', pct(u.machineBusy[3]), pct(u.machineBusy[12])],
        ['CPU time used on the machine (busy share × cores × wall; all processes)', ms(u.machineBusy[3] * r.cores * u.median[3]), ms(u.machineBusy[12] * r.cores * u.median[12])],
      ]),
      '',
      '## 5. Memory detail',
      '',
      'Peak RSS of the st-cluster process itself (`process.resourceUsage().maxRSS`, recorded at exit by `bench/lib/usage-preload.cjs`,',
      'loaded with `node --require` into the CLI only); the lab\'s simulated ST processes are not counted. Heap figures are the',
      'largest `process.memoryUsage()` values sampled every 25 ms.',
      '',
      md(['', 'value (median of the 12-node runs)'], [
        ['peak RSS, 12 nodes', `${u.memory.rssMb} MB (max ${u.memory.rssMaxMb} MB)`],
        ['peak RSS, 3 nodes', `${u.memory.rss3Mb} MB`],
        ['peak V8 heap used / heap total', `${u.memory.heapUsedMb} MB / ${u.memory.heapTotalMb} MB`],
        ['peak external (Buffers etc.)', `${u.memory.externalMb} MB`],
      ]),
      '',
    );
  }
  if (r.profiles.setup || r.profiles.fanOut) {
    parts.push('## Profiles of missed targets', '', profileSection('setup --yes, 12 nodes', r.profiles.setup), profileSection('preflight, 32 nodes', r.profiles.fanOut));
  }
  if (findings.trim()) parts.push(findings.trim(), '');
  return { table, markdown: `${parts.join('\n')}\n` };
}
