// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per
// package/module group, so RESULTS.md can say what dominates.
import { readFileSync } from 'node:fs';

function group(url) {
  if (!url) return '(native/V8)';
  const nm = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/').slice(0, 2).join('/');
  const dist = url.match(/\/dist\/(.+)$/);
  if (dist) return `st-cluster ${dist[1].split('/').slice(0, 1).join('/')}`;
  return url.split('/').slice(-1)[0];
}

/** {totalMs, byGroup: [[name, ms]], byFunction: [[name, ms]]} sorted by self time. */
export function summarizeCpuProfile(file, top = 12) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  const byGroup = new Map();
  const byFunction = new Map();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const { callFrame } = nodes.get(id);
    if (callFrame.functionName === '(idle)' || callFrame.functionName === '(program)') continue;
    totalMs += ms;
    const g = callFrame.functionName === '(garbage collector)' ? '(garbage collector)' : group(callFrame.url);
    byGroup.set(g, (byGroup.get(g) ?? 0) + ms);
    const f = `${callFrame.functionName || '(anonymous)'} ${callFrame.url ? `${callFrame.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${callFrame.lineNumber + 1}` : ''}`.trim();
    byFunction.set(f, (byFunction.get(f) ?? 0) + ms);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, Math.round(v)]);
  return { totalMs: Math.round(totalMs), byGroup: sorted(byGroup), byFunction: sorted(byFunction) };
}
