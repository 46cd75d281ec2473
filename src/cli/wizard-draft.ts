// The wizard's draft: the non-secret answers typed so far, kept from the first
// answer on so that a Ctrl-C, a closed terminal or a refused run loses no work.
// The document holds secrets only as references ("prompt", {env}, {file}): the
// values typed live in memory and never reach this file. 0600 in a 0700 dir.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Prompter } from '../ui/prompter.js';
import type { Doc } from './wizard-questions.js';

export interface Draft {
  file: string;
  doc: Doc;
  savedAt: Date;
}

export const draftPath = (stateDir: string): string => path.join(stateDir, 'wizard-draft.yaml');

export async function saveDraft(stateDir: string, doc: Doc): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = draftPath(stateDir);
  const header = '# st-cluster setup wizard: answers typed so far (never a secret value). Offered when the wizard starts again.\n';
  await writeFile(`${file}.tmp`, header + stringify(doc), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

/** The draft, or undefined when there is none (or it is not a YAML mapping). */
export async function loadDraft(stateDir: string): Promise<Draft | undefined> {
  const file = draftPath(stateDir);
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    const doc: unknown = parse(text);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
    return { file, doc: doc as Doc, savedAt: info.mtime };
  } catch {
    return undefined;
  }
}

export async function removeDraft(stateDir: string): Promise<void> {
  await rm(draftPath(stateDir), { force: true });
}

/** How many answers a draft holds (leaves), for the offer. */
export function countAnswers(doc: unknown): number {
  if (Array.isArray(doc)) return doc.reduce((n: number, item) => n + countAnswers(item), 0);
  if (typeof doc === 'object' && doc !== null) return Object.entries(doc).reduce((n, [key, value]) => n + (key === 'apiVersion' ? 0 : countAnswers(value)), 0);
  return doc === undefined ? 0 : 1;
}

export async function offerDraft(draft: Draft, prompter: Prompter): Promise<boolean> {
  return prompter.confirm({
    message: `Continue from the answers typed on ${draft.savedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC (${countAnswers(draft.doc)} answers; secrets are asked again)?`,
    default: true,
  });
}
