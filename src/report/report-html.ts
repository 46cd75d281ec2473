// The run report as one self-contained HTML page: inline styles, no script,
// no font or image from anywhere, so it can be attached to a change record and
// opened years later on an air-gapped machine.
import type { ReportBar, ReportData } from './report-data.js';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const seconds = (ms: number): string => (ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`);

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2330;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dce4;padding-bottom:4px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0}dl.facts dt{color:#5a6275}dl.facts dd{margin:0;font-family:ui-monospace,monospace}
.verdict{display:inline-block;padding:4px 12px;border-radius:4px;font-weight:600;color:#fff}
.verdict.ok{background:#1f7a3d}.verdict.bad{background:#b3261e}.verdict.cut{background:#b26a00}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eceef2;vertical-align:top}th{color:#5a6275;font-weight:600}
td.pass{color:#1f7a3d}td.fail{color:#b3261e;font-weight:600}td.warn{color:#b26a00}td.skip{color:#5a6275}
.timeline{border:1px solid #d8dce4;border-radius:4px;padding:8px 8px 4px}
.lane{display:flex;align-items:center;height:30px;border-bottom:1px dashed #eceef2}.lane:last-child{border-bottom:0}
.lane-name{width:110px;flex:none;font-weight:600;font-family:ui-monospace,monospace}
.track{position:relative;flex:1;height:22px;background:#f6f7f9}
.bar{position:absolute;top:2px;height:18px;min-width:6px;border-radius:2px;color:#fff;font-size:11px;line-height:18px;overflow:hidden;white-space:nowrap;text-align:center;box-sizing:border-box}
.bar.done{background:#2e8b57}.bar.failed{background:#d32f2f;outline:2px solid #7a1010}.bar.cut{background:#e08a00}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.axis{display:flex;justify-content:space-between;margin-left:110px;color:#5a6275;font-size:11px}
pre{background:#f6f7f9;border:1px solid #eceef2;padding:8px;white-space:pre-wrap;word-break:break-word;font-size:12px;max-height:480px;overflow:auto}
.failure{border-left:4px solid #d32f2f;padding-left:12px;margin:12px 0}
`;

function verdictClass(data: ReportData): string {
  if (data.verdict.status === 'ok') return 'ok';
  return data.verdict.status === 'unfinished' || data.verdict.status === 'interrupted' ? 'cut' : 'bad';
}

function barHtml(bar: ReportBar, total: number): string {
  const left = (bar.startMs / total) * 100;
  const width = Math.max(((bar.endMs - bar.startMs) / total) * 100, 0.4);
  const label = bar.stepNumber === null ? bar.step : String(bar.stepNumber);
  const title = `step ${label} · ${bar.node} · ${bar.summary} · ${seconds(bar.endMs - bar.startMs)} · ${bar.outcome}`;
  return `<div class="bar ${bar.outcome}" data-action="${escape(bar.id)}" data-outcome="${bar.outcome}" title="${escape(title)}" style="left:${left.toFixed(3)}%;width:${width.toFixed(3)}%">${escape(label)}</div>`;
}

function timeline(data: ReportData): string {
  const total = Math.max(data.durationMs, 1);
  const lanes = data.nodes.map((node) => {
    const bars = data.bars.filter((b) => b.node === node).map((b) => barHtml(b, total)).join('');
    return `<div class="lane" data-node="${escape(node)}"><div class="lane-name">${escape(node)}</div><div class="track">${bars}</div></div>`;
  });
  const legend = '<p class="legend"><span><i style="background:#2e8b57"></i>done</span><span><i style="background:#d32f2f"></i>failed</span><span><i style="background:#e08a00"></i>cut (run stopped while it ran)</span> — the label is the step number</p>';
  return `<div class="timeline" id="timeline">${lanes.join('')}<div class="axis"><span>0 s</span><span>${seconds(total / 2)}</span><span>${seconds(total)}</span></div></div>${legend}`;
}

function table(id: string, headers: string[], rows: string[][], cellClass?: (row: number, col: number) => string): string {
  if (rows.length === 0) return `<p id="${id}">None.</p>`;
  const head = `<tr>${headers.map((h) => `<th>${escape(h)}</th>`).join('')}</tr>`;
  const body = rows.map((row, r) => `<tr>${row.map((cell, c) => `<td${cellClass ? ` class="${cellClass(r, c)}"` : ''}>${escape(cell)}</td>`).join('')}</tr>`).join('');
  return `<table id="${id}">${head}${body}</table>`;
}

function failures(data: ReportData): string {
  const failed = data.bars.filter((b) => b.outcome !== 'done');
  if (failed.length === 0) return '<p>No action failed or was cut.</p>';
  return failed
    .map(
      (b) =>
        `<div class="failure" data-failed-action="${escape(b.id)}"><strong>${escape(b.node)}</strong> · step ${escape(String(b.stepNumber ?? b.step))} · ${escape(b.summary)} — ${b.outcome}` +
        `${b.error ? `<pre>${escape(b.error)}</pre>` : ''}${b.output ? `<p>Output of the command:</p><pre>${escape(b.output)}</pre>` : ''}</div>`,
    )
    .join('');
}

export function renderReportHtml(data: ReportData): string {
  const facts: [string, string][] = [
    ['run', data.runId],
    ['command', data.command],
    ['who', `${data.user}@${data.host}${data.pid ? ` (pid ${data.pid})` : ''}`],
    ['started', data.startedAt],
    ['ended', `${data.endedAt} (${seconds(data.durationMs)})`],
    ['answers fingerprint', data.fingerprint],
    ['st-cluster', data.toolVersion],
    ...(data.resumeOf ? ([['resumes run', data.resumeOf]] as [string, string][]) : []),
  ];
  const checks = data.checks.map((c) => [c.step, c.id, c.node ?? '(cluster)', c.status, c.detail + (c.acceptedRisk ? ` — accepted risk: ${c.acceptedRisk}` : ''), c.fix ?? '']);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>st-cluster run ${escape(data.runId)} — ${escape(data.cluster)}</title><style>${STYLE}</style></head>
<body>
<h1>Cluster ${escape(data.cluster)}: ${escape(data.command)} run</h1>
<p><span class="verdict ${verdictClass(data)}" id="verdict">${escape(data.verdict.status)}${data.verdict.exitCode === null ? '' : ` (exit ${data.verdict.exitCode})`}</span> ${escape(data.verdict.message)}</p>
<dl class="facts">${facts.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('')}</dl>
<h2>Accepted risks</h2>${table('risks', ['check', 'node', 'reason'], data.acceptedRisks.map((r) => [r.check, r.node ?? '(any)', r.reason]))}
<h2>Timeline</h2>${timeline(data)}
<h2>Steps</h2>${table('steps', ['#', 'step', 'title', 'result', 'why'], data.steps.map((s) => [String(s.number), s.id, s.title, s.status, s.reason ?? '']))}
<h2>Failed and cut actions</h2>${failures(data)}
<h2>Checks</h2>${table('checks', ['step', 'check', 'node', 'result', 'detail', 'fix'], checks, (r, c) => (c === 3 ? checks[r]![3]! : ''))}
</body></html>
`;
}
