// From nothing (or a partial answers file) to loaded answers: ask for the gaps,
// then run the completed document through the normal loader, so the wizard's
// answers obey exactly the rules of a file. What the cross-field rules refuse is
// shown and asked again.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { AnswersError, parseAnswersText, type AnswersIssue, type LoadedAnswers } from '../answers/index.js';
import { fillAnswers, setValue, type FillContext } from './wizard-fill.js';
import { clusterQuestions, laterQuestions, nodeQuestions, type Doc } from './wizard-questions.js';

export interface Collected {
  loaded: LoadedAnswers;
  /** The completed document as typed (secrets as references). */
  doc: Doc;
  /** Where the answers live or would be saved: relative paths resolve from its directory. */
  file: string;
  asked: number;
}

const MAX_ROUNDS = 5;

/** The raw mapping of an answers file; an absent file is an empty start. */
async function readRaw(file: string | undefined): Promise<Doc> {
  if (!file) return {};
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const parsed = parseDocument(text);
  // A file that is not even YAML is not the wizard's to guess at: the loader says where.
  if (parsed.errors.length > 0) await parseAnswersText(text, file, { canPrompt: true });
  const value: unknown = parsed.toJS();
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Doc) : {};
}

/** initial: where to start when there is no answers file (the wizard's draft). */
export async function collectAnswers(answersFile: string | undefined, ctx: FillContext, initial?: Doc): Promise<Collected> {
  const file = path.resolve(ctx.cwd, answersFile ?? 'st-cluster.yaml');
  const doc = answersFile || !initial ? await readRaw(answersFile ? file : undefined) : structuredClone(initial);
  let asked = 0;
  for (let round = 1; ; round += 1) {
    asked += await fillAnswers(doc, ctx);
    try {
      const loaded = await parseAnswersText(stringify(doc), file, { canPrompt: true, env: ctx.env });
      loaded.secrets.setPrompt(async ({ keyPath, message }) => ctx.secrets.get(keyPath) ?? ctx.prompter.secret({ message: `${message} (not shown)` }));
      return { loaded, doc, file, asked };
    } catch (error) {
      if (!(error instanceof AnswersError) || round >= MAX_ROUNDS) throw error;
      if (!forgetRefused(doc, error.issues, ctx)) throw error;
    }
  }
}

/** Every question key of this document, node keys expanded ("nodes.0.name" …). */
function questionKeys(doc: Doc): string[] {
  const nodes = Array.isArray(doc.nodes) ? doc.nodes.length : 0;
  const nodeKeys = Array.from({ length: nodes }, (_, i) => nodeQuestions.map((q) => q.key.replace('#', String(i)))).flat();
  return [...clusterQuestions.map((q) => q.key), ...nodeKeys, ...laterQuestions.map((q) => q.key)];
}

/**
 * Removes the answers the loader refused so that they are asked again. Returns
 * false when an issue is not about a question (an unknown key in the file, say):
 * only the file's author can fix that.
 */
export function forgetRefused(doc: Doc, issues: readonly AnswersIssue[], ctx: Pick<FillContext, 'write' | 'secrets'>): boolean {
  const keys = questionKeys(doc);
  const forget: string[] = [];
  for (const issue of issues) {
    const exact = keys.filter((k) => issue.keyPath === k || issue.keyPath.startsWith(`${k}.`));
    const inside = keys.some((k) => k.startsWith(`${issue.keyPath}.`));
    if (exact.length > 0) forget.push(...exact);
    else if (issue.keyPath !== '' && inside) forget.push(issue.keyPath);
    else return false;
  }
  ctx.write('\nThese answers do not fit together yet; they are asked again:\n');
  for (const issue of issues) ctx.write(`  ✖ ${issue.keyPath}: ${issue.message}${issue.fix ? ` (fix: ${issue.fix})` : ''}\n`);
  for (const key of new Set(forget)) {
    setValue(doc, key.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)), undefined);
    ctx.secrets.delete(key);
  }
  return true;
}
