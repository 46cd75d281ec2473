// One run's records out of a cluster's journal: the run named by its id (or a
// unique prefix of it), else the last run the journal holds.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../engine/errors.js';
import { journalRecords } from '../journal/journal-reader.js';
import type { JournalRecord } from '../journal/records.js';

export async function readRunRecords(journalFile: string, runId?: string): Promise<JournalRecord[]> {
  let text: string;
  try {
    text = await readFile(journalFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(`No journal at ${journalFile}: this cluster has no recorded run.`, 'Pass --state-dir where the runs were journaled (or set ST_CLUSTER_STATE_DIR).');
    }
    throw error;
  }
  const runs = new Map<string, JournalRecord[]>();
  for (const record of journalRecords(text).records) {
    const list = runs.get(record.runId);
    if (list) list.push(record);
    else runs.set(record.runId, [record]);
  }
  const ids = [...runs.keys()];
  if (ids.length === 0) throw new UsageError(`The journal ${journalFile} holds no run.`);
  if (runId === undefined) return runs.get(ids[ids.length - 1]!)!;
  // Ids are <time>-<random>: the random tail is what people copy, so either end may be given.
  const matches = ids.filter((id) => id === runId || id.startsWith(runId) || id.endsWith(runId));
  if (matches.length === 1) return runs.get(matches[0]!)!;
  throw new UsageError(
    matches.length === 0 ? `No run ${runId} in ${journalFile}.` : `Run id ${runId} is ambiguous: ${matches.join(', ')}.`,
    `st-cluster history lists the runs; give a run id from it (last runs: ${ids.slice(-3).join(', ')}).`,
  );
}
