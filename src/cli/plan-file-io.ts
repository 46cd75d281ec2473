// The plan file on the jump host: written by `plan --out` / `setup --dry-run --out`,
// read by `apply`. The format and its checks live in src/plan-file; here only the I/O.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { LoadedAnswers } from '../answers/index.js';
import { canonicalJson } from '../answers/fingerprint.js';
import { describeWriteError, UsageError } from '../engine/errors.js';
import type { RunContext } from '../engine/types.js';
import { currentUser, toolVersion } from '../journal/session.js';
import { buildPlanFile, type PlanCollector } from '../plan-file/collect.js';
import { unreadPremises } from '../plan-file/compare.js';
import { planFileSchema, type PlanFile, type Premises } from '../plan-file/format.js';
import { gatherPremises } from '../plan-file/premises.js';
import { parsePlanFile, PlanFileError } from '../plan-file/read.js';
import { PreflightFailedError } from '../engine/errors.js';

/** The premises as they are now, through the context's read-only ports. */
export const premisesNow = (ctx: RunContext, loaded: LoadedAnswers): Promise<Premises> =>
  gatherPremises(ctx, { path: loaded.file, fingerprint: loaded.fingerprint, values: JSON.parse(canonicalJson(loaded.answers)) as Record<string, unknown> }, toolVersion());

export interface PlanOut {
  file: string;
  collector: PlanCollector;
  until?: number;
  acceptRisks: ReadonlyMap<string, string>;
}

/** After a dry run that passed: reads the premises, refuses a plan on facts it could not read, writes the file. */
export async function writePlanOut(out: PlanOut, ctx: RunContext, loaded: LoadedAnswers): Promise<void> {
  const premises = await premisesNow(ctx, loaded);
  const unread = unreadPremises(premises);
  if (unread.length > 0) {
    throw new PreflightFailedError('plan', unread.map((detail) => ({ id: 'plan.premises', node: null, detail, fix: 'A plan is made only on facts that were read; fix what blocks the look, then make the plan again.' })));
  }
  const plan = buildPlanFile(out.collector, premises, {
    cluster: loaded.answers.cluster.name,
    createdAt: new Date(),
    user: currentUser(),
    host: hostname(),
    ...(out.until !== undefined ? { until: out.until } : {}),
    acceptedRisks: out.acceptRisks,
  });
  // What apply will read back: a plan this version cannot read is a bug, never a file.
  planFileSchema.parse(plan);
  try {
    await writeFile(out.file, `${JSON.stringify(plan, null, 2)}\n`);
  } catch (error) {
    throw new UsageError(`cannot write the plan ${out.file}: ${describeWriteError(error)}`, 'Give --out a path in a writable directory.');
  }
}

/** The plan, and the sha256 of the file's bytes (recorded in apply's journal header). */
export async function readPlan(file: string): Promise<{ plan: PlanFile; sha256: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new PlanFileError(file, `it cannot be read (${describeWriteError(error)})`);
  }
  return { plan: parsePlanFile(text, file), sha256: createHash('sha256').update(text).digest('hex') };
}
