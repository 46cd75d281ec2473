// `st-cluster history`: past runs of a cluster from its journal — when, who,
// what was asked, how it ended, and how far each step got.
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { UsageError } from '../engine/errors.js';
import { inFlight, outcomeLabel, readJournal, type RunSummary } from './journal-reader.js';
import { clusterPaths, resolveStateDir } from './records.js';

export interface HistoryOptions {
  cluster?: string;
  /** Takes the cluster name from an answers file. */
  answers?: string;
  stateDir?: string;
  json?: boolean;
  limit?: number;
}

const MARK: Record<string, string> = { done: '✓', 'already-done': '=', skipped: '-', failed: '✗', started: '…', planned: '?' };
export const LEGEND = 'steps: ✓ done  = already done (verified)  - skipped  ✗ failed  … cut while running';

/**
 * The journaled cluster the options name: --answers gives its name and its
 * cluster.stateDir (under --state-dir / ST_CLUSTER_STATE_DIR); else CLUSTER, else the
 * only cluster journaled under the state dir.
 */
export async function journaledCluster(options: Pick<HistoryOptions, 'cluster' | 'answers' | 'stateDir'>): Promise<{ cluster: string; stateDir: string }> {
  if (!options.cluster && options.answers) {
    const { loadAnswers } = await import('../answers/index.js');
    const { cluster } = (await loadAnswers(options.answers, { canPrompt: false })).answers;
    return { cluster: cluster.name, stateDir: resolveStateDir(options.stateDir, process.env, cluster.stateDir) };
  }
  const stateDir = resolveStateDir(options.stateDir);
  return { cluster: await clusterName(options, stateDir), stateDir };
}

/** The cluster named by the options, else the only one journaled under stateDir. */
async function clusterName(options: Pick<HistoryOptions, 'cluster'>, stateDir: string): Promise<string> {
  if (options.cluster) return options.cluster;
  const entries = existsSync(stateDir) ? await readdir(stateDir, { withFileTypes: true }) : [];
  const clusters = entries.filter((e) => e.isDirectory() && existsSync(clusterPaths(stateDir, e.name).journal)).map((e) => e.name);
  if (clusters.length === 1) return clusters[0]!;
  throw new UsageError(
    clusters.length === 0 ? `No cluster has a journal under ${stateDir}.` : `Several clusters have a journal under ${stateDir}: ${clusters.sort().join(', ')}.`,
    clusters.length === 0 ? 'Pass --state-dir where the runs were journaled (or set ST_CLUSTER_STATE_DIR).' : 'Name one: st-cluster history CLUSTER (or --answers FILE).',
  );
}

function duration(run: RunSummary): string {
  const ms = Date.parse(run.lastAt) - Date.parse(run.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function commandLine(run: RunSummary): string {
  const h = run.header;
  if (!h) return '(no header)';
  const f = h.flags;
  const parts = [h.command, f.resume ? '--resume' : '', f.forceAnswersChange ? '--force-answers-change' : '', f.until !== undefined ? `--until ${f.until}` : '', ...f.acceptRisk.map((id) => `--accept-risk ${id}`)];
  return parts.filter(Boolean).join(' ');
}

export function formatRun(run: RunSummary): string[] {
  const h = run.header;
  const who = h ? `${h.user}@${h.host} pid ${h.pid}` : 'unknown';
  const lines = [`${run.startedAt}  ${run.runId}  ${who}  ${commandLine(run)}  →  ${outcomeLabel(run)}${run.result ? ` (exit ${run.result.exitCode})` : ''}  ${duration(run)}`.trimEnd()];
  if (run.steps.length > 0) lines.push(`    steps: ${run.steps.map((s) => `${s.number}${MARK[s.status] ?? '?'}`).join(' ')}`);
  if (h?.resumeOf) lines.push(`    resumed ${h.resumeOf}${h.inFlight?.length ? `; judged again: ${h.inFlight.join(', ')}` : ''}`);
  if (h?.answersChanged) lines.push(`    answers changed (--force-answers-change): ${h.answersChanged.join(', ') || '(fingerprint only)'}`);
  for (const risk of run.acceptedRisks) lines.push(`    accepted risk ${risk.check}${risk.node ? `@${risk.node}` : ''} in ${risk.step}: ${risk.reason}`);
  const cut = run.result ? [] : inFlight(run);
  if (cut.length > 0) lines.push(`    cut while running: ${cut.join(', ')}`);
  if (run.result?.message && run.result.status !== 'ok') lines.push(`    ${run.result.message}`);
  return lines;
}

/** The text (or JSON) `history` prints. */
export async function renderHistory(options: HistoryOptions): Promise<string> {
  const { cluster, stateDir } = await journaledCluster(options);
  const paths = clusterPaths(stateDir, cluster);
  const { runs, skipped } = await readJournal(paths.journal);
  const shown = options.limit ? runs.slice(-options.limit) : runs;
  if (options.json) {
    const rows = shown.map((run) => ({ ...run, header: run.header ? { ...run.header, answers: undefined } : undefined, outcome: outcomeLabel(run), inFlight: inFlight(run) }));
    return `${JSON.stringify({ cluster, journal: paths.journal, skippedLines: skipped, runs: rows }, null, 2)}\n`;
  }
  if (runs.length === 0) return `No runs of cluster ${cluster} are recorded in ${paths.journal}.\n`;
  const lines = [`Cluster ${cluster}: ${runs.length} run(s) in ${paths.journal}`, LEGEND, ''];
  for (const run of shown) lines.push(...formatRun(run));
  if (skipped > 0) lines.push('', `${skipped} line(s) of the journal could not be read (a record torn by a crash); they were skipped.`);
  return `${lines.join('\n')}\n`;
}
