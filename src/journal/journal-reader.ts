// Reads a cluster's journal back into runs: what resume and `history` judge.
// A line that does not parse (a record torn by a crash) is skipped, never fatal.
import { readFile } from 'node:fs/promises';
import type { EventRecord, HeaderRecord, JournalRecord } from './records.js';

type StepRecord = Extract<EventRecord, { type: 'step' }>;
type ResultRecord = Extract<EventRecord, { type: 'result' }>;

export interface AcceptedRisk {
  step: string;
  check: string;
  node: string | null;
  reason: string;
}

export interface RunSummary {
  runId: string;
  header?: HeaderRecord;
  startedAt: string;
  lastAt: string;
  /** Last status of each step, in the order steps first appeared. */
  steps: { step: string; number: number; title: string; status: StepRecord['status']; reason?: string }[];
  started: string[];
  /** What each started action was (by ID): lets checks tell a cut install from a cut wait. */
  startedInfo?: Record<string, { step: string; node: string; kind: string; summary: string }>;
  done: string[];
  failed: string[];
  acceptedRisks: AcceptedRisk[];
  result?: Pick<ResultRecord, 'status' | 'exitCode' | 'message'>;
}

export async function readJournal(file: string): Promise<{ runs: RunSummary[]; skipped: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], skipped: 0 };
    throw error;
  }
  return parseJournal(text);
}

/** The journal's records in order; a line that does not parse (torn by a crash) is counted, not fatal. */
export function journalRecords(text: string): { records: JournalRecord[]; skipped: number } {
  const records: JournalRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const record = JSON.parse(line) as JournalRecord;
      if (typeof record === 'object' && record !== null && typeof record.runId === 'string') {
        records.push(record);
        continue;
      }
    } catch {
      // counted below
    }
    skipped += 1;
  }
  return { records, skipped };
}

export function parseJournal(text: string): { runs: RunSummary[]; skipped: number } {
  const runs = new Map<string, RunSummary>();
  const { records, skipped } = journalRecords(text);
  for (const record of records) {
    let run = runs.get(record.runId);
    if (!run) {
      run = { runId: record.runId, startedAt: record.at, lastAt: record.at, steps: [], started: [], done: [], failed: [], acceptedRisks: [] };
      runs.set(record.runId, run);
    }
    apply(run, record);
  }
  return { runs: [...runs.values()], skipped };
}

function apply(run: RunSummary, record: JournalRecord): void {
  run.lastAt = record.at;
  switch (record.type) {
    case 'header':
      run.header = record;
      run.startedAt = record.at;
      return;
    case 'step': {
      const index = run.steps.findIndex((s) => s.step === record.step);
      const entry = { step: record.step, number: record.number, title: record.title, status: record.status, ...(record.reason ? { reason: record.reason } : {}) };
      if (index >= 0) run.steps[index] = entry;
      else run.steps.push(entry);
      return;
    }
    case 'action':
      if (record.status === 'started') {
        run.started.push(record.id);
        (run.startedInfo ??= {})[record.id] = { step: record.step, node: record.node, kind: record.kind, summary: record.summary };
      }
      if (record.status === 'done') run.done.push(record.id);
      if (record.status === 'failed') run.failed.push(record.id);
      return;
    case 'check':
      if (record.acceptedRisk !== undefined) run.acceptedRisks.push({ step: record.step, check: record.id, node: record.node, reason: record.acceptedRisk });
      return;
    case 'result':
      run.result = { status: record.status, exitCode: record.exitCode, ...(record.message ? { message: record.message } : {}) };
      return;
    default:
      return;
  }
}

/** Actions recorded as started and never as done or failed: the run was cut while they ran. */
export function inFlight(run: RunSummary): string[] {
  const ended = new Set([...run.done, ...run.failed]);
  return [...new Set(run.started.filter((id) => !ended.has(id)))];
}

/** The step a run stopped in: the last one that started and did not finish. */
export function stoppedIn(run: RunSummary): RunSummary['steps'][number] | undefined {
  return [...run.steps].reverse().find((s) => s.status === 'started' || s.status === 'failed');
}

/** Did the run change anything on a node (or try to)? */
export const acted = (run: RunSummary): boolean => run.started.length > 0;

export function outcomeLabel(run: RunSummary): string {
  if (!run.result) return 'cut off (no end recorded)';
  return run.result.status;
}
