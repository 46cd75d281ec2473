// Before the wizard asks anything (or, without an answers file, as soon as it knows
// the cluster): is a run of this cluster unfinished? Then the operator decides here,
// not after every question and the dry run, whether to continue it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { UsageError } from '../engine/errors.js';
import { answersFingerprint, canonicalJson, diffAnswersKeys, resolveLocalPath, type Answers, type LoadedAnswers } from '../answers/index.js';
import { readJournal } from '../journal/journal-reader.js';
import { clusterPaths } from '../journal/records.js';
import { describeRun, openRun } from '../journal/resume-policy.js';
import type { Prompter } from '../ui/prompter.js';
import type { Ref } from './wizard-save.js';

export interface Unfinished {
  description: string;
  fingerprint: string | undefined;
  answers: unknown;
}

export async function unfinishedRun(stateDir: string, cluster: unknown): Promise<Unfinished | undefined> {
  if (typeof cluster !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(cluster)) return undefined;
  const { runs } = await readJournal(clusterPaths(stateDir, cluster).journal).catch(() => ({ runs: [] }));
  const open = openRun(runs);
  return open ? { description: describeRun(open), fingerprint: open.header?.fingerprint, answers: open.header?.answers } : undefined;
}

/** true: continue it (--resume); false: the operator declined, nothing may start over it. */
export async function offerResume(unfinished: Unfinished, prompter: Prompter, write: (text: string) => void): Promise<boolean> {
  write(`\nThe last run of this cluster did not finish: ${unfinished.description}.\n`);
  return prompter.confirm({ message: 'Continue it (finished steps are verified again before they are skipped)?', default: true });
}

/** The keys the answers changed since the unfinished run began, or [] when they are the same. */
export function changedSince(unfinished: Unfinished, loaded: LoadedAnswers): string[] {
  if (!unfinished.fingerprint || unfinished.fingerprint === loaded.fingerprint) return [];
  const keys = diffAnswersKeys(unfinished.answers as Answers, JSON.parse(canonicalJson(loaded.answers)) as Answers);
  return keys.length > 0 ? keys : ['(the answers fingerprint)'];
}


/**
 * The answers as the saved file states them: a secret typed in the wizard is, from now
 * on, the reference the file holds, so that the file resumes the run it starts. The
 * typed values stay resolved (and cached) in the resolver.
 */
export async function withSavedRefs(loaded: LoadedAnswers, refs: ReadonlyMap<string, Ref>): Promise<LoadedAnswers> {
  if (refs.size === 0) return loaded;
  for (const key of refs.keys()) await loaded.secrets.get(key as 'database.password' | 'admin.password');
  const answers = structuredClone(loaded.answers);
  for (const [key, ref] of refs) {
    if (key === 'database.password') answers.database.password = ref;
    if (key === 'admin.password') answers.admin.password = ref;
  }
  return { ...loaded, answers, fingerprint: answersFingerprint(answers) };
}

/** cluster.name and cluster.stateDir (made absolute) of an answers file as written, before anything is asked or resolved. */
export async function rawCluster(file: string): Promise<{ name: unknown; stateDir?: string }> {
  try {
    const doc: unknown = parse(await readFile(file, 'utf8'));
    const cluster = (doc as { cluster?: { name?: unknown; stateDir?: unknown } } | null)?.cluster;
    const stateDir = typeof cluster?.stateDir === 'string' && cluster.stateDir !== '' ? resolveLocalPath(cluster.stateDir, path.dirname(path.resolve(file))) : undefined;
    return { name: cluster?.name, ...(stateDir ? { stateDir } : {}) };
  } catch {
    return { name: undefined };
  }
}

export function declinedResume(unfinished: Unfinished): UsageError {
  return new UsageError(
    `The last run did not finish (${unfinished.description}); a new run may not start over it. Nothing was changed.`,
    'Run the wizard again and continue that run, or st-cluster setup --answers FILE --yes --resume.',
  );
}
