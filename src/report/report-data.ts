// What a run report shows (issue 16 "Run reports"), computed from one run's
// journal records alone: the journal is the record of what happened, so the
// report can be rebuilt at any time, on any machine that has the journal.
import type { EventRecord, HeaderRecord, JournalRecord } from '../journal/records.js';

export type BarOutcome = 'done' | 'failed' | 'cut';

export interface ReportBar {
  id: string;
  step: string;
  stepNumber: number | null;
  node: string;
  kind: string;
  summary: string;
  outcome: BarOutcome;
  /** Milliseconds from the run's first record. */
  startMs: number;
  endMs: number;
  error?: string;
  /** The failed command's own output, as the journal kept it (already redacted there). */
  output?: string;
}

export interface ReportCheck {
  step: string;
  id: string;
  node: string | null;
  status: string;
  detail: string;
  fix?: string;
  acceptedRisk?: string;
}

export interface ReportData {
  format: 'st-cluster/report-v1';
  runId: string;
  cluster: string;
  command: string;
  user: string;
  host: string;
  pid: number | null;
  toolVersion: string;
  fingerprint: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  resumeOf?: string;
  acceptedRisks: { check: string; node: string | null; reason: string }[];
  verdict: { status: string; exitCode: number | null; message: string };
  nodes: string[];
  steps: { id: string; number: number; title: string; status: string; reason?: string }[];
  bars: ReportBar[];
  checks: ReportCheck[];
}

type ActionRecord = Extract<EventRecord, { type: 'action' }>;

const at = (record: JournalRecord): number => Date.parse(record.at);

function textField(record: object, key: string): string | undefined {
  const value = (record as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** One run's records (header first) → the report's data. */
export function reportData(records: readonly JournalRecord[]): ReportData {
  const header = records.find((r): r is HeaderRecord => r.type === 'header');
  const events = records.filter((r): r is EventRecord => r.type !== 'header');
  const first = records[0];
  if (!first) throw new Error('a report needs at least one journal record');
  const origin = at(first);
  const last = records[records.length - 1]!;
  const endMs = Math.max(0, at(last) - origin);

  const stepNumbers = new Map<string, number>();
  const steps = new Map<string, ReportData['steps'][number]>();
  const checks: ReportCheck[] = [];
  const open = new Map<string, { record: ActionRecord; startMs: number }>();
  const bars: ReportBar[] = [];
  let run: Extract<EventRecord, { type: 'run' }> | undefined;
  let result: Extract<EventRecord, { type: 'result' }> | undefined;

  const close = (record: ActionRecord, outcome: BarOutcome): void => {
    const started = open.get(record.id);
    open.delete(record.id);
    const startMs = started?.startMs ?? at(record) - origin;
    const error = textField(record, 'error');
    const output = textField(record, 'output') ?? textField(record, 'stderr');
    bars.push({
      id: record.id,
      step: record.step,
      stepNumber: stepNumbers.get(record.step) ?? null,
      node: record.node,
      kind: record.kind,
      summary: record.summary,
      outcome,
      startMs,
      endMs: Math.max(startMs, at(record) - origin),
      ...(error ? { error } : {}),
      ...(output ? { output } : {}),
    });
  };

  for (const event of events) {
    if (event.type === 'run') run = event;
    else if (event.type === 'result') result = event;
    else if (event.type === 'step') {
      stepNumbers.set(event.step, event.number);
      steps.set(event.step, { id: event.step, number: event.number, title: event.title, status: event.status, ...(event.reason ? { reason: event.reason } : {}) });
    } else if (event.type === 'check') {
      checks.push({
        step: event.step,
        id: event.id,
        node: event.node,
        status: event.status,
        detail: event.detail,
        ...(event.fix ? { fix: event.fix } : {}),
        ...(event.acceptedRisk ? { acceptedRisk: event.acceptedRisk } : {}),
      });
    } else if (event.type === 'action') {
      if (event.status === 'started') open.set(event.id, { record: event, startMs: at(event) - origin });
      else if (event.status === 'done') close(event, 'done');
      else if (event.status === 'failed') close(event, 'failed');
      else if ((event.status as string) === 'cut') close(event, 'cut');
    }
  }
  // Started and never ended: the run was cut while the action ran.
  for (const { record, startMs } of open.values()) {
    bars.push({ id: record.id, step: record.step, stepNumber: stepNumbers.get(record.step) ?? null, node: record.node, kind: record.kind, summary: record.summary, outcome: 'cut', startMs, endMs: Math.max(startMs, endMs) });
  }
  bars.sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));

  const nodes = run?.nodes ?? [...new Set(bars.map((b) => b.node))];
  return {
    format: 'st-cluster/report-v1',
    runId: first.runId,
    cluster: header?.cluster ?? run?.cluster ?? '',
    command: header?.command ?? run?.command ?? '',
    user: header?.user ?? '',
    host: header?.host ?? '',
    pid: header?.pid ?? null,
    toolVersion: header?.version ?? '',
    fingerprint: header?.fingerprint ?? '',
    startedAt: first.at,
    endedAt: last.at,
    durationMs: endMs,
    ...(header?.resumeOf ? { resumeOf: header.resumeOf } : {}),
    acceptedRisks: acceptedRisks(header, checks),
    verdict: result
      ? { status: result.status, exitCode: result.exitCode, message: result.message ?? '' }
      : { status: 'unfinished', exitCode: null, message: 'The run has no result record: it was cut (killed) before it ended.' },
    nodes,
    // A step whose last word is "started" is where the run stopped.
    steps: [...steps.values()].sort((a, b) => a.number - b.number).map((s) => (s.status === 'started' ? { ...s, status: result ? (result.status === 'ok' ? s.status : 'failed') : 'cut' } : s)),
    bars,
    checks,
  };
}

function acceptedRisks(header: HeaderRecord | undefined, checks: readonly ReportCheck[]): ReportData['acceptedRisks'] {
  const used = checks.filter((c) => c.acceptedRisk !== undefined).map((c) => ({ check: c.id, node: c.node, reason: c.acceptedRisk! }));
  // Accepted on the command line but never needed: still part of what was approved.
  const reason = header?.flags.reason ?? '';
  const unused = (header?.flags.acceptRisk ?? [])
    .filter((id) => !used.some((u) => u.check === id || `${u.check}@${u.node ?? ''}` === id))
    .map((id) => ({ check: id, node: null, reason }));
  return [...used, ...unused];
}
