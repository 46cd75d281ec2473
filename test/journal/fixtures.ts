// Small literal records for the journal tests.
import type { HeaderInput } from '../../src/journal/journal-writer.js';
import type { RunSummary } from '../../src/journal/journal-reader.js';

export const header = (runId: string, extra: Partial<HeaderInput> = {}): HeaderInput => ({
  runId,
  tool: 'st-cluster',
  version: '0.0.0',
  user: 'op',
  host: 'jump',
  pid: 42,
  command: 'setup',
  flags: { resume: false, forceAnswersChange: false, parallel: 16, acceptRisk: [] },
  cluster: 'c1',
  fingerprint: 'f1',
  answers: { cluster: { name: 'c1' } },
  ...extra,
});

/** A run summary as the reader would build it. */
export function run(runId: string, extra: Partial<RunSummary> = {}): RunSummary {
  return {
    runId,
    header: { v: 1, type: 'header', at: '2026-01-01T00:00:00.000Z', ...header(runId) },
    startedAt: '2026-01-01T00:00:00.000Z',
    lastAt: '2026-01-01T00:01:00.000Z',
    steps: [],
    started: [],
    done: [],
    failed: [],
    acceptedRisks: [],
    ...extra,
  };
}
